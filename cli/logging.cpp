#include "cli/logging.hpp"

#include <cstdio>
#include <cstdlib>
#include <memory>

#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>
#include <spdlog/pattern_formatter.h>
#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include "http/transport/log_text.hpp"

namespace cli {

namespace {

// %* : the message as a JSON string literal, escaped, so a log line is always valid JSON.
class json_message_flag : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    auto text = nlohmann::json(std::string(msg.payload.data(), msg.payload.size()))
                    .dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<json_message_flag>();
  }
};

// %* in text lines: the message with control characters escaped (\n, \r, \t, \xNN), so text
// that came from a client (a path, a header) can never end the line and forge the next one.
class escaped_message_flag : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const auto text = http::escape_controls(std::string_view(msg.payload.data(), msg.payload.size()));
    dest.append(text.data(), text.data() + text.size());
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<escaped_message_flag>();
  }
};

// %~ : the level as a syslog priority prefix ("<6>" for info), which journald reads as the
// line's priority and strips (sd-daemon(3)).
class priority_prefix_flag : public spdlog::custom_flag_formatter {
public:
  void format(const spdlog::details::log_msg& msg, const std::tm&, spdlog::memory_buf_t& dest) override {
    const char* p = "<6>";
    switch (msg.level) {
      case spdlog::level::trace:
      case spdlog::level::debug: p = "<7>"; break;
      case spdlog::level::info: p = "<6>"; break;
      case spdlog::level::warn: p = "<4>"; break;
      case spdlog::level::err: p = "<3>"; break;
      case spdlog::level::critical: p = "<2>"; break;
      default: break;
    }
    dest.append(p, p + 3);
  }
  std::unique_ptr<custom_flag_formatter> clone() const override {
    return std::make_unique<priority_prefix_flag>();
  }
};

}  // namespace

bool stderr_is_journal() {
  // systemd sets JOURNAL_STREAM=device:inode of the stream it connected; only when stderr is
  // still that stream (not redirected by whoever started us) is it the journal.
  const char* stream = std::getenv("JOURNAL_STREAM");
  unsigned long long dev = 0, ino = 0;
  if (!stream || std::sscanf(stream, "%llu:%llu", &dev, &ino) != 2)
    return false;
  struct stat st{};
  return ::fstat(STDERR_FILENO, &st) == 0 && st.st_dev == dev && st.st_ino == ino;
}

void setup_logging(const std::string& level, const std::string& format) {
  auto logger = std::make_shared<spdlog::logger>("p2p", std::make_shared<spdlog::sinks::stderr_sink_mt>());
  const bool journal = stderr_is_journal();
  auto formatter = std::make_unique<spdlog::pattern_formatter>(spdlog::pattern_time_type::utc);
  formatter->add_flag<priority_prefix_flag>('~');
  if (format == "json") {
    // JSON keeps its ts field in the journal too: it is data for a log shipper, not decoration.
    formatter->add_flag<json_message_flag>('*').set_pattern(
        std::string(journal ? "%~" : "") + R"({"ts":"%Y-%m-%dT%H:%M:%S.%eZ","level":"%l","thread":%t,"msg":%*})");
  } else {
    // The journal stamps every line itself: no second timestamp, and no colour codes.
    formatter->add_flag<escaped_message_flag>('*').set_pattern(journal ? "%~%-5l %*" : "%Y-%m-%dT%H:%M:%S.%e %^%-5l%$ %*");
  }
  logger->set_formatter(std::move(formatter));
  logger->set_level(spdlog::level::from_str(level));
  logger->flush_on(spdlog::level::warn);
  spdlog::set_default_logger(std::move(logger));
  spdlog::flush_every(std::chrono::seconds(1));
}

}  // namespace cli
