#!/usr/bin/env bash
# Every test suite: TypeScript type check, mocha (orchestrator), pytest (trainer).
set -euo pipefail
cd "$(dirname "$0")/.."
npx tsc -p tsconfig.json
npx mocha 'test/**/*.test.ts'
.venv/bin/python -m pytest -q trainer/tests
