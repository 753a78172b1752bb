#include "support/server_process.hpp"

#include <cstdlib>
#include <fstream>
#include <set>
#include <string_view>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <dirent.h>
#include <fcntl.h>
#include <httplib.h>
#include <signal.h>
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

// Everything the child needs (argv, the environment, the log's file descriptor) is made before
// fork(): the test process has other threads (mongoc's monitors, CAF's workers), and a child
// of a threaded process may only make async-signal-safe calls until it execs, or it can crash
// or deadlock on a lock another thread held at the fork.
pid_t spawn(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
            const std::string& log_path) {
  std::string bin = binary();
  std::vector<std::string> arg_text = args;
  std::vector<char*> argv{bin.data()};
  for (auto& a : arg_text)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  std::map<std::string, std::string> merged;
  for (char** e = environ; *e; ++e) {
    const std::string_view kv(*e);
    const auto eq = kv.find('=');
    if (eq != std::string_view::npos)
      merged.emplace(std::string(kv.substr(0, eq)), std::string(kv.substr(eq + 1)));
  }
  for (const auto& [k, v] : env)
    merged[k] = v;
  std::vector<std::string> env_text;
  for (const auto& [k, v] : merged)
    env_text.push_back(k + "=" + v);
  std::vector<char*> envp;
  for (auto& e : env_text)
    envp.push_back(e.data());
  envp.push_back(nullptr);
  const int fd = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  sigset_t none;
  sigemptyset(&none);

  const pid_t pid = ::fork();
  if (pid != 0) {
    if (fd >= 0)
      ::close(fd);
    return pid;
  }
  // The child: async-signal-safe calls only (dup2 clears O_CLOEXEC on the copies).
  if (fd >= 0) {
    ::dup2(fd, 1);
    ::dup2(fd, 2);
  }
  // The test runner blocks no signals the child needs, but be explicit.
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ::execve(bin.c_str(), argv.data(), envp.data());
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

std::vector<int> listening_ports(pid_t pid) {
  // The socket inodes the process holds (/proc/<pid>/fd/N -> "socket:[inode]") ...
  std::set<std::string> inodes;
  const std::string fd_dir = "/proc/" + std::to_string(pid) + "/fd";
  if (DIR* d = ::opendir(fd_dir.c_str())) {
    while (const dirent* e = ::readdir(d)) {
      char target[128] = {0};
      const std::string link = fd_dir + "/" + e->d_name;
      const ssize_t n = ::readlink(link.c_str(), target, sizeof target - 1);
      const std::string_view t(target, n > 0 ? static_cast<size_t>(n) : 0);
      if (t.size() > 9 && t.substr(0, 8) == "socket:[" && t.back() == ']')
        inodes.emplace(t.substr(8, t.size() - 9));
    }
    ::closedir(d);
  }
  // ... and the IPv4 TCP sockets in state LISTEN (0A) among them: "sl local rem st ... inode".
  std::vector<int> ports;
  std::ifstream tcp("/proc/net/tcp");
  std::string line;
  std::getline(tcp, line);  // the header
  while (std::getline(tcp, line)) {
    std::istringstream fields(line);
    std::string slot, local, remote, state, queues, timer, retransmits, uid, timeout, inode;
    fields >> slot >> local >> remote >> state >> queues >> timer >> retransmits >> uid >> timeout >> inode;
    const auto colon = local.find(':');
    if (state == "0A" && colon != std::string::npos && inodes.count(inode))
      ports.push_back(std::stoi(local.substr(colon + 1), nullptr, 16));
  }
  return ports;
}

server_process::server_process(std::map<std::string, std::string> env, std::vector<std::string> extra_args)
    : env_(std::move(env)), args_(std::move(extra_args)), log_path_(temp_path("server")) {}

server_process::~server_process() {
  if (pid_ > 0)
    stop(std::chrono::seconds(5));
  if (!std::getenv("P2P_KEEP_SERVER_LOGS"))  // set it to read a failed run's server log
    ::unlink(log_path_.c_str());
}

// The server binds the port itself (P2P_HTTP_PORT=0, unless the caller set one: any free port),
// and the port is read back from the kernel's table of the child's listening sockets. Nothing is bound, closed and bound
// again, so no other process can take the port in between, and a /health/live answer can only
// come from this child.
bool server_process::start(std::chrono::seconds limit) {
  port_ = 0;
  auto env = env_;
  env.emplace("P2P_HTTP_PORT", "0");  // a port given in the environment is kept (a restart comes back on it)
  env.emplace("P2P_HTTP_HOST", "127.0.0.1");
  std::vector<std::string> args = args_;
  args.push_back("serve");
  pid_ = spawn(args, env, log_path_);
  const auto until = std::chrono::steady_clock::now() + limit;
  while (std::chrono::steady_clock::now() < until) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      // Exited during startup: say how, below whatever it printed.
      std::ofstream(log_path_, std::ios::app)
          << "\n[server_process] the service exited during startup: "
          << (WIFEXITED(status) ? "exit code " + std::to_string(WEXITSTATUS(status))
                                : "signal " + std::to_string(WTERMSIG(status)))
          << "\n";
      return false;
    }
    for (const int port : listening_ports(pid_)) {
      httplib::Client cli("127.0.0.1", port);
      cli.set_connection_timeout(0, 200000);
      if (auto res = cli.Get("/health/live"); res && res->status == 200) {
        port_ = port;
        return true;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));  // poll interval, not a wait for an event
  }
  std::ofstream(log_path_, std::ios::app) << "\n[server_process] /health/live did not answer within "
                                          << limit.count() << " s\n";
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

double server_process::cpu_seconds() const {
  if (pid_ <= 0)
    return -1;
  // "pid (comm) state ppid ...": utime and stime are the 12th and 13th fields after the
  // closing parenthesis (comm may hold spaces).
  const std::string stat = read_file("/proc/" + std::to_string(pid_) + "/stat");
  const auto close = stat.rfind(')');
  if (close == std::string::npos)
    return -1;
  std::istringstream rest(stat.substr(close + 1));
  std::string field;
  long long utime = 0, stime = 0;
  for (int i = 1; i <= 13 && rest >> field; ++i) {
    if (i == 12)
      utime = std::stoll(field);
    if (i == 13)
      stime = std::stoll(field);
  }
  return static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
}

}  // namespace test_env
