#!/usr/bin/env bash
# CPU seconds per process from a `pidstat -h -u 1` log (one %CPU sample per process and second):
# the network's processes by the names of their pid files, any other process by its command
# (`other:node` is Caliper's manager and workers, `other:java` the tmsct client), largest first, then the total.
# Usage: cpu-seconds.sh <pidstat log>   (TMSCT_STATE names the network, as for the other scripts)
set -euo pipefail
REPO_DIR="$(cd "$(dirname "$0")/../.." && pwd)"
# shellcheck source=../../scripts/lib.sh
source "$REPO_DIR/scripts/lib.sh"
log_file=${1:?usage: cpu-seconds.sh <pidstat log>}
names=$(mktemp)
trap 'rm -f "$names"' EXIT
for f in "$PID_DIR"/*.pid; do [[ -f "$f" ]] && echo "$(cat "$f") $(basename "$f" .pid)"; done > "$names"
awk 'NR == FNR { name[$1] = $2; next }
     $1 !~ /^#/ && NF >= 10 && $8 ~ /^[0-9.]+$/ {
       p = ($3 in name) ? name[$3] : "other:" $10; cpu[p] += $8 / 100 }
     END { for (p in cpu) if (cpu[p] >= 0.05) printf "%-40s %8.1f\n", p, cpu[p] }' "$names" "$log_file" \
  | sort -k2 -nr > "$names.out"
cat "$names.out"
awk '{ s += $NF } END { printf "total %.1f CPU s\n", s }' "$names.out"
rm -f "$names.out"
