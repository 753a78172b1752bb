# Sourced by scripts/stack: FerretDB, the local MongoDB-compatible server, on its PostgreSQL
# backend: the documents live in a PostgreSQL cluster of its own (stack_postgres.sh's `ferretdb`
# cluster: own port, data folder var/ferretdb-postgres, log), never in the application's, so
# stopping or killing either PostgreSQL leaves the other store's endpoints up.

fdb_pid() { pid_of_binary "$fdb_pidfile" "$ferretdb_bin"; }

fdb_running_port() { [[ -f "$fdb_portfile" ]] && cat "$fdb_portfile" || echo "$mongo_port"; }

# Authenticated probe: exit 0 only if USER/PASSWORD authenticate (SCRAM-SHA-256) against DB.
fdb_auth_ok() {
  FERRETDB_SETUP_PASSWORD="$mongo_password" "$ferretdb_bin" ping \
    --listen-addr="127.0.0.1:$mongo_port" --test-enable-new-auth \
    --setup-database="$mongo_db" --setup-username="$mongo_user" --setup-timeout=5s \
    --log-level=ERROR --telemetry=disable --debug-addr=- >/dev/null 2>&1
}

fdb_fingerprint() { printf '%s\n%s\n%s\n' "$mongo_db" "$mongo_user" "$mongo_password" | sha256sum | cut -c1-64; }

