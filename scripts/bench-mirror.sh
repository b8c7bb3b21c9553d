#!/usr/bin/env bash
# `make bench-mirror`: the relational mirror's lag under load. For each database in MIRROR_DBS
# (h2 postgresql) and each rate in MIRROR_RATES (100 max), RawMaterialOrg's `tmsct mirror` follows
# the network while records are written, and `tmsct mirror lag` measures, for every master block,
# the time from its delivery to the moment the mirror's tables show it. A numeric rate is records/s
# over the four organisations for MIRROR_SECONDS (60): each records a quarter of it
# (`tmsct record --batch --rate`, MIRROR_PER_TX (10) per transaction), the same trace codes in
# stage order, each stage MIRROR_STAGGER s (20) after the one before, so master accepts them all.
# "max" is the highest rate the command line reaches: MIRROR_MAX_RECORDS (10000) RAW_MATERIAL
# records as fast as RawMaterialOrg's batch goes (as record-rate.sh measures it), MIRROR_MAX_SECONDS
# (120) watched. The probe reads the checkpoint every MIRROR_POLL_MS (20). pidstat gives each
# process's CPU. Writes caliper/results/bench-mirror-<time>/summary.md.
# Its own network: state/bench-mirror, BASE_PORT 32000 (stopped at the end if this run started it).
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/.." && pwd)"
export TMSCT_STATE="${TMSCT_STATE:-$REPO_DIR/state/bench-mirror}" BASE_PORT="${BASE_PORT:-32000}"
source "$REPO_DIR/scripts/lib.sh"
read -ra DBS <<<"${MIRROR_DBS:-h2 postgresql}"
read -ra RATES <<<"${MIRROR_RATES:-100 max}"
SECONDS_EACH=${MIRROR_SECONDS:-60}
PER_TX=${MIRROR_PER_TX:-10}
MAX_RECORDS=${MIRROR_MAX_RECORDS:-10000}
MAX_SECONDS=${MIRROR_MAX_SECONDS:-120}
STAGGER=${MIRROR_STAGGER:-20}
POLL_MS=${MIRROR_POLL_MS:-20}   # the probe's reads cost the database's CPU too: not too often
ORG=RawMaterialOrg
out="$REPO_DIR/caliper/results/bench-mirror-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
command -v pidstat >/dev/null || die "pidstat is missing: run 'make deps'"
tmsct() { "$REPO_DIR/scripts/tmsct" "$@"; }

started=0
[[ -n "$(running_processes)" ]] || started=1
finish() {
  local rc=$?
  [[ -n "${pidstat_pid:-}" ]] && kill "$pidstat_pid" 2>/dev/null
  "$REPO_DIR/scripts/mirror.sh" stop "$ORG" >/dev/null 2>&1 || true
  rm -f "$ORGS_DIR/$ORG/mirror.url"
  if ((started)) && [[ "${BENCH_KEEP:-0}" != 1 ]]; then "$REPO_DIR/scripts/down.sh" >/dev/null && log "stopped the network this run started"; fi
  exit $rc
}
trap finish EXIT

log "bench-mirror: network in $STATE_DIR (BASE_PORT $BASE_PORT), results in $out"
((started)) && "$REPO_DIR/scripts/start-network.sh"
for o in "${PEER_ORGS[@]}"; do
  [[ -f "$STATE_DIR/devices/$o/mirror-sensor/key.pem" ]] || tmsct --org "$o" device keygen mirror-sensor >/dev/null
  grep -q "^mirror-sensor " <<<"$(tmsct --org "$o" device list)" || tmsct --org "$o" device register mirror-sensor >/dev/null
done
"$REPO_DIR/caliper/bin/env.sh" "$out/env.json" 2>/dev/null || true

write_records() {  # write_records <file> <n> <stage> <tid prefix>
  python3 - "$@" <<'PY'
import sys
path, n, stage, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
with open(path, "w") as f:
    for i in range(n):
        f.write('{"tid":"%s-%05d","stage":"%s","fields":{"batch":"B-%d","temperature":%d,"quantity":%d}}\n'
                % (prefix, i, stage, i, 15 + i % 12, 10 + i % 90))
PY
}

