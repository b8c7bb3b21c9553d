#!/usr/bin/env bash
# Runs a MariaDB server for the organisations' off-chain stores and relational mirrors, as one of
# the network's own processes (pid file, log file, data under the state directory, bound to
# 127.0.0.1). Needs the mariadb-server package, which `make deps` installs. Writes
# state/offchain/mariadb.env with the JDBC URL prefix; each organisation gets a database tmsct_<org>
# for its off-chain store and tmsct_<org>_mirror for its mirror (both hold a raw_records table).
# Usage: mariadb.sh start|stop|url <org> [mirror]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
action=${1:?usage: mariadb.sh start|stop|url <org> [mirror]}
dir="$STATE_DIR/mariadb"
port=$(mariadb_port)

org_db() { echo "tmsct_$(tr '[:upper:]' '[:lower:]' <<<"$1")"; }

case "$action" in
  start)
    if ! command -v mariadbd >/dev/null || ! command -v mariadb-install-db >/dev/null; then
      die "MariaDB is not installed; run 'make deps' (scripts/install-deps.sh) first"
    fi
    if is_running mariadb; then echo "    mariadb already running (pid $(pid_of mariadb))"; exit 0; fi
    port_in_use "$port" && die "port 127.0.0.1:$port (for mariadb) is already in use"
    mkdir -p "$dir"
    if [[ ! -d "$dir/data/mysql" ]]; then
      log "initialising a MariaDB data directory in $dir/data"
      mariadb-install-db --no-defaults --user="$(id -un)" --datadir="$dir/data" --auth-root-authentication-method=socket \
        --skip-test-db > "$dir/install.log" 2>&1 || die "mariadb-install-db failed (see $dir/install.log)"
    fi
    log "starting mariadb on 127.0.0.1:$port"
    start_process mariadb mariadbd --no-defaults --user="$(id -un)" --datadir="$dir/data" --socket="$dir/mariadb.sock" \
      --port="$port" --bind-address=127.0.0.1 --skip-name-resolve --pid-file="$dir/mariadbd.pid" \
      --innodb-buffer-pool-size=64M --max-connections=100
    wait_for_port mariadb "$port" 60
    sql="CREATE USER IF NOT EXISTS 'tmsct'@'127.0.0.1' IDENTIFIED BY 'tmsct';"
    for o in "${PEER_ORGS[@]}"; do
      for db in "$(org_db "$o")" "$(org_db "$o")_mirror"; do
        sql+="CREATE DATABASE IF NOT EXISTS $db CHARACTER SET utf8mb4 COLLATE utf8mb4_bin;"
        sql+="GRANT ALL PRIVILEGES ON $db.* TO 'tmsct'@'127.0.0.1';"
      done
    done
    mariadb --no-defaults --socket="$dir/mariadb.sock" -uroot -e "$sql" || die "could not create the off-chain databases"
    mkdir -p "$STATE_DIR/offchain"
    echo "OFFCHAIN_JDBC_PREFIX=jdbc:mysql://127.0.0.1:$port/" > "$STATE_DIR/offchain/mariadb.env"
    log "mariadb ready: jdbc:mysql://127.0.0.1:$port/tmsct_<org> (user tmsct)"
    ;;
  stop) stop_process mariadb ;;
  url)
    org=${2:?usage: mariadb.sh url <org> [mirror]}
    db=$(org_db "$org")
    case "${3:-}" in "") ;; mirror) db+=_mirror ;; *) die "unknown database '$3' (use mirror or nothing)" ;; esac
    echo "jdbc:mysql://127.0.0.1:$port/$db?user=tmsct&password=tmsct"
    ;;
  *) die "unknown action '$action' (use start, stop or url)" ;;
esac
