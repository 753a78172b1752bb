# shellcheck shell=bash
# Helpers for scripts/bench and bench/ab_user_get.sh (sourced). Text processing, process
# plumbing and the tools' install, no state.

# Installs what the benchmarks run when it is missing (Debian packages, as root): wrk, jq, curl,
# and pgbench and psql at the paths given. On Debian 12 pgbench is in postgresql-15 (the server
# package, which also provides postgresql-contrib-15); neither postgresql-client-15 nor
# postgresql-contrib ships it. Fails (status 1, a line on stderr) when not root.
install_tools() {
  local pgbench="$1" psql="$2" missing=()
  command -v wrk >/dev/null 2>&1 || missing+=(wrk)
  command -v jq >/dev/null 2>&1 || missing+=(jq)
  command -v curl >/dev/null 2>&1 || missing+=(curl)
  [[ -x "$pgbench" ]] || missing+=(postgresql-15)
  [[ -x "$psql" ]] || missing+=(postgresql-client-15)
  ((${#missing[@]})) || return 0
  if [[ $(id -u) -ne 0 ]]; then
    printf 'bench: missing packages %s; run as root or install them\n' "${missing[*]}" >&2
    return 1
  fi
  printf 'bench: installing %s\n' "${missing[*]}" >&2
  DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# "635.91us" | "1.43ms" | "1.02s" | "2.00m" -> milliseconds (wrk's units).
# Prints nothing for an empty value.
to_ms() {
  awk -v v="$1" 'BEGIN {
    if (v == "") exit
    n = v; sub(/[a-z]+$/, "", n); u = v; sub(/^[0-9.]+/, "", u)
    f = (u == "us") ? 0.001 : (u == "ms") ? 1 : (u == "s") ? 1000 : (u == "m") ? 60000 : (u == "h") ? 3600000 : 1
    printf "%.3f\n", n * f
  }'
}

# wrk --latency output (file $1) -> "requests rps p50_ms p99_ms non2xx socket_errors timeouts".
# Missing values come out as "-" (e.g. no response at all).
parse_wrk() {
  local requests rps p50 p99 non2xx sock timeouts
  requests="$(awk '/ requests in /{print $1}' "$1")"
  rps="$(awk '/^Requests\/sec:/{print $2}' "$1")"
  p50="$(to_ms "$(awk '$1=="50%"{print $2}' "$1")")"
  p99="$(to_ms "$(awk '$1=="99%"{print $2}' "$1")")"
  non2xx="$(awk '/Non-2xx or 3xx responses:/{print $NF}' "$1")"
  # "  Socket errors: connect 0, read 0, write 0, timeout 5"
  sock="$(awk '/Socket errors:/{gsub(",",""); print $4+$6+$8}' "$1")"
  timeouts="$(awk '/Socket errors:/{gsub(",",""); print $10}' "$1")"
  printf '%s %s %s %s %s %s %s\n' "${requests:--}" "${rps:--}" "${p50:--}" "${p99:--}" \
    "${non2xx:-0}" "${sock:-0}" "${timeouts:-0}"
}

# pgbench output (file $1) -> "transactions tps latency_avg_ms failed".
parse_pgbench() {
  local tx tps avg failed
  tx="$(awk -F': ' '/number of transactions actually processed/{split($2, a, "/"); print a[1]; exit}' "$1")"
  tps="$(awk '/^tps = /{print $3; exit}' "$1")"
  avg="$(awk '/^latency average = /{print $4; exit}' "$1")"
  failed="$(awk -F': ' '/number of failed transactions/{split($2, a, " "); print a[1]; exit}' "$1")"
  printf '%s %s %s %s\n' "${tx:--}" "${tps:--}" "${avg:--}" "${failed:-0}"
}

# a / b with 3 decimals; "-" when either is missing or b is 0.
ratio() {
  awk -v a="$1" -v b="$2" 'BEGIN { if (a == "-" || b == "-" || b + 0 == 0) print "-"; else printf "%.3f\n", a / b }'
}

# PASS when $1 <= $2 (or >= with $3 = ge), MISS otherwise, "n/a" when $1 is missing.
verdict() {
  awk -v v="$1" -v t="$2" -v op="${3:-le}" 'BEGIN {
    if (v == "-" || v == "") { print "n/a"; exit }
    ok = (op == "ge") ? (v + 0 >= t + 0) : (v + 0 <= t + 0)
    print ok ? "PASS" : "MISS"
  }'
}

# Is something accepting TCP connections on 127.0.0.1:$1?
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# A TCP port on 127.0.0.1 that no socket uses now (listening, connected or in TIME_WAIT), below
# the kernel's ephemeral range: an outgoing connection (wrk's, the service's to its stores) can
# never take it between this check and the server's bind, as it could a port of that range.
free_port() {
  local p i low=32768 high
  read -r low high </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null || true
  ((low > 21000)) || return 1
  for ((i = 0; i < 200; i++)); do
    p=$((20000 + RANDOM % (low - 20000)))
    [[ -z "$(ss -Htan "( sport = :$p )" 2>/dev/null)" ]] && ! port_open "$p" && { printf '%s\n' "$p"; return 0; }
  done
  return 1
}

# Background sampler of machine noise: once a second, the 1-minute load average and the number
# of compiler/linker processes (concurrent builds on a shared machine). start_noise FILE;
# stop_noise prints "avg_compilers max_compilers load_at_end".
noise_pid=""
start_noise() {
  : >"$1"
  (
    while :; do
      n="$(ps -eo comm= | grep -cE '^(cc1plus|cc1|ld|collect2|lto1|go|compile)$' || true)"
      printf '%s %s\n' "$n" "$(cut -d' ' -f1 /proc/loadavg)" >>"$1"
      sleep 1
    done
  ) &
  noise_pid=$!
}
stop_noise() {
  if [[ -n "$noise_pid" ]]; then
    kill "$noise_pid" 2>/dev/null || true
    wait "$noise_pid" 2>/dev/null || true
    noise_pid=""
  fi
  awk '{ s += $1; if ($1 > m) m = $1; l = $2 } END { if (NR) printf "%.1f %d %s\n", s / NR, m, l; else print "- - -" }' "$1"
}

# ---------------------------------------------------------------------------------------------
# Where the CPU goes during a run. cpu_snapshot FILE SERVICE_PID POSTMASTER_PID FERRETDB_PID
# [FERRETDB_POSTMASTER_PID] writes "wall_s busy service postgres ferretdb client" (times in clock
# ticks) to FILE:
#   busy      all CPUs, from /proc/stat (user+nice+system+irq+softirq+steal)
#   service   the service process (all its threads)
#   postgres  the postmaster, its live children, and its reaped children (the backends of
#             clients that disconnected during the run land there)
#   ferretdb  the FerretDB process, plus its own PostgreSQL (postmaster, live and reaped children)
#   client    the children this shell reaped: wrk or pgbench (bash `times`)
# An empty or dead pid counts 0. Call it directly, not in $(...): `times` must run in the
# shell that reaps the client. cpu_shares BEFORE_FILE AFTER_FILE prints the shares of the
# machine's capacity (nproc x wall time between the snapshots), in percent:
# "service postgres ferretdb client other idle"; "other" is everyone else (builds, tests).
cpu_snapshot() {
  local file="$1" service="${2:-0}" postmaster="${3:-0}" ferretdb="${4:-0}" fdb_pm="${5:-0}" hz
  hz="$(getconf CLK_TCK)"
  times >"$file.times"
  {
    date +%s.%N
    awk '/^cpu /{ print $2 + $3 + $4 + $7 + $8 + $9 }' /proc/stat
    # One pass over every process (cat skips those that end meanwhile): field 1 is the pid;
    # after the ") " that ends the command name, field 2 is the parent pid and fields 12-15
    # utime, stime, cutime, cstime.
    { cat /proc/[0-9]*/stat 2>/dev/null || true; } | awk -v svc="$service" -v pm="$postmaster" -v fdb="$ferretdb" -v fpm="$fdb_pm" '
      {
        pid = $1
        sub(/^.*\) /, "")
        split($0, f, " ")
        t = f[12] + f[13]
        if (pid == svc) s += t
        if (pid == fdb) d += t
        if (pid == fpm) d += t + f[14] + f[15]
        else if (fpm != 0 && f[2] == fpm) d += t
        if (pid == pm) p += t + f[14] + f[15]
        else if (f[2] == pm) p += t
      }
      END { printf "%d\n%d\n%d\n", s, p, d }'
    # `times`, second line: the reaped children's user and system time, "0m1.230s 0m0.450s"
    sed -n 2p "$file.times" | awk -v hz="$hz" '{
      split($1, u, /[ms]/); split($2, y, /[ms]/); printf "%d\n", (u[1] * 60 + u[2] + y[1] * 60 + y[2]) * hz }'
  } | paste -sd' ' >"$file"
  rm -f "$file.times"
}
cpu_shares() {
  awk -v n="$(nproc)" -v hz="$(getconf CLK_TCK)" '
    NR == 1 { split($0, a, " ") }
    NR == 2 { split($0, b, " ") }
    END {
      cap = n * (b[1] - a[1]) * hz
      if (cap <= 0) { print "- - - - - -"; exit }
      for (i = 2; i <= 6; i++) d[i] = b[i] - a[i]
      other = d[2] - d[3] - d[4] - d[5] - d[6]; if (other < 0) other = 0
      idle = cap - d[2]; if (idle < 0) idle = 0
      printf "%.0f %.0f %.0f %.0f %.0f %.0f\n", 100 * d[3] / cap, 100 * d[4] / cap, 100 * d[5] / cap, 100 * d[6] / cap, 100 * other / cap, 100 * idle / cap
    }' "$1" "$2"
}
