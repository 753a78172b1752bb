#include "support/edge_process.hpp"

#include <fstream>
#include <sstream>
#include <thread>

#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/raw_client.hpp"
#include "support/server_process.hpp"

namespace test_env {

namespace {

std::string read_all(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

edge_process::~edge_process() {
  stop();
  if (!dir_.empty() && !std::getenv("P2P_KEEP_SERVER_LOGS"))
    (void)!std::system(("rm -rf '" + dir_ + "'").c_str());
}

bool edge_process::start(const std::vector<int>& upstream_ports, std::string& error, const edge_options& o) {
  char tmpl[] = "/tmp/p2p-edge-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    error = "mkdtemp failed";
    return false;
  }
  dir_ = tmpl;
  ::chmod(dir_.c_str(), 0755);
  port_ = free_port();
  std::string cmd = std::string(P2P_SOURCE_DIR) + "/scripts/edge-config --out '" + dir_ + "' --listen 127.0.0.1:" +
                    std::to_string(port_) + " --trusted 127.0.0.1";
  for (int p : upstream_ports)
    cmd += " --upstream 127.0.0.1:" + std::to_string(p);
  for (const auto& a : o.extra_args)
    cmd += " " + a;
  cmd += " > '" + dir_ + "/render.log' 2>&1";
  if (std::system(cmd.c_str()) != 0) {
    error = "scripts/edge-config failed: " + read_all(dir_ + "/render.log");
    return false;
  }
  pid_ = ::fork();
  if (pid_ == 0) {
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, nullptr);
    const std::string conf = dir_ + "/nginx.conf", log = dir_ + "/edge-error.log";
    ::execlp("nginx", "nginx", "-p", dir_.c_str(), "-c", conf.c_str(), "-e", log.c_str(), "-g", "daemon off;",
             static_cast<char*>(nullptr));
    ::_exit(127);
  }
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (std::chrono::steady_clock::now() < until) {
    int status = 0;
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      error = "nginx exited: " + error_log();
      return false;
    }
    raw_socket s;
    if (s.connect(port_))
      return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  error = "nginx did not listen within 10 s: " + error_log();
  return false;
}

void edge_process::stop() {
  if (pid_ <= 0)
    return;
  ::kill(pid_, SIGQUIT);
  int status = 0;
  for (int i = 0; i < 100; ++i) {
    if (::waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(pid_, SIGKILL);
  ::waitpid(pid_, &status, 0);
  pid_ = -1;
}

std::string edge_process::access_log() const { return read_all(dir_ + "/edge-access.log"); }
std::string edge_process::error_log() const { return read_all(dir_ + "/edge-error.log"); }

}  // namespace test_env
