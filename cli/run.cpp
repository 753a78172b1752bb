#include "cli/run.hpp"

#include <cstdio>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "app/service.hpp"
#include "cli/commands.hpp"
#include "cli/logging.hpp"
#include "config/settings.hpp"

namespace cli {

int run(int argc, char** argv, app::test_hooks* hooks) {
  CLI::App app{"p2p-backend: the data backend of the P2P Sandbox"};
  app.require_subcommand(1);
  std::string config_path;
  std::optional<std::string> log_format, log_level;
  app.add_option("--config", config_path, "configuration file (JSON); built-in defaults when absent")
      ->check(CLI::ExistingFile);
  app.add_option("--log-format", log_format, "text or json (overrides config and P2P_LOG_FORMAT)")
      ->check(CLI::IsMember({"text", "json"}));
  app.add_option("--log-level", log_level, "trace|debug|info|warn|error|critical|off")
      ->check(CLI::IsMember({"trace", "debug", "info", "warn", "error", "critical", "off"}));

  auto* serve_cmd = app.add_subcommand("serve", "serve the HTTP API until SIGINT or SIGTERM");
  auto* config_cmd = app.add_subcommand("config", "inspect the configuration");
  config_cmd->require_subcommand(1);
  auto* show_cmd = config_cmd->add_subcommand("show", "print the effective configuration, passwords redacted");
  auto* version_cmd = app.add_subcommand("version", "print the version");
  cli::migrate_options migrate_opts;
  auto* migrate_cmd = cli::add_migrate_command(app, migrate_opts);
  cli::seed_command_options seed_opts;
  auto* seed_cmd = cli::add_seed_command(app, seed_opts);

  CLI11_PARSE(app, argc, argv);

  if (version_cmd->parsed()) {
    std::printf("p2p-backend %s\n", P2P_VERSION);
    return 0;
  }

  auto loaded = config::load_settings(config_path, config::process_environment());
  if (!loaded.is_ok()) {
    std::fprintf(stderr, "p2p-backend: invalid configuration %s\n", loaded.get_status().message().c_str());
    return 2;
  }
  auto& settings = loaded.value();
  if (log_format)
    settings.log.format = *log_format;
  if (log_level)
    settings.log.level = *log_level;
  if (serve_cmd->parsed())
    app::block_stop_signals();
  cli::setup_logging(settings.log.level, settings.log.format);

  if (show_cmd->parsed()) {
    std::cout << config::to_redacted_json(settings) << "\n";
    return 0;
  }
  if (serve_cmd->parsed())
    return cli::serve(settings, hooks);
  if (migrate_cmd->parsed())
    return cli::migrate(settings, migrate_opts);
  if (seed_cmd->parsed())
    return cli::seed(settings, seed_opts);
  return 2;
}

}  // namespace cli
