// Process-wide logging: human-readable lines by default, JSON lines with --log-format json;
// fitted to the journal when systemd runs the process.
#pragma once

#include <string>

namespace cli {

// Replaces spdlog's default logger (stderr). `level` and `format` were validated by config.
// When stderr is the journal (stderr_is_journal()), every line starts with its syslog priority
// ("<3>" for error), which journald turns into the entry's priority, and text lines carry no
// timestamp of their own (the journal has one).
void setup_logging(const std::string& level, const std::string& format);

// Whether stderr is the stream systemd connected to the journal (JOURNAL_STREAM matches it).
bool stderr_is_journal();

}  // namespace cli
