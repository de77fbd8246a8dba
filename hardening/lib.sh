# Shared by hardening/flood.sh and hardening/faults.sh (sourced, not run): the JDK, the build, two network
# namespaces joined by a veth pair, a gateway configuration and the gateway process, and the cleanup.
#
# Addresses are documentation ranges only: 192.0.2.0/24 between the namespaces (gateway 192.0.2.1, clients
# 192.0.2.10-19 and .99), 198.51.100.0/24 for flood sources, 203.0.113.0/24 inside the tunnels.

hardening_init() { # NAME: checks root and the JDK, builds, sets repo, java, cp, out
  if [ "$(id -u)" -ne 0 ]; then
    echo "hardening/$1.sh: needs root (network namespaces, a TUN device, UDP 500)" >&2
    exit 2
  fi
  if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
    export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
  fi
  export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
  java="$JAVA_HOME/bin/java"
  repo=$(pwd)
  out="$repo/target/hardening/$(date -u +%Y%m%dT%H%M%SZ)-$1"
  mkdir -p "$out"
  echo "building ..." >&2
  ./mvnw -q -B -DskipTests package dependency:build-classpath -Dmdep.outputFile=target/hardening-classpath.txt \
    -Dmdep.includeScope=test >&2
  ./mvnw -q -B test-compile >&2
  # Copies, so that building while a run goes on changes nothing it uses.
  mkdir -p "$out/lib"
  cp target/certvpn.jar "$out/lib/certvpn.jar"
  cp -r target/lib "$out/lib/lib" # the jar's Class-Path
  cp -r target/classes "$out/lib/classes"
  cp -r target/test-classes "$out/lib/test-classes"
  cp="$out/lib/test-classes:$out/lib/classes:$(cat target/hardening-classpath.txt)"
  tag="cvh$$"
  gw_ns="$tag-gw"
  cl_ns="$tag-cl"
  gw_pid=""
  trap hardening_cleanup EXIT INT TERM
}

hardening_stop_gateway() {
  if [ -n "$gw_pid" ] && kill -0 "$gw_pid" 2>/dev/null; then
    kill -TERM "$gw_pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$gw_pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$gw_pid" 2>/dev/null || true
  fi
  gw_pid=""
}

hardening_cleanup() {
  hardening_stop_gateway
  for ns in "$cl_ns" "$gw_ns"; do
    for p in $(ip netns pids "$ns" 2>/dev/null); do kill -KILL "$p" 2>/dev/null || true; done
    ip netns del "$ns" 2>/dev/null || true
  done
  rm -rf "$out/lib"
}

hardening_namespaces() {
  ip netns add "$gw_ns"
  ip netns add "$cl_ns"
  ip link add "${tag}g" type veth peer name "${tag}c"
  ip link set "${tag}g" netns "$gw_ns"
  ip link set "${tag}c" netns "$cl_ns"
  ip -n "$gw_ns" link set lo up
  ip -n "$cl_ns" link set lo up
  ip -n "$gw_ns" addr add 192.0.2.1/24 dev "${tag}g"
  ip -n "$gw_ns" link set "${tag}g" up
  ip -n "$gw_ns" route add 198.51.100.0/24 via 192.0.2.2
  ip -n "$cl_ns" addr add 192.0.2.2/24 dev "${tag}c"
  local i
  for i in $(seq 10 19) 99; do ip -n "$cl_ns" addr add "192.0.2.$i/24" dev "${tag}c"; done
  for i in $(seq 1 204); do ip -n "$cl_ns" addr add "198.51.100.$i/24" dev "${tag}c"; done
  ip -n "$cl_ns" link set "${tag}c" up
}

hardening_config() { # PSK [EXTRA-TOML]: writes $out/gateway.toml (users user01-10, alice, mallory), mode 0600
  {
    cat <<EOF
[ike]
listen = "192.0.2.1"

[[connection]]
name = "psk"
auth = "psk"

[[connection.psk]]
secret = "$1"

[l2tp]
local-ip = "203.0.113.1"
pool = ["203.0.113.10-203.0.113.250"]

[control]
socket = "$out/control.sock"

[metrics]
listen = "192.0.2.1"
port = 9105
EOF
    printf '%s\n' "${2:-}"
    local i
    for i in $(seq -w 1 10); do printf '\n[[user]]\nname = "user%s"\npassword = "password-%s"\n' "$i" "$i"; done
    printf '\n[[user]]\nname = "alice"\npassword = "alices-real-password"\n'
    printf '\n[[user]]\nname = "mallory"\npassword = "password-mallory"\n'
  } > "$out/gateway.toml"
  chmod 600 "$out/gateway.toml"
}

hardening_start_gateway() { # LOG: starts certvpn serve in the gateway namespace, waits until it serves
  local log=$1
  local before
  before=$(grep -c "serving" "$log" 2>/dev/null || true)
  # A small heap on purpose: an unbounded table would fail the gateway, not hide in a large heap.
  ip netns exec "$gw_ns" "$java" -Xmx256m --enable-native-access=ALL-UNNAMED -jar "$out/lib/certvpn.jar" \
    serve --config "$out/gateway.toml" >> "$log" 2>&1 &
  gw_pid=$!
  local _
  for _ in $(seq 120); do
    [ "$(grep -c "serving" "$log" 2>/dev/null || true)" -gt "${before:-0}" ] && return 0
    kill -0 "$gw_pid" 2>/dev/null || { echo "gateway died:" >&2; tail -20 "$log" >&2; exit 1; }
    sleep 0.5
  done
  echo "gateway did not start" >&2
  exit 1
}
