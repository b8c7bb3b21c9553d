#!/usr/bin/env bash
# Starts or stops the anchor relays: one per organisation whose slave chaincode is committed on its
# slave channel, each with the organisation's relay identity. A second relay for the same channel
# takes a numeric suffix: `relays.sh start RawMaterialOrg 2` starts relay-RawMaterialOrg-2, whose
# /health and /metrics listen on the relay port + 1 (suffixes 2..5 use peer port +6..+9; others, or
# RELAY_METRICS=off, run without the endpoint).
# Usage: relays.sh start|stop|restart [org] [suffix]
set -euo pipefail
source "$(dirname "$0")/lib.sh"
action=${1:?usage: relays.sh start|stop|restart [org] [suffix]}
only=${2:-}
suffix=${3:-}
JAR="${RELAY_JAR:-$REPO_DIR/anchor-relay/target/anchor-relay.jar}"

if [[ -n "$only" ]]; then org_index "$only" >/dev/null || exit 2; fi
[[ -z "$suffix" || "$suffix" =~ ^[A-Za-z0-9]+$ ]] || die "relay suffix must be letters and digits, got '$suffix'"

relay_name() { echo "relay-$1${2:+-$2}"; }
relay_port() {  # relay_port <org> [suffix]: empty when the relay runs without /health and /metrics
  local base; base=$(relay_metrics_port "$1")
  [[ "${RELAY_METRICS:-on}" == off ]] && return 0
  if [[ -z "$2" ]]; then echo "$base"
  elif [[ "$2" =~ ^[2-5]$ ]]; then echo $((base + $2 - 1))
  fi
  return 0
}

start_relay() {
  local o=$1 sfx=$2 name port metrics
  name=$(relay_name "$o" "$sfx")
  if is_running "$name"; then echo "    $name already running (pid $(pid_of "$name"))"; return 0; fi
  [[ -f "$CC_DIR/$CC_SLAVE/${ORG_CHANNEL[$o]}.sum" ]] || { echo "    $name: $CC_SLAVE is not deployed on '${ORG_CHANNEL[$o]}' yet, not started"; return 0; }
  [[ -f "$ORGS_DIR/$o/connection.json" ]] || die "no connection file for $o; run 'make up' first"
  port=$(relay_port "$o" "$sfx")
  metrics=off
  if [[ -n "$port" ]]; then
    port_in_use "$port" && die "port 127.0.0.1:$port (for $name) is already in use"
    metrics="127.0.0.1:$port"
  fi
  [[ -n "$run_jar" ]] || run_jar=$(jar_copy "$JAR" "$STATE_DIR/relay")
  log "starting $name for channel '${ORG_CHANNEL[$o]}' (metrics: $metrics)"
  local java_opts relay_args
  read -ra java_opts <<<"${RELAY_JAVA_OPTS:--Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k}"
  read -ra relay_args <<<"${RELAY_ARGS:-}"
  start_process "$name" java "${java_opts[@]}" -jar "$run_jar" \
    --state-dir "$STATE_DIR" --org "$o" --name "$name" --metrics "$metrics" \
    --checkpoint "$DATA_DIR/$name/checkpoint.json" "${relay_args[@]}"
  [[ -n "$port" ]] && waiting+=("$name:$port")
  return 0
}

names_for() {  # the relay process names an org (and suffix) selects, from their pid files
  local o=$1 sfx=$2 f
  if [[ -n "$sfx" ]]; then relay_name "$o" "$sfx"; return; fi
  for f in "$PID_DIR/relay-$o.pid" "$PID_DIR/relay-$o"-*.pid; do [[ -e "$f" ]] && basename "$f" .pid; done
  return 0
}

orgs=("${PEER_ORGS[@]}")
[[ -n "$only" ]] && orgs=("$only")
case "$action" in
  start)
    [[ -f "$JAR" ]] || { log "no relay jar at $JAR (run 'make build'); no relay started"; exit 0; }
    run_jar=""
    waiting=()
    for o in "${orgs[@]}"; do start_relay "$o" "$suffix"; done
    for w in "${waiting[@]}"; do wait_for_port "${w%%:*}" "${w##*:}" 60; done
    ;;
  stop)
    names=()
    for o in "${orgs[@]}"; do while read -r n; do [[ -n "$n" ]] && names+=("$n"); done < <(names_for "$o" "$suffix"); done
    ((${#names[@]} > 0)) && stop_processes "${names[@]}"
    ;;
  restart)
    "$0" stop "$only" "$suffix"
    exec "$0" start "$only" "$suffix"
    ;;
  *) die "unknown action '$action' (use start, stop or restart)" ;;
esac
exit 0
