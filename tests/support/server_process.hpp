// The real p2p-backend binary (P2P_BINARY, set by CTest) run as a child process for end-to-end
// tests: started on a loopback port it binds itself, waited for until /health/live answers,
// stopped with SIGTERM. Its standard output and error go to a log file the test can read.
#pragma once

#include <chrono>
#include <map>
#include <string>
#include <vector>

#include <sys/types.h>

namespace test_env {

// Runs the binary with `args` and extra environment; returns the exit code, with stdout and
// stderr together in `output`.
int run_binary(const std::vector<std::string>& args, std::string& output,
               const std::map<std::string, std::string>& env = {});

class server_process {
public:
  explicit server_process(std::map<std::string, std::string> env = {}, std::vector<std::string> extra_args = {});
  ~server_process();
  server_process(const server_process&) = delete;
  server_process& operator=(const server_process&) = delete;

  // Starts and waits (up to `limit`) until /health/live answers 200; false on failure.
  bool start(std::chrono::seconds limit = std::chrono::seconds(60));
  // SIGTERM, then waits up to `limit` for the exit; the exit code, or -1 on a timeout (then
  // the process is killed).
  int stop(std::chrono::seconds limit = std::chrono::seconds(20));
  // Sends `sig` without waiting.
  void signal(int sig);

  int port() const { return port_; }
  pid_t pid() const { return pid_; }
  std::string log() const;  // everything the process printed so far
  // CPU time (user + system, all threads) the process has used so far, from /proc/<pid>/stat;
  // -1 when it is not running. Resolution: one clock tick (10 ms).
  double cpu_seconds() const;

private:
  std::map<std::string, std::string> env_;
  std::vector<std::string> args_;
  std::string log_path_;
  int port_ = 0;
  pid_t pid_ = -1;
};

// The TCP ports (IPv4) on which process `pid` listens, from /proc/<pid>/fd and /proc/net/tcp.
std::vector<int> listening_ports(pid_t pid);

}  // namespace test_env
