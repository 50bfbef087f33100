#!/usr/bin/env bash
# The whole test suite: Python test dependencies, a build (the CLI runs from dist/), type check, vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
[ -d node_modules/tree-sitter ] || npm install --no-audit --no-fund
npm run build
npx tsc -p tsconfig.json --noEmit
npx vitest run
