// What `serve` tells a service manager (systemd, Type=notify), from threads of its own that use
// the service the way a client does, over loopback HTTP (app/front_probe.hpp):
//
//   READY=1     once GET /health/ready answers 200. serve starts this only after both stores
//               were connected and their migrations checked and the front was bound, so
//               READY=1 means all of that and that the front and the actors answer.
//   STATUS=     "serving; postgres up; mongodb reconnecting", from GET /health every
//               `status_every`, sent when it changes; "; watchdog: ..." while pings are held.
//   WATCHDOG=1  every half of WATCHDOG_USEC, each only after GET /health/live (an HTTP thread
//               and the health actor on the CAF scheduler) answered 200 within a quarter of
//               WATCHDOG_USEC; a failed probe is retried every tenth of it. A wedged scheduler
//               or a stuck front stops the pings, and the manager kills and restarts the process
//               once WATCHDOG_USEC passed without one. A store outage does not stop them:
//               /health/live touches no store.
//   STOPPING=1  from stopping(); the watchdog thread ends (systemd stops watching then too).
//
// Without NOTIFY_SOCKET nothing starts: no thread, no probe, no datagram.
// Thread-safe: stopping() may be called from any thread, once or more.
#pragma once

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "app/front_probe.hpp"

namespace app {

class supervision {
public:
  supervision(const std::string& host, int port,
              std::chrono::milliseconds status_every = std::chrono::seconds(5));
  ~supervision();  // stops and joins the threads
  supervision(const supervision&) = delete;
  supervision& operator=(const supervision&) = delete;

  // Starts the readiness/status thread and, when WATCHDOG_USEC asks for it, the watchdog.
  void start();
  // STOPPING=1 with STATUS=`why`; ends the threads without waiting for them.
  void stopping(const std::string& why);

private:
  void readiness_and_status();
  void watchdog(std::chrono::microseconds timeout);
  // Sleeps until `until` or stop; false on stop.
  bool wait_until(std::chrono::steady_clock::time_point until);
  bool wait_for(std::chrono::steady_clock::duration d) { return wait_until(std::chrono::steady_clock::now() + d); }
  // Sends STATUS= from the latest health summary and watchdog note, when it changed.
  void publish_status();

  front_probe probe_;
  std::chrono::milliseconds status_every_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stop_ = false;                 // guarded by mutex_
  bool ready_ = false;                // guarded by mutex_
  std::string health_;                // guarded by mutex_
  std::string watchdog_note_;         // guarded by mutex_
  std::string last_status_;           // guarded by mutex_
  std::thread status_thread_, watchdog_thread_;
};

}  // namespace app
