# Sourced by scripts/stack: the edge, nginx in front of the service (config/edge/, docs/edge.md).
# It listens on 127.0.0.1:P2P_EDGE_PORT and forwards to the service on 127.0.0.1:P2P_SERVICE_PORT
# (scripts/run starts the service there). Rendered by scripts/edge-config into var/edge/; the
# pid file is var/run/edge.pid, the logs var/log/edge-access.log (JSON lines) and
# var/log/edge-error.log.

edge_port="${P2P_EDGE_PORT:-8000}"
service_port="${P2P_SERVICE_PORT:-8001}"
edge_dir="$var/edge"
edge_pidfile="$var/run/edge.pid"
edge_portfile="$var/run/edge.port"

edge_pid() { pid_of_binary "$edge_pidfile" "$(command -v nginx)"; }

# The service instances: var/run/instances holds how many scripts/run starts (1 when absent);
# instance K listens on P2P_SERVICE_PORT + K - 1.
instances_file="$var/run/instances"
instance_count() {
  local n=1
  [[ -f "$instances_file" ]] && n="$(<"$instances_file")"
  [[ "$n" =~ ^[1-9][0-9]?$ ]] || n=1
  printf '%s\n' "$n"
}
edge_upstreams() {
  local k
  for ((k = 0; k < $(instance_count); k++)); do printf '127.0.0.1:%s\n' "$((service_port + k))"; done
}

# One line per instance scripts/run started (var/run/instance-K.pid), up or down.
instance_status_lines() {
  local k pid port
  for ((k = 1; k <= $(instance_count); k++)); do
    port=$((service_port + k - 1))
    pid="$(cat "$var/run/instance-$k.pid" 2>/dev/null || true)"
    if [[ -n "$pid" ]] && alive "$pid" && port_open "$port"; then
      printf 'instance %s: up 127.0.0.1:%s pid %s\n' "$k" "$port" "$pid"
    else
      printf 'instance %s: down 127.0.0.1:%s\n' "$k" "$port"
    fi
  done
}

edge_render() {
  command -v nginx >/dev/null 2>&1 || die "nginx not found; run scripts/setup (installs nginx-light)"
  local args=() u
  while read -r u; do args+=(--upstream "$u"); done < <(edge_upstreams)
  # The local benchmark and probes come from 127.0.0.1: not rate limited (docs/edge.md).
  "$root/scripts/edge-config" --out "$edge_dir" --listen "127.0.0.1:$edge_port" "${args[@]}" \
    --log-dir "$var/log" --run-dir "$var/run" --trusted 127.0.0.1 >/dev/null
}

edge_start() {
  local pid
  edge_render
  if pid="$(edge_pid)"; then
    if [[ "$(cat "$edge_portfile" 2>/dev/null)" == "$edge_port" ]]; then
      kill -HUP "$pid"   # picks up a changed configuration (upstreams); a no-op otherwise
      return 0
    fi
    edge_stop
  fi
  if port_open "$edge_port"; then
    die "port $edge_port on 127.0.0.1 is already in use$(port_owner "$edge_port"); stop that process or set P2P_EDGE_PORT"
  fi
  rm -f "$edge_pidfile"
  if ! nginx -p "$edge_dir" -c "$edge_dir/nginx.conf" -e "$var/log/edge-error.log" 9>&- 2>&1; then
    log_tail "$var/log/edge-error.log"
    die "nginx did not start on 127.0.0.1:$edge_port (log: $var/log/edge-error.log)"
  fi
  printf '%s\n' "$edge_port" >"$edge_portfile"
  local deadline=$((SECONDS + wait_s))
  until edge_pid >/dev/null && port_open "$edge_port"; do
    ((SECONDS < deadline)) || { log_tail "$var/log/edge-error.log"; die "nginx did not listen on 127.0.0.1:$edge_port within ${wait_s}s"; }
    sleep 0.1
  done
}

edge_stop() {
  local pid i
  if pid="$(edge_pid)"; then
    kill -QUIT "$pid" 2>/dev/null || true   # graceful: finishes the requests in flight
    for ((i = 0; i < 100; i++)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      kill -TERM "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
    fi
    alive "$pid" && die "nginx (pid $pid) did not stop within 15 s"
  fi
  rm -f "$edge_pidfile" "$edge_portfile"
}

edge_status_line() {
  local pid
  if pid="$(edge_pid)"; then
    printf '%-20s up    127.0.0.1:%s -> %s  log %s  pid %s\n' edge: "$(cat "$edge_portfile" 2>/dev/null || echo "$edge_port")" \
      "$(edge_upstreams | paste -sd, -)" "$var/log/edge-access.log" "$pid"
    return 0
  fi
  printf '%-20s down  127.0.0.1:%s -> %s\n' edge: "$edge_port" "$(edge_upstreams | paste -sd, -)"
  return 3
}
