# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 21.
# Order: an existing JAVA_HOME if new enough, then JDKs under /usr/lib/jvm (newest first),
# then apt-get install of openjdk-21 as a last resort (Debian's package name may vary).
slipway_java_version() {
  # The JDK's release file names its version without starting a JVM (this runs on every launch).
  local v
  v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null | head -n1)
  [ -n "$v" ] || v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1)
  echo "$v"
}
slipway_find_java() {
  local c v
  for c in ${JAVA_HOME:-} $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    c=${c%/}
    [ -x "$c/bin/javac" ] || continue
    v=$(slipway_java_version "$c")
    if [ -n "$v" ] && [ "${v%%.*}" -ge 21 ] 2>/dev/null; then echo "$c"; return 0; fi
  done
  return 1
}
if ! SLIPWAY_JAVA_HOME=$(slipway_find_java); then
  echo "slipway: no JDK >= 21 found; installing one with apt-get" >&2
  (apt-get update -qq && (apt-get install -y -qq openjdk-21-jdk-headless || apt-get install -y -qq openjdk-25-jdk-headless)) >&2 || true
  SLIPWAY_JAVA_HOME=$(slipway_find_java) || { echo "slipway: a JDK >= 21 is required (set JAVA_HOME)" >&2; exit 1; }
fi
export JAVA_HOME="$SLIPWAY_JAVA_HOME"
export PATH="$JAVA_HOME/bin:$PATH"
