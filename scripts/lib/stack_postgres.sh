# Sourced by scripts/stack: the PostgreSQL clusters. Two run side by side, each with its own
# port, data folder, socket, log and credentials, so stopping or killing one never touches the
# other: `app`, the application's PostgreSQL (users, sessions, configuration), and `ferretdb`,
# the one FerretDB keeps the MongoDB data in. Every pg_* function acts on the cluster that
# pg_cluster selected last.

# pg_cluster app|ferretdb: selects the cluster. Sets pg_label (for messages), pg_name (the file
# and folder names under var/), pg_port (and pg_port_var, its variable), pg_user, pg_password,
# pg_db, pg_location_file, pg_log_link and pg_extra_conf (settings only that cluster gets).
pg_cluster() {
  case "$1" in
    app)
      pg_label="PostgreSQL"; pg_name=postgres
      pg_port="$app_pg_port"; pg_user="$app_pg_user"; pg_password="$app_pg_password"; pg_db="$app_pg_db"
      pg_fallback_sock_name=run; pg_port_var=P2P_PG_PORT
      # Headroom: each service instance keeps 20-60 connections, and tests and benchmarks may
      # run several instances plus pgbench at once.
      pg_extra_conf="max_connections = 300"
      ;;
    ferretdb)
      pg_label="FerretDB's PostgreSQL"; pg_name=ferretdb-postgres
      pg_port="$fdb_pg_port"; pg_user="$fdb_pg_user"; pg_password="$fdb_pg_password"; pg_db="$fdb_pg_db"
      pg_fallback_sock_name=ferretdb-postgres-run; pg_port_var=P2P_FERRETDB_PG_PORT
      # FerretDB opens up to 50 connections (its pool_max_conns default). The GIN indexes of
      # storage/ferretdb/ferretdb_accelerators.cpp match only under a custom plan: plan_cache_mode stays
      # at its default. JIT would add tens of milliseconds to the jsonb scans of a cold plan.
      pg_extra_conf="max_connections = 100
shared_buffers = 256MB
maintenance_work_mem = 256MB
max_wal_size = 2GB
random_page_cost = 1.1
jit = off"
      ;;
    *) die "pg_cluster takes app or ferretdb" ;;
  esac
  pg_location_file="$var/$pg_name.location"
  pg_log_link="$var/log/$pg_name.log"
}

