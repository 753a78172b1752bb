#include "support/service_child.hpp"

#include <cstdlib>
#include <fstream>
#include <signal.h>
#include <sstream>
#include <stdexcept>
#include <thread>

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace test_env {

namespace {

std::string replace_all(std::string s, const std::string& from, const std::string& to) {
  for (auto at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

}  // namespace

service_child::service_child(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                             const std::vector<std::string>& unset) {
  // A test fault exists only in the testable build (tests/hooks/test_faults.hpp).
  const char* which = env.count("P2P_TEST_FAULT") ? "P2P_TESTABLE_BINARY" : "P2P_BINARY";
  const char* bin = std::getenv(which);
  if (!bin || !*bin)
    throw std::runtime_error(std::string(which) + " is not set (run the tests through ctest)");
  log_path_ = "/tmp/p2p-child-" + std::to_string(::getpid()) + "-" +
              std::to_string(std::chrono::steady_clock::now().time_since_epoch().count()) + ".log";
  const int fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0)
    throw std::runtime_error("service_child: cannot create " + log_path_);
  struct stat st{};
  ::fstat(fd, &st);
  const std::string stream = std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino);

  pid_ = ::fork();
  if (pid_ != 0) {
    ::close(fd);
    return;
  }
  ::dup2(fd, 1);
  ::dup2(fd, 2);
  for (const auto& k : unset)
    ::unsetenv(k.c_str());
  const auto self = std::to_string(::getpid());
  for (const auto& [k, v] : env)
    ::setenv(k.c_str(), replace_all(replace_all(v, "{pid}", self), "{log_stream}", stream).c_str(), 1);
  sigset_t none;
  sigemptyset(&none);
  sigprocmask(SIG_SETMASK, &none, nullptr);
  std::vector<std::string> copy = args;
  std::vector<char*> argv{const_cast<char*>(bin)};
  for (auto& a : copy)
    argv.push_back(a.data());
  argv.push_back(nullptr);
  ::execv(bin, argv.data());
  ::_exit(127);
}

service_child::~service_child() {
  if (pid_ > 0 && exit_code_ == -1 && wait_exit(std::chrono::milliseconds(0)) == -1) {
    ::kill(pid_, SIGKILL);
    int status = 0;
    ::waitpid(pid_, &status, 0);
  }
  if (!std::getenv("P2P_KEEP_SERVER_LOGS"))
    ::unlink(log_path_.c_str());
}

std::string service_child::log() const {
  std::ifstream in(log_path_);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

void service_child::signal(int sig) const {
  if (pid_ > 0 && exit_code_ == -1)
    ::kill(pid_, sig);
}

int service_child::wait_exit(std::chrono::milliseconds limit) {
  if (exit_code_ != -1)
    return exit_code_;
  const auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      exit_code_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
      return exit_code_;
    }
    if (std::chrono::steady_clock::now() >= until)
      return -1;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

std::optional<std::chrono::steady_clock::time_point> service_child::wait_for_log(const std::string& text,
                                                                                std::chrono::milliseconds limit) const {
  const auto until = std::chrono::steady_clock::now() + limit;
  for (;;) {
    if (log().find(text) != std::string::npos)
      return std::chrono::steady_clock::now();
    if (std::chrono::steady_clock::now() >= until)
      return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
}

}  // namespace test_env
