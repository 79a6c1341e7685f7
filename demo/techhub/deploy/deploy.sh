#!/bin/sh
# Deploys a packaged TechHub build to an environment on this machine: unpacks it into
# $DEPLOY_ROOT/<environment>/releases/<version>, checks that the unpacked service answers /health (started on a free
# port and stopped again: nothing long-lived is left running), then points <environment>/current at it.
# Usage: deploy.sh ENVIRONMENT VERSION DIST_DIR. Writes url=file://.../current to $GITHUB_OUTPUT.
set -eu
environment=$1
version=$2
dist=$3
root=${DEPLOY_ROOT:-${TMPDIR:-/tmp}/techhub-deployments}
target="$root/$environment/releases/$version"
rm -rf "$target" && mkdir -p "$target"
tar xzf "$dist/techhub-$version.tar.gz" -C "$target"
python3 - "$target" <<'PY'
import json, sys, threading, urllib.request
from http.server import ThreadingHTTPServer
sys.path.insert(0, sys.argv[1])
from techhub.app import Handler
server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
threading.Thread(target=server.serve_forever, daemon=True).start()
with urllib.request.urlopen(f"http://127.0.0.1:{server.server_address[1]}/health") as r:
    health = json.loads(r.read())
server.shutdown()
assert health == {"status": "ok"}, health
print("smoke test passed:", health)
PY
ln -sfn "releases/$version" "$root/$environment/current"
echo "deployed techhub $version to $environment at $root/$environment/current"
echo "url=file://$root/$environment/current/" >> "$GITHUB_OUTPUT"
echo "### Deployed $version to $environment" >> "$GITHUB_STEP_SUMMARY"
