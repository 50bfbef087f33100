#!/usr/bin/env bash
# The whole test suite: Python test dependencies, a build (the CLI runs from dist/), type check, vitest.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install-test-deps.sh
[ -d node_modules/tree-sitter ] || npm install --no-audit --no-fund
npm run build
npx tsc -p tsconfig.json --noEmit
mkdir -p .tmp
status=0
npx vitest run --reporter=default --reporter=json --outputFile.json=.tmp/vitest.json || status=$?
# One plain closing line, "N passed, N failed", that any CI can read.
node -e '
  const report = JSON.parse(require("fs").readFileSync(".tmp/vitest.json", "utf8"));
  console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`);
' || true
exit "$status"
