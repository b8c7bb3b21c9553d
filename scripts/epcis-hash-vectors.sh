#!/usr/bin/env bash
# Writes test-vectors/epcis-event-hashes.json: the CBV 2.0 event hash of every event of GS1's
# EPCIS 2.0 example documents (../shared/epcis/examples, next to the repository and never copied
# into it), computed by the reference implementation, the Python package epcis-event-hash-generator.
# EpcisEventHashTest (tmsct-core) checks EpcisEventHash against the file. Needs python3 with venv and
# access to PyPI; the package is installed into a virtual environment under ${TMPDIR:-/tmp}.
set -euo pipefail
REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GENERATOR=epcis-event-hash-generator
GENERATOR_VERSION=1.9.3
EXAMPLES_DIR="$REPO_DIR/../shared/epcis/examples"
OUT="$REPO_DIR/test-vectors/epcis-event-hashes.json"
VENV="${TMPDIR:-/tmp}/tmsct-$GENERATOR-$GENERATOR_VERSION"

[[ -d "$EXAMPLES_DIR" ]] || { echo "error: no example documents at $EXAMPLES_DIR" >&2; exit 1; }

if [[ ! -x "$VENV/bin/python" ]]; then
  echo "==> creating the Python virtual environment $VENV"
  python3 -m venv "$VENV"
fi
echo "==> installing $GENERATOR==$GENERATOR_VERSION into $VENV"
"$VENV/bin/pip" install --quiet --disable-pip-version-check "$GENERATOR==$GENERATOR_VERSION"

echo "==> hashing the events of every *.jsonld in $EXAMPLES_DIR"
# TZ=UTC: the generator reads a timestamp without offset in local time; UTC makes that repeatable.
TZ=UTC "$VENV/bin/python" - "$EXAMPLES_DIR" "$OUT" "$GENERATOR" "$GENERATOR_VERSION" <<'PY'
import hashlib, importlib.metadata, json, pathlib, subprocess, sys

examples, out, name, pinned = pathlib.Path(sys.argv[1]), pathlib.Path(sys.argv[2]), sys.argv[3], sys.argv[4]
version = importlib.metadata.version(name)
if version != pinned:
    sys.exit(f"error: {name} {version} is installed, not {pinned}")

# One process per document: the generator keeps the namespace prefixes of the documents it has read
# in a module-level table, so a document is hashed as if it were the only one, as its command line
# tool does. It logs and skips an event it cannot hash; that must not shift the events silently.
HASH_ONE = """
import json, sys
from epcis_event_hash_generator import events_from_file_reader, hash_generator
events = events_from_file_reader.event_list_from_file(sys.argv[1])[2]
prehashes = hash_generator.derive_prehashes_from_events(("EventList", "", events))
if len(prehashes) != len(events):
    sys.exit(f"error: {sys.argv[1]}: the generator could not hash {len(events) - len(prehashes)} events")
print(json.dumps(hash_generator.calculate_hashes_from_pre_hashes(prehashes, "sha256")))
"""

files = {}
for path in sorted(examples.glob("*.jsonld")):
    run = subprocess.run([sys.executable, "-c", HASH_ONE, str(path)], capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit(run.stderr.strip() or f"error: the generator failed on {path}")
    hashes = json.loads(run.stdout)
    print(f"    {path.name}: {len(hashes)} events")
    files[path.name] = {
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "eventHashes": hashes,
    }
if not files:
    sys.exit(f"error: no *.jsonld documents in {examples}")

vectors = {
    "description": "CBV 2.0 EPCIS event hashes of every event of the EPCIS 2.0 example documents in "
    "../shared/epcis/examples (outside the repository), in document order, computed by the "
    "reference implementation; sha256 is that of the document the hashes were computed from. "
    "Written by scripts/epcis-hash-vectors.sh.",
    "generator": {"name": name, "version": version},
    "files": files,
}
out.write_text(json.dumps(vectors, indent=2) + "\n")
PY
echo "==> wrote $OUT"
