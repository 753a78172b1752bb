# shellcheck shell=bash
# The scale-out benchmark (issue 14), sourced by scripts/bench while its service runs: the user
# GET (64 connections, closed loop) side by side in one run, alternating:
#   svc_direct    the bench's own service, PostgreSQL direct, prepared statements
#   svc_pgb       one more service through PgBouncer (transaction mode, unnamed statements)
#   edge1         a private edge over that one PgBouncer instance
#   edge3         a private edge over three PgBouncer instances
# Ratios: PgBouncer / direct (the cost of the pooler and of unnamed statements) and 3 / 1
# instances through the edge (on two cores no gain is expected: the point is no loss, no error).
# Needs from scripts/bench: base, bin, tmp, threads, duration, user_ids.txt, BENCH_TOKEN,
# measure, check_server, parse_wrk, ratio, free_port, log, die.

cluster_pids=()
cluster_ports=()
cluster_edges=()

cluster_instance() {  # starts one instance through PgBouncer; appends its port
  local port i
  port="$(free_port)" || die "no free port"
  DATABASE_DIRECT_URL="$DATABASE_URL" DATABASE_URL="$P2P_PGBOUNCER_URL" P2P_MIGRATE_ON_START=0 P2P_PG_INSTANCES=3 \
    P2P_HTTP_HOST=127.0.0.1 P2P_HTTP_PORT="$port" "$bin" --log-level warn serve >"$tmp/cluster-$port.log" 2>&1 &
  cluster_pids+=($!)
  for ((i = 0; i < 300; i++)); do
    curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/health/live" 2>/dev/null && break
    sleep 0.1
  done
  curl -fsS -o /dev/null "http://127.0.0.1:$port/health/live" || die "instance on $port did not start: $(tail -5 "$tmp/cluster-$port.log")"
  cluster_ports+=("$port")
}

cluster_edge() {  # NAME PORT...: a private edge over the given instances; sets edge_<NAME>
  local name="$1" port dir args=() p; shift
  port="$(free_port)"; dir="$tmp/edge-$name"
  for p in "$@"; do args+=(--upstream "127.0.0.1:$p"); done
  "$root/scripts/edge-config" --out "$dir" --listen "127.0.0.1:$port" "${args[@]}" --trusted 127.0.0.1 >/dev/null
  nginx -p "$dir" -c "$dir/nginx.conf" -e "$dir/edge-error.log" -g 'daemon off;' &
  cluster_edges+=($!)
  for ((i = 0; i < 100; i++)); do curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/health/live" 2>/dev/null && break; sleep 0.1; done
  printf -v "edge_$name" 'http://127.0.0.1:%s' "$port"
}

cluster_stop() {
  local p
  for p in "${cluster_edges[@]}"; do kill -QUIT "$p" 2>/dev/null || true; done
  for p in "${cluster_pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${cluster_edges[@]}" "${cluster_pids[@]}"; do wait "$p" 2>/dev/null || true; done
  cluster_pids=(); cluster_edges=()
}

cluster_run() {  # NAME URL
  log "wrk ($1): -t$threads -c64 -d${duration}s"
  measure "$1" wrk -t"$threads" -c64 -d"${duration}s" --latency -s bench/get_random.lua "$2" -- /api/v1/users/ "$tmp/user_ids.txt"
  check_server "during $1"
}

cluster_bench() {
  "$root/scripts/stack" status pgbouncer >/dev/null 2>&1 || die "PgBouncer is not running (scripts/stack start pgbouncer)"
  cluster_instance; cluster_instance; cluster_instance
  cluster_edge one "${cluster_ports[0]}"
  cluster_edge three "${cluster_ports[@]}"
  local svc_pgb="http://127.0.0.1:${cluster_ports[0]}"
  cluster_run cluster_warmup "$edge_three"
  cluster_run svc_direct_a "$base"
  cluster_run svc_pgb_a "$svc_pgb"
  cluster_run edge1_a "$edge_one"
  cluster_run edge3_a "$edge_three"
  cluster_run svc_direct_b "$base"
  cluster_run svc_pgb_b "$svc_pgb"
  cluster_run edge1_b "$edge_one"
  cluster_run edge3_b "$edge_three"
  cluster_stop
}

cluster_bench_report() {
  local rows=(svc_direct_a:'service, PostgreSQL direct (prepared)' svc_pgb_a:'service through PgBouncer (unnamed)'
              edge1_a:'edge over 1 instance (PgBouncer)' edge3_a:'edge over 3 instances (PgBouncer)'
              svc_direct_b:'service, PostgreSQL direct (prepared)' svc_pgb_b:'service through PgBouncer (unnamed)'
              edge1_b:'edge over 1 instance (PgBouncer)' edge3_b:'edge over 3 instances (PgBouncer)')
  local r requests rps p50 p99 non2xx sock timeouts
  printf '\n## Scale-out (issue 14)\n\n'
  printf 'User GET, 64 connections, closed loop; each configuration twice, alternating.\n\n'
  printf '| run | req/s | p50 ms | p99 ms | non-2xx | socket errors |\n| --- | ---: | ---: | ---: | ---: | ---: |\n'
  for r in "${rows[@]}"; do
    read -r requests rps p50 p99 non2xx sock timeouts < <(parse_wrk "$tmp/${r%%:*}.out")
    printf '| %s | %s | %s | %s | %s | %s |\n' "${r#*:}" "$rps" "$p50" "$p99" "$non2xx" "$sock"
  done
  mean_of() { awk -v a="$(parse_wrk "$tmp/$1_a.out" | cut -d' ' -f2)" -v b="$(parse_wrk "$tmp/$1_b.out" | cut -d' ' -f2)" 'BEGIN { printf "%.1f", (a + b) / 2 }'; }
  local d p e1 e3
  d="$(mean_of svc_direct)"; p="$(mean_of svc_pgb)"; e1="$(mean_of edge1)"; e3="$(mean_of edge3)"
  printf '\n| ratio | value |\n| --- | --- |\n'
  printf '| through PgBouncer ÷ direct (service level) | %s ÷ %s = **%s** |\n' "$p" "$d" "$(ratio "$p" "$d")"
  printf '| 3 instances ÷ 1 instance (through the edge, PgBouncer) | %s ÷ %s = **%s** |\n' "$e3" "$e1" "$(ratio "$e3" "$e1")"
  printf '| edge over 1 instance ÷ the same instance directly | %s ÷ %s = **%s** |\n' "$e1" "$p" "$(ratio "$e1" "$p")"
}
