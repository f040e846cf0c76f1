#!/usr/bin/env bash
# One setup for a fresh checkout: Node packages, the trainer's Python venv, and the optional
# system packages the tests and benchmarks use (Chromium for report screenshots, tcmalloc).
set -euo pipefail
cd "$(dirname "$0")/.."

# onnxruntime-node's install script downloads CUDA files; skip it (the CPU binaries ship in the package).
export ONNXRUNTIME_NODE_INSTALL=skip
npm ci --no-audit --no-fund

PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
# PIP_RETRIES=0: the default index is unreachable on offline machines; fail fast instead of waiting.
PIP_RETRIES=0 .venv/bin/pip install --quiet -r trainer/requirements.txt
PIP_RETRIES=0 .venv/bin/pip install --quiet --no-deps --no-build-isolation -e trainer

# System packages (root + Debian only; skipped elsewhere, and the code works without them).
if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
  need=()
  [ -x /usr/bin/chromium ] || need+=(chromium)
  ls /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 >/dev/null 2>&1 || need+=(libtcmalloc-minimal4)
  if [ ${#need[@]} -gt 0 ]; then
    apt-get update -qq && apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null \
      || echo "setup: could not install ${need[*]} (optional)" >&2
  fi
fi
echo "setup: done"
