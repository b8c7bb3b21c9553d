#!/usr/bin/env bash
# Starts or stops the trace servers: one per organisation, serving its trace page, staff views and
# REST API on 127.0.0.1:<trace_server_port> (network/topology.sh), reading the chain as the
# organisation's user1 (TRACE_IDENTITY to change it).
# Usage: trace-servers.sh start|stop|restart [org]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
action=${1:?usage: trace-servers.sh start|stop|restart [org]}
only=${2:-}
JAR="${TRACE_SERVER_JAR:-$REPO_DIR/trace-server/target/trace-server-all.jar}"

if [[ -n "$only" ]]; then org_index "$only" >/dev/null || exit 2; fi
orgs=("${PEER_ORGS[@]}")
[[ -n "$only" ]] && orgs=("$only")

start_server() {
  local o=$1 name port
  name="web-$o"
  port=$(trace_server_port "$o")
  if is_running "$name"; then echo "    $name already running (pid $(pid_of "$name")) on http://127.0.0.1:$port"; return 0; fi
  [[ -f "$ORGS_DIR/$o/connection.json" ]] || die "no connection file for $o; run 'make up' first"
  port_in_use "$port" && die "port 127.0.0.1:$port (for $name) is already in use"
  [[ -n "$run_jar" ]] || run_jar=$(jar_copy "$JAR" "$STATE_DIR/web")
  log "starting $name on http://127.0.0.1:$port"
  local java_opts
  read -ra java_opts <<<"${TRACE_SERVER_JAVA_OPTS:--Xmx256m -XX:+UseSerialGC -Xss512k}"
  start_process "$name" java "${java_opts[@]}" -jar "$run_jar" \
    --state-dir "$STATE_DIR" --org "$o" --identity "${TRACE_IDENTITY:-user1}" --port "$port"
  waiting+=("$name:$port")
}

case "$action" in
  start)
    [[ -f "$JAR" ]] || die "no trace server jar at $JAR (run 'make build')"
    run_jar=""
    waiting=()
    for o in "${orgs[@]}"; do start_server "$o"; done
    for w in "${waiting[@]}"; do wait_for_port "${w%%:*}" "${w##*:}" 60; done
    ;;
  stop)
    names=()
    for o in "${orgs[@]}"; do [[ -e "$PID_DIR/web-$o.pid" ]] && names+=("web-$o"); done
    ((${#names[@]} > 0)) && stop_processes "${names[@]}"
    ;;
  restart)
    "$0" stop "$only"
    exec "$0" start "$only"
    ;;
  *) die "unknown action '$action' (use start, stop or restart)" ;;
esac
exit 0
