#!/usr/bin/env bash
# Installs the npm packages some tests run for real (GitHub's @actions/cache, which Node.js actions cache with), pinned,
# into a directory outside the checkout that later runs reuse; prints that directory last. Idempotent, no stdin.
#   SLIPWAY_TEST_NPM  where to install (default: ${XDG_CACHE_HOME:-$HOME/.cache}/slipway/test-npm)
set -euo pipefail
dir=${SLIPWAY_TEST_NPM:-${XDG_CACHE_HOME:-$HOME/.cache}/slipway/test-npm}
# name=package@version ...: 4.x is what most bundled actions carry (CommonJS), 6.x the newest (ES modules)
packages=("actions-cache-4=@actions/cache@4.1.0" "actions-cache-6=@actions/cache@6.3.0")
for entry in "${packages[@]}"; do
  name=${entry%%=*}
  spec=${entry#*=}
  version=${spec##*@}
  installed="$dir/$name/node_modules/@actions/cache/package.json"
  if [ -f "$installed" ] && grep -q "\"version\": \"$version\"" "$installed"; then
    continue
  fi
  if ! command -v npm >/dev/null; then
    echo "test-npm: npm is needed to install $spec (apt-get install npm)" >&2
    exit 1
  fi
  echo "test-npm: installing $spec into $dir/$name" >&2
  mkdir -p "$dir/$name"
  npm install --prefix "$dir/$name" --no-audit --no-fund --no-save --loglevel=error "$spec" </dev/null >&2
done
echo "$dir"
