#!/usr/bin/env bash
# Builds the gateway, then builds and runs the JMH benchmarks in bench/ (BENCHMARKS.md says what each one
# measures). Usage: bench/run.sh [JMH filter regex] [more JMH options, e.g. -prof gc]
#        bench/run.sh --ratios   (measured and baseline in alternating rounds; robust on a busy machine)
# Results (JSON) go to bench/out/.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

if [ -z "${BENCH_SKIP_BUILD:-}" ]; then
  ./mvnw -q -B -DskipTests install
  ./mvnw -q -B -f bench/pom.xml package
fi
mkdir -p bench/out
cp="bench/target/classes:bench/target/lib/*"
if [ "${1:-}" = "--ratios" ]; then
  # Interleaved rounds, fastest round each: ratios that a busy machine cannot skew (BENCHMARKS.md).
  exec java --enable-native-access=ALL-UNNAMED -Xms512m -Xmx512m -cp "$cp" org.certvpn.bench.InterleavedRatios
fi
filter="${1:-.*}"
shift || true
stamp=$(date -u +%Y%m%dT%H%M%SZ)
exec java --enable-native-access=ALL-UNNAMED -cp "$cp" \
  org.openjdk.jmh.Main "$filter" -rf json -rff "bench/out/jmh-$stamp.json" "$@"
