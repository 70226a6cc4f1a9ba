# shellcheck shell=dash
# The JDK this project builds and runs on: Java 21 or newer, the newest one found.
#   JAVA_HOME first, when it is 21 or newer (a choice made on purpose is kept); otherwise the newest
#   JDK of 21 or newer in the usual folders (/usr/lib/jvm, /usr/local/lib/jvm, /opt/java, SDKMAN's),
#   then the `java` on PATH. Sourced by ./mvnw, ./run.sh, ./bench/bench.sh and .ci/run:
#     . tools/jdk.sh && pick_jdk --say|--quiet
#   exports JAVA_HOME, puts its bin/ first on PATH and says which JDK and why (unless --quiet and
#   JAVA_HOME was kept). With none new enough it says what it found and returns 1.

# jdk_major HOME: the feature version (17, 21, 25) of the JDK in HOME, or nothing
jdk_major() {
  local version=""
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    version=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release")
  fi
  if [ -z "$version" ]; then
    version=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9][0-9]*\).*/\1/p')
  fi
  echo "$version"
}

pick_jdk() {
  local quiet=0 home major best="" best_major=0 found="" seen=" " on_path
  [ "${1:-}" = --quiet ] && quiet=1
  if [ -n "${JAVA_HOME:-}" ]; then
    major=$(jdk_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 21 ]; then
      export PATH="$JAVA_HOME/bin:$PATH"
      [ $quiet = 1 ] || echo "Java $major from JAVA_HOME ($JAVA_HOME)" >&2
      return 0
    fi
    if [ -n "$major" ]; then found="JAVA_HOME=$JAVA_HOME (Java $major)"; else found="JAVA_HOME=$JAVA_HOME (no JDK there)"; fi
  fi
  on_path=$(command -v javac 2>/dev/null || true)
  [ -n "$on_path" ] && on_path=$(dirname "$(dirname "$(readlink -f "$on_path")")")
  for home in /usr/lib/jvm/* /usr/local/lib/jvm/* /opt/java/* "$HOME"/.sdkman/candidates/java/* $on_path; do
    [ -d "$home" ] || continue
    home=$(readlink -f "$home")
    major=$(jdk_major "$home")
    [ -n "$major" ] || continue
    case "$seen" in *" $home "*) continue ;; esac
    seen="$seen$home "
    found="$found${found:+, }Java $major at $home"
    if [ "$major" -gt "$best_major" ]; then best=$home; best_major=$major; fi
  done
  if [ "$best_major" -lt 21 ]; then
    echo "Java 21 or newer is needed (Java 25 preferred), and none was found. Found: ${found:-no JDK at all}." >&2
    echo "Install one (e.g. Debian's openjdk-21-jdk-headless or a Temurin 25 JDK) and set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
  echo "Java $best_major at $JAVA_HOME: the newest JDK of 21 or newer here${found:+ (found: $found)}" >&2
}
