#include "support/server_process.hpp"

#include <cstdlib>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <httplib.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

namespace test_env {

namespace {

std::string binary() {
  const char* b = std::getenv("P2P_BINARY");
  if (!b || !*b)
    throw std::runtime_error("P2P_BINARY is not set (run the e2e tests through ctest)");
  return b;
}

pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& log_path) {
  pid_t pid = ::fork();
  if (pid != 0)
    return pid;
  int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  ::dup2(fd, 1);
  ::dup2(fd, 2);
  ::close(fd);
  for (const auto& [k, v] : env)
    ::setenv(k.c_str(), v.c_str(), 1);
  // The test runner blocks no signals the child needs, but be explicit.
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  std::vector<char*> argv;
  std::string bin = binary();
  argv.push_back(bin.data());
  std::vector<std::string> copy = args;
  for (auto& a : copy)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(bin.c_str(), argv.data());
  ::_exit(127);
}

std::string read_file(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

std::string temp_path(const char* stem) {
  return "/tmp/p2p-" + std::string(stem) + "-" + std::to_string(::getpid()) + "-" +
         std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".log";
}

}  // namespace

int run_binary(const std::vector<std::string>& args, std::string& output,
               const std::map<std::string, std::string>& env) {
  auto log = temp_path("run");
  pid_t pid = spawn(args, env, log);
  int status = 0;
  ::waitpid(pid, &status, 0);
  output = read_file(log);
  ::unlink(log.c_str());
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int free_port() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  addr.sin_port = 0;
  ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
  socklen_t len = sizeof addr;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  int port = ntohs(addr.sin_port);
  ::close(fd);
  return port;
}

server_process::server_process(std::map<std::string, std::string> env, std::vector<std::string> extra_args)
    : env_(std::move(env)), args_(std::move(extra_args)), log_path_(temp_path("server")) {}

server_process::~server_process() {
  if (pid_ > 0)
    stop(std::chrono::seconds(5));
  if (!std::getenv("P2P_KEEP_SERVER_LOGS"))  // set it to read a failed run's server log
    ::unlink(log_path_.c_str());
}

bool server_process::start(std::chrono::seconds limit) {
  port_ = free_port();
  auto env = env_;
  env["P2P_HTTP_PORT"] = std::to_string(port_);
  env.emplace("P2P_HTTP_HOST", "127.0.0.1");
  std::vector<std::string> args = args_;
  args.push_back("serve");
  pid_ = spawn(args, env, log_path_);
  auto until = std::chrono::steady_clock::now() + limit;
  httplib::Client cli("127.0.0.1", port_);
  cli.set_connection_timeout(0, 200000);
  while (std::chrono::steady_clock::now() < until) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return false;  // exited during startup
    }
    if (auto res = cli.Get("/health/live"); res && res->status == 200)
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return false;
}

void server_process::signal(int sig) {
  if (pid_ > 0)
    ::kill(pid_, sig);
}

int server_process::stop(std::chrono::seconds limit) {
  if (pid_ <= 0)
    return -1;
  ::kill(pid_, SIGTERM);
  auto until = std::chrono::steady_clock::now() + limit;
  int status = 0;
  while (std::chrono::steady_clock::now() < until) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
  return -1;
}

std::string server_process::log() const { return read_file(log_path_); }

}  // namespace test_env
