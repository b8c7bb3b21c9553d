#!/usr/bin/env bash
# `make bench-web`: HTTP load on one organisation's trace server with wrk, next to the same Trace
# query made straight through the gateway (GatewayTraceLoad), in one run on one network. For each
# number of connections (WEB_CONNECTIONS) and WEB_SECONDS each: rate, p50/p99 latency, failures,
# and the CPU each process used (from /proc, per request). Writes
# caliper/results/bench-web-<time>/summary.md. Its own network: state/bench-web, BASE_PORT 21000.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/.." && pwd)"
export TMSCT_STATE="${TMSCT_STATE:-$REPO_DIR/state/bench-web}" BASE_PORT="${BASE_PORT:-21000}"
source "$REPO_DIR/scripts/lib.sh"
read -ra CONNECTIONS <<<"${WEB_CONNECTIONS:-1 4 16 64}"
SECONDS_EACH=${WEB_SECONDS:-20}
TID=${WEB_TID:-BIKE-WEB-BENCH-1}
ORG=DistributorOrg
JAR="$REPO_DIR/trace-server/target/trace-server-all.jar"
out="$REPO_DIR/caliper/results/bench-web-$(date -u +%Y%m%d-%H%M%S)"
mkdir -p "$out"
command -v wrk >/dev/null || die "wrk is missing: run 'make deps'"
tmsct() { "$REPO_DIR/scripts/tmsct" "$@"; }

log "bench-web: network in $STATE_DIR (BASE_PORT $BASE_PORT), results in $out"
"$REPO_DIR/scripts/start-network.sh"
if ! tmsct --org "$ORG" exists "$TID" >/dev/null 2>&1; then
  log "recording $TID through its four stages"
  for o in "${PEER_ORGS[@]}"; do
    tmsct --org "$o" device keygen bench-web-sensor >/dev/null 2>&1 || true
    tmsct --org "$o" device register bench-web-sensor >/dev/null 2>&1 || true
    echo "{\"tid\":\"$TID\",\"stage\":\"${ORG_STAGE[$o]}\",\"fields\":{\"batch\":\"B-1\",\"product\":\"bike frame\",\"quantity\":40,\"location\":\"site of $o\",\"temperature\":21}}" |
      tmsct --org "$o" record --device bench-web-sensor --wait-anchored - >/dev/null
  done
fi
"$REPO_DIR/scripts/trace-servers.sh" start "$ORG"
url="http://127.0.0.1:$(trace_server_port "$ORG")"
curl -fsS "$url/api/trace/$TID" >/dev/null || die "the trace server does not answer $TID"

# The processes whose CPU counts: the trace server, every peer and chaincode server.
watched=("web-$ORG")
while read -r n; do watched+=("$n"); done < <(running_processes | grep -E '^(peer|cc-)' || true)
ticks() {  # ticks <pid>: user+system CPU ticks so far
  awk '{print $14 + $15}' "/proc/$1/stat" 2>/dev/null || echo 0
}
snapshot() {  # snapshot <extra pid>: "name=ticks" for every watched process and the load tool
  local n
  for n in "${watched[@]}"; do echo "$n=$(ticks "$(pid_of "$n")")"; done
  echo "load=$(ticks "$1")"
}
cpu_line() {  # cpu_line <before> <after> <requests>: ms of CPU per request, by process group
  python3 - "$1" "$2" "$3" "$(getconf CLK_TCK)" <<'PY'
import sys
b = dict(l.split("=") for l in sys.argv[1].split())
a = dict(l.split("=") for l in sys.argv[2].split())
n, hz = max(int(sys.argv[3]), 1), int(sys.argv[4])
groups = {"server": lambda k: k.startswith("web-"), "peers": lambda k: k.startswith("peer"),
          "chaincode": lambda k: k.startswith("cc-"), "load tool": lambda k: k == "load"}
parts = []
for g, f in groups.items():
    t = sum(int(a[k]) - int(b.get(k, 0)) for k in a if f(k))
    parts.append(f"{1000 * t / hz / n:.2f}")
print(" | ".join(parts))
PY
}

