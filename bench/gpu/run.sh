#!/usr/bin/env bash
# The GPU check (docs/performance.md): bench/gpu/run.sh OUTDIR [--cpu] [check.py options]
# Needs Python with torch + transformers (no Node, no network) and bench/work/gpu from prepare.sh.
# Writes OUTDIR/gpu-check.json (rewritten after every section) and OUTDIR/events/*.jsonl.
set -euo pipefail
if [ $# -lt 1 ] || [[ "$1" == -* ]]; then
  echo "usage: bench/gpu/run.sh OUTDIR [--cpu] [--prepared DIR] [--budget SECONDS] [--peak-tflops X]" >&2
  exit 2
fi
out=$1
shift
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
# The project venv when there is one (a workstation with the repo set up), else the node's python3.
if [ -z "${PYTHON:-}" ]; then
  if [ -x "$root/.venv/bin/python" ]; then PYTHON="$root/.venv/bin/python"; else PYTHON=python3; fi
fi
export PYTHONPATH="$root/trainer${PYTHONPATH:+:$PYTHONPATH}"
export HF_HUB_OFFLINE=1 TRANSFORMERS_OFFLINE=1   # nothing is downloaded
mkdir -p "$out"
# The check time-boxes itself (480 s on a GPU, 150 s on the CPU, --budget); this is the backstop that
# keeps one command under 10 minutes even if a section hangs in native code.
exec timeout --signal=TERM --kill-after=20 "${GPU_CHECK_HARD_LIMIT:-570}" "$PYTHON" "$here/check.py" --out "$out" "$@"
