#!/usr/bin/env bash
# Installs what the test suite needs from Debian packages, only when something is missing:
# the system Python's pytest stack, the libraries the sample repositories migrate to, mypy,
# which type-checks the Python that asyncshift generates, pytest-timeout, with which the corpus
# runner ends a test that hangs after migration, pytest-mock, whose mocker fixture a test double
# test uses, behave, whose hooks a test runs after migration, Flask, whose `g` a receiver test fills,
# and flexmock, whose patches a test follows.
set -euo pipefail

packages=(
  python3-pytest python3-pytest-asyncio python3-httpx python3-asyncpg python3-aiofiles
  python3-requests python3-psycopg2 python3-pytest-httpserver python3-fastapi python3-click
  python3-typer python3-tenacity python3-backoff python3-async-lru python3-cachetools python3-vcr
  python3-pytest-timeout python3-pytest-mock python3-behave python3-flask python3-typing-extensions python3-flexmock postgresql mypy
)
# The projects of the fast corpus subset, whose Debian packages' sources tests/corpus-subset.test.ts migrates.
mapfile -t fast_corpus < <(node -e '
  const { repositories } = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
  for (const entry of repositories) if (entry.fast) console.log(entry.debian);
' "$(dirname "$0")/../corpus/manifest.json")
packages+=("${fast_corpus[@]}")

missing=()
for package in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q 'install ok installed' || missing+=("$package")
done

if [ "${#missing[@]}" -gt 0 ]; then
  echo "installing: ${missing[*]}" >&2
  sudo_cmd=""
  [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
