#!/usr/bin/env bash
# upload.sh BASE_URL FILE DIGEST [single]: a monolithic blob upload with curl. Default: POST to open a session, then
# one PUT ?digest= carrying the whole file (what distribution 2.8 supports); "single": one POST ?digest= with the body.
set -euo pipefail
base=$1 file=$2 digest=$3
# -T streams the file (--data-binary would read it into memory first); "Expect:" skips the 100-continue round trip
if [ "${4:-}" = single ]; then
  # -T FILE would append the file name to a URL ending in "/": stream stdin with an explicit length instead
  exec curl -sf -o /dev/null -H 'Expect:' -H 'Transfer-Encoding:' -H "Content-Length: $(stat -c %s "$file")" \
    -H 'Content-Type: application/octet-stream' -X POST -T - "$base/v2/bench/blob/blobs/uploads/?digest=$digest" <"$file"
fi
location=$(curl -sf -o /dev/null -w '%header{location}' -X POST "$base/v2/bench/blob/blobs/uploads/")
case $location in http*) ;; *) location="$base$location" ;; esac
case $location in *\?*) sep='&' ;; *) sep='?' ;; esac
exec curl -sf -o /dev/null -H 'Expect:' -H 'Content-Type: application/octet-stream' -X PUT -T "$file" \
  "$location${sep}digest=$digest"