run_wrk() {  # run_wrk <label> <file name> <connections> <path>
  local label=$1 c=$3 path=$4 log="$out/wrk-$2-c$3.txt" before after pid
  wrk -t "$(( c < 2 ? 1 : 2 ))" -c "$c" -d "${SECONDS_EACH}s" --latency "$url$path" >"$log" 2>&1 &
  pid=$!
  sleep 0.2; before=$(snapshot "$pid")
  sleep $((SECONDS_EACH - 1)); after=$(snapshot "$pid")
  wait "$pid"
  python3 - "$log" "$label" "$c" "$(cpu_line "$before" "$after" "$(awk '/requests in/{print $1}' "$log")")" <<'PY' >>"$out/rows.md"
import re, sys
text, label, c, cpu = open(sys.argv[1]).read(), sys.argv[2], sys.argv[3], sys.argv[4]
def ms(v):
    m = re.match(r"([\d.]+)(us|ms|s)", v); x = float(m.group(1))
    return {"us": x / 1000, "ms": x, "s": x * 1000}[m.group(2)]
rate = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
total = int(re.search(r"(\d+) requests in", text).group(1))
bad = int((re.search(r"Non-2xx or 3xx responses: (\d+)", text) or [0, 0])[1])
errs = sum(int(x) for x in re.findall(r"(?:connect|read|write|timeout) (\d+)", text))
p50 = ms(re.search(r"50%\s+(\S+)", text).group(1)); p99 = ms(re.search(r"99%\s+(\S+)", text).group(1))
ok = 100.0 * (total - bad - errs) / max(total, 1)
print(f"| {label} | {c} | {rate:.1f} | {p50:.1f} | {p99:.1f} | {ok:.2f}% | {cpu} |")
PY
}

run_gateway() {  # run_gateway <threads>
  local c=$1 log="$out/gateway-c$1.json" before after pid
  java -Xmx256m -cp "$JAR" org.tmsct.web.bench.GatewayTraceLoad --state-dir "$STATE_DIR" --org "$ORG" \
    --tid "$TID" --threads "$c" --seconds "$SECONDS_EACH" --warmup-seconds 3 >"$log" &
  pid=$!
  sleep 3.2; before=$(snapshot "$pid")
  sleep $((SECONDS_EACH - 1)); after=$(snapshot "$pid")
  wait "$pid"
  python3 - "$log" "$c" "$(cpu_line "$before" "$after" "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["requests"])' "$log")")" <<'PY' >>"$out/rows.md"
import json, sys
r, c, cpu = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
ok = 100.0 * r["requests"] / max(r["requests"] + r["errors"], 1)
print(f"| Trace through the gateway (Java, one Gateway) | {c} | {r['rate']:.1f} | {r['p50ms']:.1f} | {r['p99ms']:.1f} | {ok:.2f}% | {cpu} |")
PY
}

log "warming up the server"
wrk -t 1 -c 2 -d 5s "$url/api/trace/$TID" >/dev/null
: >"$out/rows.md"
for c in "${CONNECTIONS[@]}"; do
  log "$c connections, ${SECONDS_EACH}s each: gateway, GET /api/trace, GET /trace page"
  run_gateway "$c"
  run_wrk "GET /api/trace/{tid}" api "$c" "/api/trace/$TID"
  run_wrk "GET /trace?code= (page)" page "$c" "/trace?code=$TID"
done
{
  echo "# Trace server under wrk, next to the gateway ($(date -u +%Y-%m-%dT%H:%MZ))"
  echo
  echo "Machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GiB; $(java -version 2>&1 | head -1); $(wrk --version 2>&1 | head -1 | cut -c1-40)."
  echo "Command: \`make bench-web\` (WEB_CONNECTIONS='${CONNECTIONS[*]}', WEB_SECONDS=$SECONDS_EACH); trace of $TID (4 stages) on $ORG's trace server; everything on this machine."
  echo
  echo "CPU: milliseconds of CPU per request, of the trace server, the four peers, the eight chaincode servers and the load tool (wrk or the Java client), from /proc over the round."
  echo
  echo "| what | connections | requests/s | p50 ms | p99 ms | success | CPU server | CPU peers | CPU chaincode | CPU load tool |"
  echo "|---|---|---|---|---|---|---|---|---|---|"
  cat "$out/rows.md"
} >"$out/summary.md"
cat "$out/summary.md"
log "bench-web done; 'TMSCT_STATE=$STATE_DIR BASE_PORT=$BASE_PORT make down' stops its network"
