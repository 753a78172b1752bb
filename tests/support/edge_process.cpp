#include "support/edge_process.hpp"

#include <fstream>
#include <sstream>
#include <thread>

#include <signal.h>
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

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

namespace {

// A loopback port nothing listened on a moment ago. nginx cannot be told to bind port 0 and
// report the port, so the edge takes one of these and, when nginx fails to bind it (someone
// took it in between), retries with another: see edge_process::start.
int unused_port() {
  const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  socklen_t len = sizeof addr;
  int port = 0;
  if (fd >= 0 && ::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0 &&
      ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0)
    port = ntohs(addr.sin_port);
  if (fd >= 0)
    ::close(fd);
  return port;
}

bool listens_on(pid_t pid, int port) {
  for (const int p : listening_ports(pid))
    if (p == port)
      return true;
  return false;
}

}  // namespace

// Up to five ports: a port another process took between unused_port() and nginx's bind makes
// nginx exit at once, and the next try takes another. The edge counts as started only once the
// nginx master itself holds the listening socket (so a connect can never reach someone else's).
bool edge_process::start(const std::vector<int>& upstream_ports, std::string& error, const edge_options& o) {
  char tmpl[] = "/tmp/p2p-edge-XXXXXX";
  if (!::mkdtemp(tmpl)) {
    error = "mkdtemp failed";
    return false;
  }
  dir_ = tmpl;
  ::chmod(dir_.c_str(), 0755);
  for (int attempt = 1; attempt <= 5; ++attempt) {
    port_ = unused_port();
    tls_port_ = 0;
    while (!o.tls_cert.empty() && port_ > 0 && (tls_port_ == 0 || tls_port_ == port_))
      if ((tls_port_ = unused_port()) <= 0)
        break;
    if (port_ <= 0 || (!o.tls_cert.empty() && tls_port_ <= 0)) {
      error = "no free loopback port";
      return false;
    }
    std::string cmd = std::string(P2P_SOURCE_DIR) + "/scripts/edge-config --out '" + dir_ + "' --listen 127.0.0.1:" +
                      std::to_string(port_) + " --trusted 127.0.0.1";
    for (int p : upstream_ports)
      cmd += " --upstream 127.0.0.1:" + std::to_string(p);
    for (const auto& a : o.extra_args)
      cmd += " " + a;
    if (tls_port_)
      cmd += " --tls-cert '" + o.tls_cert + "' --tls-key '" + o.tls_key + "' --tls-listen 127.0.0.1:" +
             std::to_string(tls_port_);
    cmd += " > '" + dir_ + "/render.log' 2>&1";
    if (std::system(cmd.c_str()) != 0) {
      error = "scripts/edge-config failed: " + read_all(dir_ + "/render.log");
      return false;
    }
    const std::string conf = dir_ + "/nginx.conf", log = dir_ + "/edge-error.log";
    sigset_t none;
    sigemptyset(&none);
    pid_ = ::fork();
    if (pid_ == 0) {
      sigprocmask(SIG_SETMASK, &none, nullptr);
      ::execlp("nginx", "nginx", "-p", dir_.c_str(), "-c", conf.c_str(), "-e", log.c_str(), "-g", "daemon off;",
               static_cast<char*>(nullptr));
      ::_exit(127);
    }
    bool exited = false;
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (std::chrono::steady_clock::now() < until) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        pid_ = -1;
        exited = true;
        break;
      }
      if (listens_on(pid_, port_) && (tls_port_ == 0 || listens_on(pid_, tls_port_)))
        return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    if (!exited) {
      error = "nginx did not listen within 10 s: " + error_log();
      return false;
    }
    error = "nginx exited: " + error_log();
    if (error.find("Address already in use") == std::string::npos)
      return false;  // any other failure is not the port's
  }
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
