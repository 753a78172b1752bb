# shellcheck shell=bash
# The edge benchmark (issue 11), sourced by scripts/bench while its service runs: the user GET
# through a private edge (nginx, the repository's configuration rendered by scripts/edge-config)
# and directly, side by side in one run, alternating A B A B so that the machine's noise falls
# on both alike:
#   64 connections, closed loop (as the core runs)        direct, edge, direct, edge
#   512 connections, paced (BENCH_THINK_MS, default 100)  edge, direct
#   512 connections, closed loop                           edge, direct
# It records the edge's CPU share (master and workers) and its peak RSS. Needs from scripts/bench:
# base, server_pid, tmp, threads, duration, user_ids.txt, BENCH_TOKEN, measure, check_server,
# parse_wrk, ratio, verdict.

edge_think_ms="${BENCH_THINK_MS:-100}"
edge_dir="$tmp/edge"
edge_pid=""

edge_start() {
  local port i
  port="$(free_port)" || die "no free port for the edge"
  "$root/scripts/edge-config" --out "$edge_dir" --listen "127.0.0.1:$port" --upstream "${base#http://}" \
    --trusted 127.0.0.1 >/dev/null
  nginx -p "$edge_dir" -c "$edge_dir/nginx.conf" -e "$edge_dir/edge-error.log" -g 'daemon off;' &
  edge_pid=$!
  for ((i = 0; i < 100; i++)); do
    curl -fsS -o /dev/null --max-time 1 "http://127.0.0.1:$port/health/live" 2>/dev/null && break
    sleep 0.1
  done
  edge_base="http://127.0.0.1:$port"
  log "edge on $edge_base (nginx pid $edge_pid)"
}

edge_stop() {
  [[ -n "$edge_pid" ]] || return 0
  kill -QUIT "$edge_pid" 2>/dev/null || true
  wait "$edge_pid" 2>/dev/null || true
  edge_pid=""
}

# CPU ticks of nginx (master and workers) so far; peak RSS (kB) of all of them together.
edge_ticks() {
  { cat "/proc/$edge_pid/stat" /proc/[0-9]*/stat 2>/dev/null || true; } |
    awk -v m="$edge_pid" '{ pid = $1; sub(/^.*\) /, ""); split($0, f, " "); if (pid == m || f[2] == m) t += f[12] + f[13] } END { print t + 0 }'
}
edge_rss_kb() {
  local total=0 p
  for p in "$edge_pid" $(pgrep -P "$edge_pid" 2>/dev/null); do
    total=$((total + $(awk '/^VmHWM:/{print $2}' "/proc/$p/status" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# edge_run NAME URL CONNECTIONS [paced]
edge_run() {
  local name="$1" url="$2" c="$3" script=bench/get_random.lua t0 t1 w0 w1
  [[ "${4:-}" == paced ]] && script=bench/get_paced.lua
  log "wrk ($name): -t$threads -c$c -d${duration}s $script"
  t0="$(edge_ticks)"; w0="$(date +%s.%N)"
  BENCH_THINK_MS="$edge_think_ms" measure "$name" wrk -t"$threads" -c"$c" -d"${duration}s" --latency -s "$script" "$url" -- /api/v1/users/ "$tmp/user_ids.txt"
  t1="$(edge_ticks)"; w1="$(date +%s.%N)"
  awk -v a="$t0" -v b="$t1" -v w0="$w0" -v w1="$w1" -v n="$(nproc)" -v hz="$(getconf CLK_TCK)" \
    'BEGIN { printf "%.0f\n", 100 * (b - a) / (hz * n * (w1 - w0)) }' >"$tmp/$name.edgecpu"
  check_server "during $name"
}

edge_bench() {
  command -v nginx >/dev/null 2>&1 || die "nginx is missing: run scripts/setup"
  edge_start
  edge_run edge_warmup "$edge_base" 64
  edge_run direct64_a "$base" 64
  edge_run edge64_a "$edge_base" 64
  edge_run direct64_b "$base" 64
  edge_run edge64_b "$edge_base" 64
  edge_run edge512p "$edge_base" 512 paced
  edge_run direct512p "$base" 512 paced
  edge_run edge512 "$edge_base" 512
  edge_run direct512 "$base" 512
  edge_rss="$(edge_rss_kb)"
  edge_stop
}

# Markdown section for the results file.
edge_bench_report() {
  local rows=(direct64_a:'direct, 64, closed loop' edge64_a:'edge, 64, closed loop' direct64_b:'direct, 64, closed loop'
              edge64_b:'edge, 64, closed loop' edge512p:"edge, 512, paced (${edge_think_ms} ms think)"
              direct512p:"direct, 512, paced (${edge_think_ms} ms think)" edge512:'edge, 512, closed loop'
              direct512:'direct, 512, closed loop')
  local r requests rps p50 p99 non2xx sock timeouts
  printf '\n## The edge (issue 11)\n\n'
  printf 'User GET through a private edge (nginx 1.22, `config/edge/`, 127.0.0.1 trusted) and directly, in\n'
  printf 'one run, alternating. *edge CPU* is nginx (master and workers) as a share of the machine.\n\n'
  printf '| run | req/s | p50 ms | p99 ms | non-2xx | socket errors | edge CPU %% |\n| --- | ---: | ---: | ---: | ---: | ---: | ---: |\n'
  for r in "${rows[@]}"; do
    read -r requests rps p50 p99 non2xx sock timeouts < <(parse_wrk "$tmp/${r%%:*}.out")
    printf '| %s | %s | %s | %s | %s | %s | %s |\n' "${r#*:}" "$rps" "$p50" "$p99" "$non2xx" "$sock" \
      "$([[ "${r%%:*}" == edge* ]] && cat "$tmp/${r%%:*}.edgecpu" || echo -)"
  done
  local d_a d_b e_a e_b
  d_a="$(parse_wrk "$tmp/direct64_a.out" | cut -d' ' -f2)"; d_b="$(parse_wrk "$tmp/direct64_b.out" | cut -d' ' -f2)"
  e_a="$(parse_wrk "$tmp/edge64_a.out" | cut -d' ' -f2)"; e_b="$(parse_wrk "$tmp/edge64_b.out" | cut -d' ' -f2)"
  local d_mean e_mean r64 p99_512
  d_mean="$(awk -v a="$d_a" -v b="$d_b" 'BEGIN { printf "%.1f", (a + b) / 2 }')"
  e_mean="$(awk -v a="$e_a" -v b="$e_b" 'BEGIN { printf "%.1f", (a + b) / 2 }')"
  r64="$(ratio "$e_mean" "$d_mean")"
  p99_512="$(parse_wrk "$tmp/edge512p.out" | cut -d' ' -f4)"
  printf '\n| target | value | verdict |\n| --- | --- | :---: |\n'
  printf '| through the edge ≥ 0.75 × direct at 64 connections | %s ÷ %s (means of two runs each) = **%s** | %s |\n' \
    "$e_mean" "$d_mean" "$r64" "$(verdict "$r64" 0.75 ge)"
  printf '| p99 ≤ 15 ms at 512 connections through the edge (paced) | %s ms | %s |\n' "$p99_512" "$(verdict "$p99_512" 15)"
  printf '| the edge'"'"'s peak RSS (master + workers, VmHWM) | %s kB | |\n' "$edge_rss"
}
