# Sourced by scripts/stack: the edge, nginx in front of the service (config/edge/, docs/edge.md).
# It listens on 127.0.0.1:P2P_EDGE_PORT and forwards to the service on 127.0.0.1:P2P_SERVICE_PORT
# (scripts/run starts the service there). Rendered by scripts/edge-config into var/edge/; the
# pid file is var/run/edge.pid, the logs var/log/edge-access.log (JSON lines) and
# var/log/edge-error.log.
#
# With P2P_EDGE_TLS=1 the edge also serves HTTPS on 127.0.0.1:P2P_EDGE_TLS_PORT (8443) with a
# self-signed certificate that scripts/edge-cert makes in var/edge/tls/ (kept while valid), and
# P2P_EDGE_PORT stays plain HTTP proxying as before (--plain proxy: scripts/run, the benchmarks
# and the tests use it); production redirects it instead (docs/edge.md, "TLS").

edge_port="${P2P_EDGE_PORT:-8000}"
service_port="${P2P_SERVICE_PORT:-8001}"
edge_dir="$var/edge"
edge_pidfile="$var/run/edge.pid"
edge_portfile="$var/run/edge.port"
edge_tls="${P2P_EDGE_TLS:-0}"
edge_tls_port="${P2P_EDGE_TLS_PORT:-8443}"
edge_tls_dir="$edge_dir/tls"

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
  if [[ "$edge_tls" == 1 ]]; then
    "$root/scripts/edge-cert" --out "$edge_tls_dir" >/dev/null
    args+=(--tls-cert "$edge_tls_dir/edge.crt" --tls-key "$edge_tls_dir/edge.key"
           --tls-listen "127.0.0.1:$edge_tls_port" --plain proxy)
  fi
  # The local benchmark and probes come from 127.0.0.1: not rate limited (docs/edge.md).
  "$root/scripts/edge-config" --out "$edge_dir" --listen "127.0.0.1:$edge_port" "${args[@]}" \
    --log-dir "$var/log" --run-dir "$var/run" --trusted 127.0.0.1 >/dev/null
}

edge_start() {
  local pid
  edge_render
  if pid="$(edge_pid)"; then
    if [[ "$(cat "$edge_portfile" 2>/dev/null)" == "$edge_port" ]]; then
      kill -HUP "$pid"   # picks up a changed configuration (upstreams, TLS); a no-op otherwise
      edge_wait_tls
      return 0
    fi
    edge_stop
  fi
  if port_open "$edge_port"; then
    die "port $edge_port on 127.0.0.1 is already in use$(port_owner "$edge_port"); stop that process or set P2P_EDGE_PORT"
  fi
  if [[ "$edge_tls" == 1 ]] && port_open "$edge_tls_port"; then
    die "port $edge_tls_port on 127.0.0.1 is already in use$(port_owner "$edge_tls_port"); stop that process or set P2P_EDGE_TLS_PORT"
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
  edge_wait_tls
}

# With TLS, waits until the HTTPS port listens (after a start, or a reload that added it).
edge_wait_tls() {
  [[ "$edge_tls" == 1 ]] || return 0
  local deadline=$((SECONDS + wait_s))
  until port_open "$edge_tls_port"; do
    ((SECONDS < deadline)) || { log_tail "$var/log/edge-error.log"; die "nginx did not listen with TLS on 127.0.0.1:$edge_tls_port within ${wait_s}s$(port_owner "$edge_tls_port")"; }
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
    printf '%-20s up    127.0.0.1:%s%s -> %s  log %s  pid %s\n' edge: "$(cat "$edge_portfile" 2>/dev/null || echo "$edge_port")" \
      "$(if [[ -f "$edge_dir/tls.conf" ]]; then printf ' https:%s' "$(awk '/ ssl backlog/ { split($2, a, ":"); print a[2] }' "$edge_dir/nginx.conf")"; fi)" \
      "$(edge_upstreams | paste -sd, -)" "$var/log/edge-access.log" "$pid"
    return 0
  fi
  printf '%-20s down  127.0.0.1:%s -> %s\n' edge: "$edge_port" "$(edge_upstreams | paste -sd, -)"
  return 3
}
