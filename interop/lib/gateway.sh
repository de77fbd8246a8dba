# The gateway under test: built from the working tree and started inside the suite's namespace,
# where it owns 192.0.2.1 on lab0 (UDP 500/4500, or UDP 1701 in the L2TP-only test mode) and
# creates its TUN device with the tunnel address 203.0.113.1.
#
# Each scenario's gateway.toml is a template (@PKI@, @SERVER@ are filled in). Until the native
# configuration format lands they are placeholders, and until `certvpn serve` serves, it exits
# with status 2: every scenario is then reported as "skipped: gateway not ready", never as passed.

GATEWAY_PID= GATEWAY_STATE= GATEWAY_WHY=
GATEWAY_IPERF_PIDS=()
GATEWAY_READY_TIMEOUT=${CERTVPN_INTEROP_GATEWAY_TIMEOUT:-30}

gateway_build() {
  if [ "${CERTVPN_INTEROP_SKIP_BUILD:-}" = 1 ] && [ -f "$REPO_DIR/target/certvpn.jar" ]; then
    log "using the gateway jar built by the surrounding Maven run"; return 0
  fi
  log "building the gateway from the working tree"
  local jdk=${JAVA_HOME:-} c
  if [ -z "$jdk" ] || ! "$jdk/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    for c in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/*; do
      if [ -x "$c/bin/java" ] && "$c/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then jdk=$c; break; fi
    done
  fi
  [ -n "$jdk" ] || die "no JDK 25 found for building the gateway (set JAVA_HOME)"
  (cd "$REPO_DIR" && JAVA_HOME=$jdk ./mvnw -q -B -DskipTests package) > "$RUN_DIR/gateway-build.log" 2>&1 \
    || { tail -30 "$RUN_DIR/gateway-build.log" >&2; die "gateway build failed (log: $RUN_DIR/gateway-build.log)"; }
}

gateway_listening() {
  local port=500
  [ "$IKE" = none ] && port=1701
  [ -n "$(in_ns ss -Hlun "sport = :$port" 2>/dev/null)" ]
}

# gateway_start SCENARIO_DIR OUT_DIR : 0 when serving; else GATEWAY_STATE=not-ready|failed.
gateway_start() {
  local sc=$1 out=$2
  R_USER= R_CERT=
  sed -e "s|@PKI@|$PKI_DIR|g" -e "s|@SERVER@|$GW_ADDR|g" "$sc/gateway.toml" > "$out/gateway.toml"
  # Started directly (not through the in_ns function) so that $! is the gateway's process.
  ip netns exec "$NETNS" "$REPO_DIR/certvpn" serve --config "$out/gateway.toml" > "$out/gateway.log" 2>&1 </dev/null &
  GATEWAY_PID=$!
  on_exit "gateway_stop"
  local deadline=$(( $(now_ms) + GATEWAY_READY_TIMEOUT * 1000 ))
  until gateway_listening; do
    if ! proc_alive "$GATEWAY_PID"; then
      local rc=0; wait "$GATEWAY_PID" || rc=$?
      GATEWAY_PID=
      GATEWAY_WHY="certvpn serve exited with status $rc: $(head -1 "$out/gateway.log" | cut -c1-150)"
      # Status 2 is the CLI's "cannot serve this" answer (not available yet, or an option it does
      # not know yet): the gateway is not ready, which is not a failure of the gateway under test.
      if [ "$rc" = 2 ]; then GATEWAY_STATE=not-ready; else GATEWAY_STATE=failed; fi
      return 1
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      GATEWAY_STATE=failed GATEWAY_WHY="not listening after ${GATEWAY_READY_TIMEOUT}s"
      gateway_stop; return 1
    fi
    sleep 0.2
  done
  local p
  for p in $(seq 5201 5212); do
    ip netns exec "$NETNS" iperf3 -s -p "$p" > /dev/null 2>&1 &
    GATEWAY_IPERF_PIDS+=($!)
  done
  GATEWAY_STATE=serving
}

gateway_stop() {
  local p
  for p in "${GATEWAY_IPERF_PIDS[@]}"; do stop_pid "$p" 1; done
  GATEWAY_IPERF_PIDS=()
  # SIGTERM first: the gateway is to tell every client goodbye and exit within a few seconds.
  [ -n "$GATEWAY_PID" ] && stop_pid "$GATEWAY_PID" 8
  GATEWAY_PID=
}
