#!/usr/bin/env bash
# Prepare what the GPU check carries (run on a machine with Node and the corpora, before the GPU run):
#   bench/gpu/prepare.sh [--root CORPORA] [--out DIR] [--small]
# Builds the BioRED and merged BioREx (BioRED+all) instance sets with `biorex data build`, then writes
# DIR (default bench/work/gpu, git-ignored): the sets gzipped, a 30522-token WordPiece tokenizer trained
# on the merged training text, PubMedBERT's config (no weights) and prepared.json.
# --small: the bundled synthetic corpora instead (Sample; Sample+SampleDDI+SampleGDA), for the CPU test.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
corpora=${BIOREX_DATA:-}
if [ -z "$corpora" ] && [ -d "$root/../shared/corpora" ]; then corpora="$root/../shared/corpora"; fi
out="$root/bench/work/gpu"
small=0
while [ $# -gt 0 ]; do
  case "$1" in
    --root) corpora=$2; shift 2 ;;
    --out) out=$2; shift 2 ;;
    --small) small=1; shift ;;
    *) echo "prepare.sh: unknown option $1 (use --root DIR, --out DIR, --small)" >&2; exit 2 ;;
  esac
done
PYTHON=${PYTHON:-$root/.venv/bin/python}
build="$out.build"
if [ "$small" = 1 ]; then
  target=Sample; merge=Sample+SampleDDI+SampleGDA; rootargs=(); corpora=""
else
  if [ -z "$corpora" ] || [ ! -d "$corpora" ]; then
    echo "prepare.sh: no corpora folder (give --root DIR or set BIOREX_DATA; ../shared/corpora was not found)" >&2
    exit 2
  fi
  target=BioRED; merge=BioRED+all; rootargs=(--root "$corpora")
fi
cd "$root"
node bin/biorex.js data build "$target" "${rootargs[@]}" --out "$build" >&2
node bin/biorex.js data build --merge "$merge" "${rootargs[@]}" --out "$build" >&2
PYTHONPATH="$root/trainer${PYTHONPATH:+:$PYTHONPATH}" "$PYTHON" "$here/prepare.py" \
  --biored "$build/$target" --merged "$build/biorex" --out "$out" \
  --note "biorex data build $target / --merge $merge${corpora:+ (root $corpora)}"
rm -rf "$build"
du -sh "$out" >&2
