#!/usr/bin/env bash
# Starts or stops the relational mirrors: one `tmsct mirror` per organisation, keeping its tables
# (docs/sql.md) in step with master and the organisation's slave channel, with /metrics and /health
# on 127.0.0.1:<mirror_metrics_port> (network/topology.sh). The database is the one in
# state/orgs/<org>/mirror.url (PostgreSQL or MariaDB), else an H2 file under state/mirror/<org>/.
# Usage: mirror.sh start|stop|restart [org]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
action=${1:?usage: mirror.sh start|stop|restart [org]}
only=${2:-}
JAR="${TMSCT_CLI_JAR:-$REPO_DIR/client-cli/target/client-cli-all.jar}"

if [[ -n "$only" ]]; then org_index "$only" >/dev/null || exit 2; fi
orgs=("${PEER_ORGS[@]}")
[[ -n "$only" ]] && orgs=("$only")

start_mirror() {
  local o=$1 name port
  name="mirror-$o"
  port=$(mirror_metrics_port "$o")
  if is_running "$name"; then echo "    $name already running (pid $(pid_of "$name")) on http://127.0.0.1:$port/health"; return 0; fi
  [[ -f "$ORGS_DIR/$o/connection.json" ]] || die "no connection file for $o; run 'make up' first"
  port_in_use "$port" && die "port 127.0.0.1:$port (for $name) is already in use"
  [[ -n "$run_jar" ]] || run_jar=$(jar_copy "$JAR" "$STATE_DIR/mirror")
  log "starting $name (/health on http://127.0.0.1:$port)"
  local java_opts
  read -ra java_opts <<<"${MIRROR_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -Xss512k -Dh2.bindAddress=127.0.0.1}"
  start_process "$name" java "${java_opts[@]}" -jar "$run_jar" \
    --state "$STATE_DIR" --org "$o" --identity "${MIRROR_IDENTITY:-user1}" \
    mirror --metrics "127.0.0.1:$port"
  waiting+=("$name:$port")
}

case "$action" in
  start)
    [[ -f "$JAR" ]] || die "no client jar at $JAR (run 'make build')"
    run_jar=""
    waiting=()
    for o in "${orgs[@]}"; do start_mirror "$o"; done
    for w in "${waiting[@]}"; do wait_for_port "${w%%:*}" "${w##*:}" 60; done
    ;;
  stop)
    names=()
    for o in "${orgs[@]}"; do [[ -e "$PID_DIR/mirror-$o.pid" ]] && names+=("mirror-$o"); done
    ((${#names[@]} > 0)) && stop_processes "${names[@]}"
    ;;
  restart)
    "$0" stop "$only"
    exec "$0" start "$only"
    ;;
  *) die "unknown action '$action' (use start, stop or restart)" ;;
esac
exit 0
