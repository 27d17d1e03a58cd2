# Sourced by the scripts under scripts/: builds target/facegate.jar when it is missing and sets
# $jar and $java. Run from the project root. MVN_FLAGS adds build flags (e.g. -o when offline).
jar=target/facegate.jar
if [ ! -f "$jar" ]; then
  echo "building $jar" >&2
  # shellcheck disable=SC2086 # flags are words
  mvn -q -B ${MVN_FLAGS-} -DskipTests package
fi
java="${JAVA_HOME:+$JAVA_HOME/bin/}java"
