# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: an existing JAVA_HOME if new enough, then the newest JDK under /usr/lib/jvm,
# then apt-get install of openjdk-21 as a last resort (Debian's package name may vary).
# It runs on every start of ./slipway, so the usual path starts no other program (bash builtins only).

# Sets SLIPWAY_JV to the feature version of the JDK in $1 (21, 25, ...), empty when unknown.
slipway_jdk_version() {
  local line
  SLIPWAY_JV=""
  # The JDK's release file names its version without starting a JVM.
  if [ -r "$1/release" ]; then
    while IFS= read -r line || [ -n "$line" ]; do
      case "$line" in
        JAVA_VERSION=*) line=${line#JAVA_VERSION=}; line=${line#\"}; SLIPWAY_JV=${line%%[!0-9]*}; break ;;
      esac
    done < "$1/release"
  fi
  if [ -z "$SLIPWAY_JV" ] && [ -x "$1/bin/java" ]; then
    SLIPWAY_JV=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
    SLIPWAY_JV=${SLIPWAY_JV%%.*}
  fi
}
# Sets SLIPWAY_JAVA_HOME to a JDK >= 21: $JAVA_HOME if it is one, else the newest under /usr/lib/jvm.
slipway_find_java() {
  local c best="" best_v=0
  SLIPWAY_JAVA_HOME=""
  if [ -n "${JAVA_HOME:-}" ] && [ -x "${JAVA_HOME%/}/bin/javac" ]; then
    slipway_jdk_version "${JAVA_HOME%/}"
    if [ -n "$SLIPWAY_JV" ] && [ "$SLIPWAY_JV" -ge 21 ] 2>/dev/null; then SLIPWAY_JAVA_HOME=${JAVA_HOME%/}; return 0; fi
  fi
  for c in /usr/lib/jvm/*/; do
    c=${c%/}
    [ -x "$c/bin/javac" ] || continue
    slipway_jdk_version "$c"
    if [ -n "$SLIPWAY_JV" ] && [ "$SLIPWAY_JV" -ge 21 ] 2>/dev/null && [ "$SLIPWAY_JV" -gt "$best_v" ]; then
      best=$c; best_v=$SLIPWAY_JV
    fi
  done
  [ -n "$best" ] || return 1
  SLIPWAY_JAVA_HOME=$best
}
if ! slipway_find_java; then
  echo "slipway: no JDK >= 21 found; installing one with apt-get" >&2
  (apt-get update -qq && (apt-get install -y -qq openjdk-21-jdk-headless || apt-get install -y -qq openjdk-25-jdk-headless)) >&2 || true
  slipway_find_java || { echo "slipway: a JDK >= 21 is required (set JAVA_HOME)" >&2; exit 1; }
fi
export JAVA_HOME="$SLIPWAY_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
