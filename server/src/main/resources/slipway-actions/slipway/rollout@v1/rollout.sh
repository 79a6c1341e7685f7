#!/usr/bin/env bash
# slipway/rollout: uploads the release, asks the server to roll it out to the job's environment, and follows the
# rollout's events until it succeeds or is rolled back. Talks to the API in its text form (Accept: text/plain), so
# that it needs bash and curl only.
set -euo pipefail

fail() {
  echo "::error::$1"
  exit 1
}

if [ -z "${SLIPWAY_TOKEN:-}" ]; then
  fail "slipway/rollout needs a Slipway server: it rolls out to the server's environments, and this job runs without one (slipway run)"
fi
if [ -z "${IN_ENVIRONMENT:-}" ]; then
  fail "slipway/rollout rolls out to the job's environment: give the job one (environment: staging)"
fi
command -v curl >/dev/null || fail "slipway/rollout needs curl on the runner's PATH"

json() { # a JSON string of $1
  local s=$1
  s=${s//\\/\\\\}
  s=${s//\"/\\\"}
  s=${s//$'\n'/\\n}
  s=${s//$'\r'/\\r}
  s=${s//$'\t'/\\t}
  printf '"%s"' "$s"
}

urlencode() {
  local s=$1 out='' c i
  for ((i = 0; i < ${#s}; i++)); do
    c=${s:i:1}
    case $c in
      [a-zA-Z0-9.~_-]) out+=$c ;;
      *) out+=$(printf '%%%02X' "'$c") ;;
    esac
  done
  printf '%s' "$out"
}

response=''
base="$GITHUB_API_URL/repos/$GITHUB_REPOSITORY/environments/$(urlencode "$IN_ENVIRONMENT")/services/$IN_SERVICE"
auth=(-H "Authorization: Bearer $SLIPWAY_TOKEN" -H "Accept: text/plain")

call() { # METHOD URL [curl args...]: the body in $response; fails the step with the server's message otherwise
  local method=$1 url=$2 out code
  shift 2
  out=$(mktemp)
  code=$(curl -sS -o "$out" -w '%{http_code}' -X "$method" "${auth[@]}" "$@" "$url") \
    || fail "cannot reach the Slipway server at $GITHUB_API_URL"
  if [ "$code" -ge 300 ]; then
    local message
    message=$(sed -n 's/^message //p' "$out" | head -n 1)
    [ -n "$message" ] || message=$(sed -n 's/.*"message" *: *"\(\([^"\\]\|\\.\)*\)".*/\1/p' "$out" | head -n 1)
    [ -n "$message" ] || message=$(head -c 500 "$out")
    rm -f "$out"
    fail "$method ${url#"$GITHUB_API_URL"}: $code $message"
  fi
  response=$(cat "$out")
  rm -f "$out"
}

workload=''
if [ -n "$IN_IMAGE" ]; then
  [ -z "$IN_PATH" ] || fail "give either 'path' (with 'command') or 'image' (with 'port'), not both"
  [ -n "$IN_PORT" ] || fail "'port' is required with 'image': the port the container listens on"
  workload="\"image\": $(json "$IN_IMAGE"), \"port\": $IN_PORT"
else
  [ -n "$IN_PATH" ] || fail "give 'path' and 'command' (processes) or 'image' and 'port' (a container)"
  [ -n "$IN_COMMAND" ] || fail "'command' is required with 'path': what each replica runs"
  [ -d "$IN_PATH" ] || fail "'path': $IN_PATH is not a directory"
  archive=$(mktemp)
  tar -czf "$archive" -C "$IN_PATH" .
  call PUT "$base/bundle" -H "Content-Type: application/gzip" --data-binary "@$archive"
  bundle=$(sed -n 's/^bundle //p' <<<"$response")
  rm -f "$archive"
  echo "Uploaded $IN_PATH as bundle $bundle"
  workload="\"bundle\": $(json "$bundle"), \"command\": $(json "$IN_COMMAND")"
fi

env_json=''
while IFS= read -r line || [ -n "$line" ]; do
  line=${line%$'\r'}
  [ -n "${line//[[:space:]]/}" ] || continue
  [[ $line == *=* ]] || fail "'env': '$line' is not KEY=VALUE"
  key=${line%%=*}
  key=${key//[[:space:]]/}
  env_json+="${env_json:+, }$(json "$key"): $(json "${line#*=}")"
done <<<"$IN_ENV"

[[ $IN_REPLICAS =~ ^[0-9]+$ ]] || fail "'replicas' must be a whole number, not '$IN_REPLICAS'"
body="{\"version\": $(json "$IN_VERSION"), \"replicas\": $IN_REPLICAS, \"strategy\": $(json "$IN_STRATEGY"),"
[ -z "$IN_CANARY_STEPS" ] || body+=" \"canary_steps\": $(json "$IN_CANARY_STEPS"),"
body+=" \"readiness_path\": $(json "$IN_READINESS_PATH"), \"readiness_timeout\": $(json "$IN_READINESS_TIMEOUT"),"
body+=" $workload, \"env\": {$env_json}}"

call POST "$base/rollouts" -H "Content-Type: application/json" --data-binary "$body"
started=$response
id=$(sed -n 's/^rollout //p' <<<"$started")
revision=$(sed -n 's/^revision //p' <<<"$started")
echo "Rolling out $IN_SERVICE revision $revision ($IN_VERSION) to $IN_ENVIRONMENT with the $IN_STRATEGY strategy"

after=0
while true; do
  call GET "$base/rollouts/$id?after=$after"
  state=$response
  while IFS= read -r line; do
    case $line in
      event\ *)
        read -r _ event_id phase weight message <<<"$line"
        after=$event_id
        echo "[$phase, ${weight}%] $message"
        ;;
    esac
  done <<<"$state"
  phase=$(sed -n 's/^phase //p' <<<"$state")
  url=$(sed -n 's/^url //p' <<<"$state")
  case $phase in
    succeeded)
      echo "url=$url" >>"$GITHUB_OUTPUT"
      echo "revision=$revision" >>"$GITHUB_OUTPUT"
      echo "$IN_SERVICE revision $revision serves every request at $url"
      exit 0
      ;;
    rolled_back)
      echo "url=$url" >>"$GITHUB_OUTPUT"
      echo "revision=$revision" >>"$GITHUB_OUTPUT"
      fail "the rollout of $IN_SERVICE revision $revision was rolled back: $(sed -n 's/^message //p' <<<"$state")"
      ;;
  esac
  sleep 1
done
