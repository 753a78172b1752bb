# Sourced by scripts/stack: paths, settings and helpers every part of the stack shares.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
source "$root/scripts/versions.sh"

var="$root/var"
pgbin=/usr/lib/postgresql/15/bin
ferretdb_bin="$var/cache/ferretdb-$FERRETDB_VERSION/ferretdb"
wait_s=60

# The application's PostgreSQL (stack_postgres.sh's `app` cluster).
app_pg_port="${P2P_PG_PORT:-5432}"
app_pg_user="${P2P_PG_USER:-p2p_user}"
app_pg_password="${P2P_PG_PASSWORD:-iiot123}"
app_pg_db="${P2P_PG_DB:-p2p_sandbox}"
# The PostgreSQL FerretDB stores in (the `ferretdb` cluster), never the application's.
fdb_pg_port="${P2P_FERRETDB_PG_PORT:-5433}"
fdb_pg_user="${P2P_FERRETDB_PG_USER:-ferretdb}"
fdb_pg_password="${P2P_FERRETDB_PG_PASSWORD:-iiot123}"
fdb_pg_db="${P2P_FERRETDB_PG_DB:-ferretdb}"
mongo_port="${P2P_MONGO_PORT:-27017}"
mongo_user="${P2P_MONGO_USER:-p2p_user}"
mongo_password="${P2P_MONGO_PASSWORD:-iiot123}"
mongo_db="${P2P_MONGO_DB:-p2p_sandbox}"

fdb_data="$var/ferretdb"  # FerretDB's state.json (the documents live in its PostgreSQL)
fdb_pidfile="$var/run/ferretdb.pid"
fdb_portfile="$var/run/ferretdb.port"
fdb_log="$var/log/ferretdb.log"
# Keyed by the checkout path, so two checkouts never share a fallback folder.
fallback_base="/var/tmp/p2p-backend-$(printf '%s' "$root" | sha1sum | cut -c1-12)"

die() { printf 'stack: %s\n' "$*" >&2; exit 1; }

if [[ $(id -u) -eq 0 ]]; then
  pg_os_user=postgres
  id postgres >/dev/null 2>&1 || die "no 'postgres' system user; run scripts/setup (installs postgresql-15)"
else
  pg_os_user="$(id -un)"
fi

# Run a command as the PostgreSQL OS user, from / (its cwd may be unreachable for that user).
# fd 9 is the stack lock: a server must not inherit it.
as_pg() {
  if [[ $(id -u) -eq 0 ]]; then
    (cd / && runuser -u postgres -- "$@" 9>&-)
  else
    (cd / && "$@" 9>&-)
  fi
}

# Is something accepting TCP connections on 127.0.0.1:$1?
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# Who listens on a port (best effort, for error messages).
port_owner() {
  command -v ss >/dev/null 2>&1 || return 0
  ss -Hltnp "sport = :$1" 2>/dev/null | sed -n 's/.*users:((\("[^"]*"\).*pid=\([0-9]*\).*/ (process \1, pid \2)/p' | head -1
}

# Is process $1 alive? A zombie is not (orphans may wait a while to be reaped by PID 1).
alive() {
  [[ "$1" =~ ^[0-9]+$ && -d "/proc/$1" ]] || return 1
  local st; st="$(sed 's/.*) //' "/proc/$1/stat" 2>/dev/null | cut -d' ' -f1)"
  [[ -n "$st" && "$st" != Z ]]
}

# The pid in pidfile $1 when that process runs binary $2 (" (deleted)" once it was rebuilt):
# a stale pidfile whose pid was reused by another program does not count.
pid_of_binary() {
  local pid exe
  [[ -f "$1" ]] || return 1
  pid="$(<"$1")"
  alive "$pid" || return 1
  exe="$(readlink "/proc/$pid/exe" 2>/dev/null)" || return 1
  [[ "${exe% (deleted)}" == "$(readlink -f "$2")" ]] || return 1
  printf '%s\n' "$pid"
}

log_tail() { [[ -r "$1" ]] && { echo "--- last lines of $1:" >&2; tail -n 15 "$1" >&2; } || true; }
