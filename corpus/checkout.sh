#!/usr/bin/env bash
# Checks out the corpus repositories at their pinned commits: DIR/<owner>+<name> for each one named
# (owner/name), or for every repository of corpus/manifest.json. Existing checkouts are moved to the
# pinned commit. Needs git and network access to GitHub (or CORPUS_GIT_BASE, a mirror laid out as
# BASE/owner/name.git).
set -euo pipefail
if [ $# -lt 1 ]; then
  echo "usage: corpus/checkout.sh DIR [owner/name...]" >&2
  exit 2
fi
dir=$1
shift
manifest="$(dirname "$0")/manifest.json"
mkdir -p "$dir"

# owner/name commit, one a line, for the repositories asked for (all by default).
pins=$(node -e '
  const [file, ...wanted] = process.argv.slice(1);
  const { repositories } = JSON.parse(require("fs").readFileSync(file, "utf8"));
  const unknown = wanted.filter((name) => !repositories.some((entry) => entry.repo === name));
  if (unknown.length) { console.error(`not in the manifest: ${unknown.join(", ")}`); process.exit(2); }
  for (const entry of repositories) if (!wanted.length || wanted.includes(entry.repo)) console.log(`${entry.repo} ${entry.commit}`);
' "$manifest" "$@")

while read -r repo commit; do
  target="$dir/${repo/\//+}"
  if [ -d "$target/.git" ] && [ "$(git -C "$target" rev-parse HEAD 2>/dev/null)" = "$commit" ]; then
    echo "$repo: already at ${commit:0:12}"
    continue
  fi
  echo "$repo: fetching ${commit:0:12}"
  # Fetched beside the target and moved into place whole: a failed fetch leaves no half checkout.
  partial="$target.partial"
  rm -rf "$partial"
  git init -q "$partial"
  if git -C "$partial" fetch -q --depth 1 "${CORPUS_GIT_BASE:-https://github.com}/$repo.git" "$commit" && git -C "$partial" checkout -q --detach FETCH_HEAD; then
    rm -rf "$target"
    mv "$partial" "$target"
  else
    rm -rf "$partial"
    echo "$repo: could not fetch ${commit:0:12}" >&2
    failed=1
  fi
done <<< "$pins"
exit "${failed:-0}"