round() {  # round <db> <rate>
  local db=$1 rate=$2 name="$1-$2" prefix watch orgs=() args=() recorders=() o k=0 failed=0
  prefix="MB-$name-$(date -u +%H%M%S)"
  if [[ $rate == max ]]; then
    orgs=("$ORG")
    write_records "$out/records-$name-$ORG.jsonl" "$MAX_RECORDS" "${ORG_STAGE[$ORG]}" "$prefix"
    watch=$MAX_SECONDS
    log "round $name: $MAX_RECORDS records by $ORG as fast as they go, $watch s watched"
  else
    orgs=("${PEER_ORGS[@]}")
    for o in "${orgs[@]}"; do
      write_records "$out/records-$name-$o.jsonl" $((rate * SECONDS_EACH / 4)) "${ORG_STAGE[$o]}" "$prefix"
    done
    args=(--rate "$(python3 -c "print($rate / 4)")")
    watch=$((SECONDS_EACH + STAGGER * (${#orgs[@]} - 1)))
    log "round $name: $rate records/s over ${#orgs[@]} organisations (stages ${STAGGER} s apart), $watch s watched"
  fi
  pidstat -h -u 1 > "$out/pidstat-$name.txt" 2>&1 &
  pidstat_pid=$!
  tmsct --org "$ORG" mirror lag --seconds "$watch" --poll-ms "$POLL_MS" --drain 180 --out "$out/lag-$name.json" > "$out/lag-$name.txt" 2>&1 &
  local probe=$!
  sleep 2   # the probe listens before the first record
  for o in "${orgs[@]}"; do
    ( sleep $((k * STAGGER)); tmsct --org "$o" record --batch --device mirror-sensor --per-tx "$PER_TX" --concurrency 8 "${args[@]}" \
        "$out/records-$name-$o.jsonl" ) > "$out/record-$name-$o.txt" 2>&1 &
    recorders+=($!)
    k=$((k + 1))
  done
  for o in "${recorders[@]}"; do wait "$o" || failed=1; done
  wait "$probe" || failed=1
  kill "$pidstat_pid" 2>/dev/null; wait "$pidstat_pid" 2>/dev/null || true
  pidstat_pid=""
  "$REPO_DIR/caliper/bin/cpu-seconds.sh" "$out/pidstat-$name.txt" > "$out/cpu-$name.txt" || true
  ((failed == 0)) || log "round $name: a recorder or the probe failed (see $out/*-$name*.txt)"
  cat "$out/lag-$name.txt"
}

for db in "${DBS[@]}"; do
  case "$db" in
    h2) rm -f "$ORGS_DIR/$ORG/mirror.url" ;;
    postgresql) "$REPO_DIR/scripts/postgres.sh" start; "$REPO_DIR/scripts/postgres.sh" url "$ORG" > "$ORGS_DIR/$ORG/mirror.url" ;;
    mariadb) "$REPO_DIR/scripts/mariadb.sh" start; "$REPO_DIR/scripts/mariadb.sh" url "$ORG" mirror > "$ORGS_DIR/$ORG/mirror.url" ;;
    *) die "unknown database '$db' (use h2, postgresql or mariadb)" ;;
  esac
  "$REPO_DIR/scripts/mirror.sh" stop "$ORG" >/dev/null 2>&1 || true
  "$REPO_DIR/scripts/mirror.sh" start "$ORG"
  log "waiting for the $db mirror to catch up with the ledgers"
  tmsct --org "$ORG" mirror wait --timeout 300
  for rate in "${RATES[@]}"; do round "$db" "$rate"; done
  "$REPO_DIR/scripts/mirror.sh" stop "$ORG"
done
node "$REPO_DIR/caliper/tools/mirror-summary.js" "$out" > "$out/summary.md"
cat "$out/summary.md"
