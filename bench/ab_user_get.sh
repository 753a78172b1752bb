#!/usr/bin/env bash
# A/B of two service binaries on the user GET, side by side in one run: both serve at once (on
# free ports, against the running stack), and wrk alternates between them, A B A B ..., so
# machine noise falls on both alike. Prints each round and the mean of B ÷ A.
#
#   bench/ab_user_get.sh BINARY_A BINARY_B [ROUNDS]
#
# Needs the stack running with seeded users (scripts/bench leaves none running; start it with
# scripts/stack start and seed with `p2p-backend seed`). Environment: BENCH_CONNECTIONS [64],
# BENCH_THREADS [2], BENCH_DURATION [8], BENCH_CONFIG [] (for both), P2P_SEED_ADMIN_EMAIL /
# P2P_SEED_ADMIN_PASSWORD, and the stack's P2P_PG_* / P2P_MONGO_* as scripts/run.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$root/scripts/stack_env.sh"

[[ $# -ge 2 ]] || { echo "usage: bench/ab_user_get.sh BINARY_A BINARY_B [ROUNDS]" >&2; exit 2; }
bins=("$1" "$2")
rounds="${3:-4}"
conns="${BENCH_CONNECTIONS:-64}"
threads="${BENCH_THREADS:-2}"
duration="${BENCH_DURATION:-8}"
config_args=()
[[ -n "${BENCH_CONFIG:-}" ]] && config_args=(--config "$BENCH_CONFIG")
tmp="$(mktemp -d /tmp/p2p-ab.XXXXXX)"
pids=()
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  rm -rf "$tmp"
}
trap cleanup EXIT

source "$root/bench/lib.sh"  # free_port, install_tools
install_tools /usr/lib/postgresql/15/bin/pgbench /usr/lib/postgresql/15/bin/psql || exit 1

ports=()
for i in 0 1; do
  port="$(free_port)"
  P2P_HTTP_PORT="$port" P2P_LOG_LEVEL=warn "${bins[$i]}" "${config_args[@]}" serve >"$tmp/server-$i.log" 2>&1 &
  pids+=($!)
  ports+=("$port")
done
for i in 0 1; do
  for _ in $(seq 1 100); do
    curl -fs "127.0.0.1:${ports[$i]}/health/live" >/dev/null 2>&1 && break
    sleep 0.1
  done
  curl -fs "127.0.0.1:${ports[$i]}/health/live" >/dev/null || { cat "$tmp/server-$i.log" >&2; exit 1; }
done

/usr/lib/postgresql/15/bin/psql "$DATABASE_URL" -Atc "SELECT id FROM users ORDER BY id LIMIT 10000" >"$tmp/ids"
login="$(jq -n --arg e "${P2P_SEED_ADMIN_EMAIL:-admin@p2p.local}" --arg p "${P2P_SEED_ADMIN_PASSWORD:-admin-dev-password}" \
  '{email: $e, password: $p}')"
BENCH_TOKEN="$(curl -fs -X POST "127.0.0.1:${ports[0]}/api/v1/sessions" -H 'Content-Type: application/json' \
  -d "$login" | jq -r .token)"
export BENCH_TOKEN

# One wrk run: "req/s p99_ms".
run() {
  wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -s "$root/bench/get_random.lua" \
    "http://127.0.0.1:$1" -- /api/v1/users/ "$tmp/ids" >"$tmp/wrk.txt"
  local rate p99
  rate="$(awk '/^Requests\/sec:/ {print $2}' "$tmp/wrk.txt")"
  p99="$(awk '$1 == "99%" {v=$2; if (v ~ /us$/) {sub(/us$/,"",v); v/=1000} else if (v ~ /ms$/) {sub(/ms$/,"",v)} else if (v ~ /s$/) {sub(/s$/,"",v); v*=1000}; print v}' "$tmp/wrk.txt")"
  echo "$rate $p99"
}

run "${ports[0]}" >/dev/null  # warm-up, unrecorded
run "${ports[1]}" >/dev/null
printf '%-6s %12s %9s %12s %9s %7s\n' round "A req/s" "A p99" "B req/s" "B p99" "B÷A"
sum=0
for r in $(seq 1 "$rounds"); do
  read -r ra pa < <(run "${ports[0]}")
  read -r rb pb < <(run "${ports[1]}")
  q="$(awk -v a="$ra" -v b="$rb" 'BEGIN {printf "%.3f", b / a}')"
  sum="$(awk -v s="$sum" -v q="$q" 'BEGIN {print s + q}')"
  printf '%-6s %12s %9s %12s %9s %7s\n' "$r" "$ra" "$pa ms" "$rb" "$pb ms" "$q"
done
awk -v s="$sum" -v n="$rounds" 'BEGIN {printf "mean B÷A over %d rounds: %.3f\n", n, s / n}'
