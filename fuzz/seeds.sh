#!/usr/bin/env bash
# Records fuzzing seeds from real exchanges: the project's own L2TP/IPsec client against the whole gateway
# in memory (certificate and PSK logins, a refused password, a shutdown). Writes e2e-* files into the
# ...Inputs/ folders of the ISAKMP, UDP/4500, ESP, L2TP and PPP fuzz targets (older e2e-* files there are
# replaced; other seeds and regression inputs are left alone). Captures of real clients, when the interop
# lab has produced some, are better seeds still: copy their datagrams into the same folders.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz-classpath.txt \
  -Dmdep.includeScope=test >&2
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -Djava.util.logging.config.file=/dev/null \
  -cp "target/test-classes:target/classes:$(cat target/fuzz-classpath.txt)" \
  org.certvpn.gateway.FuzzSeedCapture src/test/resources
