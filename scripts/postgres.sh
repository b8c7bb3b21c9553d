#!/usr/bin/env bash
# Runs a PostgreSQL server for the relational mirror of the chain, as one of the network's own
# processes (pid file, log file, a private cluster under the state directory, bound to 127.0.0.1).
# Never uses a system cluster the Debian package may run. Needs the postgresql packages, which
# `make deps` installs. Writes state/offchain/postgres.env with the JDBC URL prefix; each
# organisation gets its own database tmsct_<org>, owned by the user tmsct.
# Usage: postgres.sh start|stop|url <org>
set -euo pipefail
source "$(dirname "$0")/lib.sh"
action=${1:?usage: postgres.sh start|stop|url <org>}
dir="$STATE_DIR/postgres"
port=$(postgres_port)

org_db() { echo "tmsct_$(tr '[:upper:]' '[:lower:]' <<<"$1")"; }

pg_bindir() {  # where initdb and postgres are: pg_config's answer, else the newest Debian version
  local d
  if command -v pg_config >/dev/null; then
    d=$(pg_config --bindir 2>/dev/null || true)
    [[ -x "$d/postgres" ]] && { echo "$d"; return; }
  fi
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
  [[ -x "$d/postgres" && -x "$d/initdb" ]] && echo "$d"
}

case "$action" in
  start)
    bin=$(pg_bindir) || die "PostgreSQL is not installed; run 'make deps' (scripts/install-deps.sh) first"
    if is_running postgres; then echo "    postgres already running (pid $(pid_of postgres))"; exit 0; fi
    port_in_use "$port" && die "port 127.0.0.1:$port (for postgres) is already in use"
    # PostgreSQL refuses to run as root: then the cluster belongs to the Debian package's system
    # user. setpriv execs in place, so the pid file names postgres itself and its environment
    # keeps the TMSCT_PROCESS marker (runuser would fork and sit in between).
    as_owner=()
    if ((EUID == 0)); then
      id -u postgres >/dev/null 2>&1 || die "running as root needs the 'postgres' system user; run 'make deps'"
      as_owner=(setpriv --reuid=postgres --regid=postgres --init-groups --)
    fi
    mkdir -p "$dir" "$STATE_DIR/offchain"
    if ((EUID == 0)); then chown postgres: "$dir"; fi
    "${as_owner[@]}" test -w "$dir" \
      || die "user $("${as_owner[@]}" id -un) cannot write to $dir (is a parent directory closed to it?)"
    cd /   # the server user may not be allowed into the caller's working directory
    if [[ ! -f "$dir/data/PG_VERSION" ]]; then
      log "initialising a PostgreSQL cluster in $dir/data"
      # Peer authentication on the socket (the admin steps below), passwords on TCP. No locale: byte order, like utf8mb4_bin.
      "${as_owner[@]}" "$bin/initdb" -D "$dir/data" --no-locale --encoding=UTF8 --auth-local=peer \
        --auth-host=scram-sha-256 > "$dir/initdb.log" 2>&1 || die "initdb failed (see $dir/initdb.log)"
    fi
    log "starting postgres on 127.0.0.1:$port"
    start_process postgres "${as_owner[@]}" "$bin/postgres" -D "$dir/data" -c listen_addresses=127.0.0.1 \
      -c port="$port" -c unix_socket_directories="$dir" -c shared_buffers=32MB -c max_connections=50
    wait_for_port postgres "$port" 60
    # The port opens before crash recovery ends; wait until it accepts sessions.
    for ((i = 0; ; i++)); do
      "${as_owner[@]}" "$bin/pg_isready" -q -h "$dir" -p "$port" -d postgres && break
      ((i < 150)) || die "postgres did not accept connections within 30s (see $LOG_DIR/postgres.log)"
      sleep 0.2
    done
    # CREATE DATABASE has no IF NOT EXISTS: \gexec runs the statements the queries produce.
    sql="SELECT 'CREATE ROLE tmsct LOGIN PASSWORD ''tmsct''' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'tmsct')"$'\n\\gexec\n'
    for o in "${PEER_ORGS[@]}"; do
      sql+="SELECT 'CREATE DATABASE $(org_db "$o") OWNER tmsct' WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$(org_db "$o")')"$'\n\\gexec\n'
    done
    "${as_owner[@]}" "$bin/psql" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$port" -d postgres <<<"$sql" \
      || die "could not create the relational mirror's databases"
    echo "POSTGRES_JDBC_PREFIX=jdbc:postgresql://127.0.0.1:$port/" > "$STATE_DIR/offchain/postgres.env"
    log "postgres ready: jdbc:postgresql://127.0.0.1:$port/tmsct_<org> (user tmsct)"
    ;;
  stop)
    # SIGTERM, which stop_process sends, is postgres' 'smart' shutdown: it waits for every client
    # to disconnect. SIGINT first asks for the 'fast' one (clients cut off, clean checkpoint); the
    # SIGTERM after it is then ignored.
    if is_running postgres; then kill -INT "$(pid_of postgres)"; fi
    stop_process postgres
    ;;
  url)
    org=${2:?usage: postgres.sh url <org>}
    echo "jdbc:postgresql://127.0.0.1:$port/$(org_db "$org")?user=tmsct&password=tmsct"
    ;;
  *) die "unknown action '$action' (use start, stop or url)" ;;
esac