# Percent-encodes $1 for the userinfo part of a URL.
url_encode() {
  local LC_ALL=C s="$1" out="" c i  # byte by byte
  for ((i = 0; i < ${#s}; i++)); do
    c="${s:i:1}"
    case "$c" in
      [A-Za-z0-9._~-]) out+="$c" ;;
      *) out+="$(printf '%%%02X' "'$c")" ;;
    esac
  done
  printf '%s' "$out"
}

# The URL FerretDB reaches its PostgreSQL with (through the environment, never argv).
fdb_postgresql_url() {
  printf 'postgres://%s:%s@127.0.0.1:%s/%s' "$(url_encode "$fdb_pg_user")" \
    "$(url_encode "$fdb_pg_password")" "$fdb_pg_port" "$(url_encode "$fdb_pg_db")"
}

# Until this change FerretDB kept its documents in SQLite files under var/ferretdb. They are not
# carried over: say so, and how to start afresh.
fdb_refuse_sqlite_data() {
  compgen -G "$fdb_data/*.sqlite" >/dev/null || return 0
  die "var/ferretdb holds SQLite data of the old FerretDB backend ($(cd "$fdb_data" && ls -- *.sqlite | tr '\n' ' ' | sed 's/ $//')); FerretDB now stores in its own PostgreSQL (var/ferretdb-postgres) and does not read these files. Run scripts/stack reset (deletes the local data of both stores), then scripts/run seeds again"
}

fdb_start() {
  [[ -x "$ferretdb_bin" ]] || die "FerretDB binary $ferretdb_bin not found; run scripts/setup"
  fdb_refuse_sqlite_data
  pg_cluster ferretdb
  pg_start
  local pid
  if pid="$(fdb_pid)"; then
    if [[ "$(fdb_running_port)" != "$mongo_port" ]]; then
      fdb_stop_server          # P2P_MONGO_PORT changed: restart on the new port
    elif [[ "$(readlink "/proc/$pid/exe" 2>/dev/null)" == *" (deleted)" ]]; then
      fdb_stop_server          # scripts/setup rebuilt the binary (a new patch): run the new one
    elif fdb_auth_ok; then
      return 0                 # warm path
    else
      die "$(fdb_auth_failed_msg)"
    fi
  fi
  rm -f "$fdb_pidfile" "$fdb_portfile"
  if port_open "$mongo_port"; then
    die "port $mongo_port on 127.0.0.1 is already in use$(port_owner "$mongo_port"); stop that process or set P2P_MONGO_PORT"
  fi
  mkdir -p "$fdb_data" "$var/log" "$var/run"
  local log_start=0
  [[ -f "$fdb_log" ]] && log_start="$(stat -c %s "$fdb_log")"
  # --test-enable-new-auth: SCRAM-SHA-1/256 users stored by FerretDB itself (admin.system.users);
  #   every command except hello/ping/buildInfo/sasl* requires authentication.
  # --setup-*: creates database + user on first start only (when the database does not exist).
  # --debug-addr=-: no HTTP debug/metrics listener (default 127.0.0.1:8088 would be one more port).
  # --test-enable-sort-pushdown, --test-enable-count-pushdown: our patches (patches/ferretdb/,
  #   applied by scripts/setup; docs/mongodb.md): sorts on top-level fields run in PostgreSQL,
  #   read in keyset chunks, and a count of top-level equalities is PostgreSQL's count(*).
  # Both passwords go through the environment, not argv.
  # setsid: own session, so the server survives the calling shell (CI step, terminal).
  local pg_url; pg_url="$(fdb_postgresql_url)"
  (
    cd "$fdb_data"
    FERRETDB_SETUP_PASSWORD="$mongo_password" FERRETDB_POSTGRESQL_URL="$pg_url" exec setsid "$ferretdb_bin" \
      --handler=postgresql --state-dir="$fdb_data" \
      --listen-addr="127.0.0.1:$mongo_port" --debug-addr=- --telemetry=disable \
      --test-enable-new-auth --setup-database="$mongo_db" --setup-username="$mongo_user" \
      --test-enable-sort-pushdown --test-enable-count-pushdown \
      >>"$fdb_log" 2>&1 </dev/null 9>&-
  ) &
  pid=$!
  printf '%s\n' "$pid" >"$fdb_pidfile"
  printf '%s\n' "$mongo_port" >"$fdb_portfile"

  # Ready = the TCP port accepts connections, the log says it listens there, and an
  # authenticated ping succeeds. The database and user are set up before the listener starts,
  # so once it listens a refused ping means wrong credentials: give up after a few tries.
  local deadline=$((SECONDS + wait_s)) listening=0 refused=0
  while :; do
    if ! alive "$pid"; then
      rm -f "$fdb_pidfile" "$fdb_portfile"
      tail -c +"$((log_start + 1))" "$fdb_log" | tail -n 15 >&2
      die "FerretDB exited during start (log: $fdb_log)"
    fi
    if ((!listening)) && port_open "$mongo_port" &&
       tail -c +"$((log_start + 1))" "$fdb_log" | grep -q "Listening on TCP 127.0.0.1:$mongo_port"; then
      listening=1
    fi
    if ((listening)); then
      fdb_auth_ok && break
      if ((++refused >= 5)); then local msg; msg="$(fdb_auth_failed_msg)"; fdb_stop_server; die "$msg"; fi
    fi
    if ((SECONDS >= deadline)); then
      tail -c +"$((log_start + 1))" "$fdb_log" | tail -n 15 >&2
      fdb_stop_server
      die "FerretDB did not listen on 127.0.0.1:$mongo_port within ${wait_s}s (log: $fdb_log)"
    fi
    sleep 0.3
  done
  [[ -f "$fdb_data/.p2p-setup" ]] || fdb_fingerprint >"$fdb_data/.p2p-setup"
}

fdb_auth_failed_msg() {
  local hint=""
  if [[ -f "$fdb_data/.p2p-setup" && "$(<"$fdb_data/.p2p-setup")" != "$(fdb_fingerprint)" ]]; then
    hint="; P2P_MONGO_DB/USER/PASSWORD changed since var/ferretdb was created, and FerretDB only creates the setup user together with a new database: run scripts/stack reset (drops the FerretDB data)"
  fi
  printf '%s' "FerretDB on 127.0.0.1:$mongo_port is up but refused user '$mongo_user' on database '$mongo_db'$hint (log: $fdb_log)"
}

# Stops FerretDB, then its PostgreSQL.
fdb_stop() {
  fdb_stop_server
  pg_cluster ferretdb
  pg_stop
}

fdb_stop_server() {
  local pid i
  if pid="$(fdb_pid)"; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < 100; i++)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      kill -KILL "$pid" 2>/dev/null || true
      for ((i = 0; i < 50; i++)); do alive "$pid" || break; sleep 0.1; done
    fi
    alive "$pid" && die "FerretDB (pid $pid) did not stop within 15 s"
  fi
  rm -f "$fdb_pidfile" "$fdb_portfile"
}
