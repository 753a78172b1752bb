# Sourced by scripts/stack: PgBouncer 1.18 (Debian's), in transaction mode between the service
# instances and the application's PostgreSQL (docs/deployment.md, "PgBouncer"). It listens on
# 127.0.0.1:P2P_PGBOUNCER_PORT and forwards every database to 127.0.0.1:P2P_PG_PORT.
#
# Files: pgbouncer.ini and the auth file in var/pgbouncer/ (or, when this script runs as root
# and the `postgres` user cannot reach var/, a folder under /var/tmp: PgBouncer refuses to run
# as root and runs as `postgres`); log var/log/pgbouncer.log (a symlink in that case).
# The auth file holds the development password in plain text (dev only; production: the SCRAM
# secret from pg_shadow, docs/deployment.md), so PgBouncer authenticates clients with
# SCRAM-SHA-256 and logs in to PostgreSQL with it.

pgb_port="${P2P_PGBOUNCER_PORT:-6432}"
pgb_log_link="$var/log/pgbouncer.log"

pgb_paths() {
  pgb_dir="$var/pgbouncer"
  if [[ $(id -u) -eq 0 ]] && ! runuser -u postgres -- test -x "$var" 2>/dev/null; then
    pgb_dir="$fallback_base/pgbouncer"
  fi
  pgb_pidfile="$pgb_dir/pgbouncer.pid"
  pgb_log="$pgb_dir/pgbouncer.log"
}

pgb_pid() {
  pgb_paths
  pid_of_binary "$pgb_pidfile" "$(command -v pgbouncer)"
}

pgb_auth_ok() {
  PGPASSWORD="$app_pg_password" PGCONNECT_TIMEOUT=3 "$pgbin/psql" -X -q -w -h 127.0.0.1 -p "$pgb_port" \
    -U "$app_pg_user" -d "$app_pg_db" -tAc 'select 1' >/dev/null 2>&1
}

pgb_write_conf() {
  mkdir -p "$pgb_dir" "$var/log"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$pgb_dir"; fi
  chmod 700 "$pgb_dir"
  local user_q="${app_pg_user//\"/\"\"}" pw_q="${app_pg_password//\"/\"\"}"
  (umask 077; printf '"%s" "%s"\n' "$user_q" "$pw_q" >"$pgb_dir/userlist.txt")
  cat >"$pgb_dir/pgbouncer.ini" <<INI
; Written by scripts/stack at each start; edits are lost. docs/deployment.md explains each key.
[databases]
* = host=127.0.0.1 port=$app_pg_port

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $pgb_port
unix_socket_dir =
auth_type = scram-sha-256
auth_file = $pgb_dir/userlist.txt
pool_mode = transaction
; Up to 1000 clients (instances x pool); 40 server connections per database and user at most,
; within PostgreSQL's max_connections (300 here) with room for direct connections.
max_client_conn = 1000
default_pool_size = 40
reserve_pool_size = 5
reserve_pool_timeout = 1
server_lifetime = 3600
server_idle_timeout = 60
server_connect_timeout = 3
query_wait_timeout = 10
; libpq sends none of these by itself; a URL may carry options (search_path): not through here.
ignore_startup_parameters = extra_float_digits
pidfile = $pgb_pidfile
logfile = $pgb_log
log_connections = 0
log_disconnections = 0
INI
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$pgb_dir/pgbouncer.ini" "$pgb_dir/userlist.txt"; fi
  if [[ "$pgb_log" != "$pgb_log_link" ]]; then
    [[ -L "$pgb_log_link" && "$(readlink "$pgb_log_link")" == "$pgb_log" ]] || { rm -f "$pgb_log_link"; ln -s "$pgb_log" "$pgb_log_link"; }
  fi
}

pgb_start() {
  command -v pgbouncer >/dev/null 2>&1 || die "pgbouncer not found; run scripts/setup (installs pgbouncer)"
  pgb_paths
  local pid
  if pid="$(pgb_pid)"; then
    pgb_auth_ok && return 0
    pgb_stop
  fi
  if port_open "$pgb_port"; then
    die "port $pgb_port on 127.0.0.1 is already in use$(port_owner "$pgb_port"); stop that process or set P2P_PGBOUNCER_PORT"
  fi
  pgb_write_conf
  rm -f "$pgb_pidfile"
  local user_args=()
  [[ $(id -u) -ne 0 ]] || user_args=(-u postgres)
  if ! (cd / && pgbouncer -d -q "${user_args[@]}" "$pgb_dir/pgbouncer.ini" 9>&-); then
    log_tail "$pgb_log"
    die "pgbouncer did not start on 127.0.0.1:$pgb_port (log: $pgb_log_link)"
  fi
  local deadline=$((SECONDS + wait_s))
  until pgb_auth_ok; do
    if ((SECONDS >= deadline)); then
      log_tail "$pgb_log"
      die "pgbouncer on 127.0.0.1:$pgb_port refused an authenticated connection as '$app_pg_user' for ${wait_s}s (log: $pgb_log_link)"
    fi
    sleep 0.2
  done
}

pgb_stop() {
  local pid i
  pgb_paths   # pgb_pid sets them in its own subshell only
  if pid="$(pgb_pid)"; then
    kill -INT "$pid" 2>/dev/null || true   # safe shutdown: waits for the transactions in flight
    for ((i = 0; i < 100; i++)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
    fi
    alive "$pid" && die "pgbouncer (pid $pid) did not stop within 15 s"
  fi
  rm -f "$pgb_pidfile"
}

pgb_status_line() {
  local pid
  if pid="$(pgb_pid)"; then
    printf '%-20s up    127.0.0.1:%s -> 127.0.0.1:%s  transaction mode  log %s  pid %s\n' pgbouncer: "$pgb_port" "$app_pg_port" "$pgb_log_link" "$pid"
    return 0
  fi
  printf '%-20s down  127.0.0.1:%s -> 127.0.0.1:%s\n' pgbouncer: "$pgb_port" "$app_pg_port"
  return 3
}