# PostgreSQL paths of the selected cluster. Sets pg_base (owned by the PG user; holds
# data/socket/log in fallback mode), pg_data, pg_sock, pg_log (the real log file), pg_fallback.
pg_paths() {
  local data="" fallback_data="$fallback_base/$pg_name"
  if [[ -f "$pg_location_file" ]]; then
    data="$(<"$pg_location_file")"
    # Only the two places this checkout uses (a copied checkout must not reuse another's data).
    [[ -d "$data" && ( "$data" == "$var/$pg_name" || "$data" == "$fallback_data" ) ]] || data=""
  fi
  if [[ -z "$data" ]]; then
    mkdir -p "$var"
    if as_pg test -x "$var"; then data="$var/$pg_name"; else data="$fallback_data"; fi
  fi
  pg_data="$data"
  if [[ "$pg_data" == "$fallback_data" ]]; then
    pg_fallback=1
    pg_base="$fallback_base"
    pg_sock="$pg_base/$pg_fallback_sock_name"
    pg_log="$pg_base/$pg_name.log"
  else
    pg_fallback=0
    pg_base="$var/$pg_name-run"
    pg_sock="$pg_base"
    pg_log="$pg_log_link"
    # Unix socket paths are limited to 107 bytes; deep checkouts use the fallback folder.
    if (( ${#pg_sock} + 16 > 100 )); then pg_sock="$fallback_base/$pg_fallback_sock_name"; fi
  fi
}

pg_postmaster_pid() { head -n 1 "$pg_data/postmaster.pid" 2>/dev/null || true; }
pg_running() {
  [[ -f "$pg_data/PG_VERSION" ]] && alive "$(pg_postmaster_pid)" &&
    as_pg "$pgbin/pg_ctl" status -D "$pg_data" >/dev/null 2>&1
}

# Port of the running server (4th line of postmaster.pid).
pg_running_port() { sed -n 4p "$pg_data/postmaster.pid" 2>/dev/null || true; }

# Create a folder owned by the PG user, mode 700.
mkdir_pg() {
  mkdir -p "$1"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$1"; fi
  chmod 700 "$1"
}

pg_prepare_dirs() {
  mkdir -p "$var/log" "$var/run"
  if ((pg_fallback)) || [[ "$pg_sock" == "$fallback_base/$pg_fallback_sock_name" ]]; then mkdir_pg "$fallback_base"; fi
  [[ "$pg_base" == "$fallback_base" ]] || mkdir_pg "$pg_base"
  mkdir_pg "$pg_sock"
  [[ -d "$pg_data" ]] || mkdir_pg "$pg_data"
  local owner; owner="$(stat -c %U "$pg_data")"
  [[ "$owner" == "$pg_os_user" ]] ||
    die "$pg_label data folder $pg_data belongs to '$owner', not '$pg_os_user'; run scripts/stack reset as that user or as root"
  if ((pg_fallback)); then
    # Keep var/log/postgres.log pointing at the real log.
    if [[ ! -L "$pg_log_link" || "$(readlink "$pg_log_link")" != "$pg_log" ]]; then
      rm -f "$pg_log_link"; ln -s "$pg_log" "$pg_log_link"
    fi
  elif [[ -L "$pg_log_link" ]]; then
    rm -f "$pg_log_link"
  fi
  # pg_ctl appends to the log as the PG user: make sure that user owns the file.
  [[ -e "$pg_log" ]] || : >"$pg_log"
  if [[ $(id -u) -eq 0 ]]; then chown postgres:postgres "$pg_log"; fi
  printf '%s\n' "$pg_data" >"$pg_location_file"
}

pg_initdb() {
  [[ -f "$pg_data/PG_VERSION" ]] && return 0
  [[ -x "$pgbin/initdb" ]] || die "$pgbin/initdb not found; run scripts/setup (installs postgresql-15)"
  local out
  if ! out="$(as_pg "$pgbin/initdb" -D "$pg_data" -U "$pg_os_user" --auth-local=peer \
        --auth-host=scram-sha-256 --encoding=UTF8 --no-locale 2>&1)"; then
    printf '%s\n' "$out" >&2
    die "$pg_label: initdb failed for $pg_data"
  fi
  # Settings that depend on the environment live in p2p-stack.conf, rewritten at each start.
  as_pg sh -c 'printf "\n# scripts/stack\ninclude_if_exists = '\''p2p-stack.conf'\''\n" >> "$1"' _ "$pg_data/postgresql.conf"
}

pg_write_conf() {
  local sock_q="${pg_sock//\'/\'\'}"
  as_pg sh -c 'cat > "$1"' _ "$pg_data/p2p-stack.conf" <<EOF
# Written by scripts/stack at each start; edits are lost.
listen_addresses = '127.0.0.1'
port = $pg_port
unix_socket_directories = '$sock_q'
password_encryption = 'scram-sha-256'
$pg_extra_conf
EOF
}

# If another process holds the port: stop Debian's own cluster if it is the holder, else fail.
pg_free_port() {
  port_open "$pg_port" || return 0
  if command -v pg_lsclusters >/dev/null 2>&1; then
    local v n p st stopped=0
    while read -r v n p st _; do
      if [[ "$p" == "$pg_port" && "$st" == online* ]]; then
        pg_ctlcluster "$v" "$n" stop >/dev/null 2>&1 ||
          die "port $pg_port is held by Debian's PostgreSQL cluster '$v $n'; stopping it failed (try: pg_ctlcluster $v $n stop)"
        stopped=1
      fi
    done < <(pg_lsclusters -h 2>/dev/null || true)
    if ((stopped)); then
      local i
      for ((i = 0; i < 20; i++)); do port_open "$pg_port" || return 0; sleep 0.5; done
    fi
  fi
  die "port $pg_port on 127.0.0.1 is already in use$(port_owner "$pg_port"); stop that process or set $pg_port_var"
}

# Create the application role and database, idempotently; (re)set the password from the
# environment. Values go through psql variables (\getenv) so they are quoted properly and never
# appear on a command line.
pg_provision() {
  local out
  if ! out="$(P2P_STACK_U="$pg_user" P2P_STACK_PW="$pg_password" P2P_STACK_DB="$pg_db" \
      as_pg "$pgbin/psql" -X -q -v ON_ERROR_STOP=1 -h "$pg_sock" -p "$pg_port" -U "$pg_os_user" -d postgres 2>&1 <<'SQL'
\getenv u P2P_STACK_U
\getenv pw P2P_STACK_PW
\getenv db P2P_STACK_DB
SELECT format('CREATE ROLE %I LOGIN', :'u') WHERE NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = :'u') \gexec
ALTER ROLE :"u" WITH LOGIN PASSWORD :'pw';
SELECT format('CREATE DATABASE %I OWNER %I', :'db', :'u') WHERE NOT EXISTS (SELECT 1 FROM pg_database WHERE datname = :'db') \gexec
SQL
  )"; then
    printf '%s\n' "$out" >&2
    die "$pg_label: creating role '$pg_user' / database '$pg_db' failed (log: $pg_log_link)"
  fi
}

pg_auth_ok() {
  PGPASSWORD="$pg_password" PGCONNECT_TIMEOUT=3 "$pgbin/psql" -X -q -w -h 127.0.0.1 -p "$pg_port" \
    -U "$pg_user" -d "$pg_db" -tAc 'select 1' >/dev/null 2>&1
}

pg_start() {
  pg_paths
  if pg_running; then
    local running_port; running_port="$(pg_running_port)"
    if [[ "$running_port" != "$pg_port" ]]; then
      # P2P_PG_PORT changed since the server started: restart it on the new port.
      as_pg "$pgbin/pg_ctl" stop -D "$pg_data" -m fast -w -t "$wait_s" >/dev/null
    elif pg_auth_ok; then
      return 0   # warm path: up and the credentials work
    fi
  fi
  pg_prepare_dirs
  pg_initdb
  pg_write_conf
  if ! pg_running; then
    # After a crash the old postmaster may linger as a zombie; postgres refuses to start while
    # the pid in postmaster.pid exists.
    local i old; old="$(pg_postmaster_pid)"
    for ((i = 0; i < 50; i++)); do [[ -n "$old" && -d "/proc/$old" ]] || break; sleep 0.2; done
    pg_free_port
    if ! as_pg "$pgbin/pg_ctl" start -D "$pg_data" -l "$pg_log" -w -t "$wait_s" >/dev/null 2>&1; then
      log_tail "$pg_log"
      die "$pg_label did not start on 127.0.0.1:$pg_port (data $pg_data, log $pg_log_link)"
    fi
  fi
  pg_provision
  local deadline=$((SECONDS + wait_s))
  until pg_auth_ok; do
    if ((SECONDS >= deadline)); then
      log_tail "$pg_log"
      die "$pg_label on 127.0.0.1:$pg_port refused an authenticated connection as '$pg_user' to '$pg_db' for ${wait_s}s (log: $pg_log_link)"
    fi
    sleep 0.5
  done
}

pg_stop() {
  pg_paths
  pg_running || return 0
  if ! as_pg "$pgbin/pg_ctl" stop -D "$pg_data" -m fast -w -t "$wait_s" >/dev/null 2>&1; then
    die "$pg_label (data $pg_data) did not stop within ${wait_s}s (log: $pg_log_link)"
  fi
}
