# The gateway under test: built from the working tree and started inside the suite's namespace,
# where it owns 192.0.2.1 on lab0 (UDP 500/4500, or UDP 1701 in the L2TP-only test mode) and
# creates its TUN device with the tunnel address 203.0.113.1. The lab namespace forwards between that
# device and the LAN host 198.51.100.200 (lib/net.sh), where the iperf3 servers run.
#
# Each scenario's gateway.toml is a template in the native format (docs/CONFIG.md): @SERVER@,
# @PKI@, @PSK@, @CONTROL@ (this run's control socket), @STATE@ (a folder of this scenario holding a
# copy of the lab's CRL, which a scenario may replace before `certvpn reload`) and @USERS@ (one
# [[user]] table per line of the lab's chap-secrets) are filled in. A gateway that exits before it listens has failed: the
# scenario is reported as failed with the last lines of its log.

GATEWAY_PID= GATEWAY_STATE= GATEWAY_WHY= GATEWAY_CONTROL= GATEWAY_STATE_DIR= GATEWAY_SOCKET=
GATEWAY_DATA_DIR=
GATEWAY_IPERF_PIDS=()
GATEWAY_READY_TIMEOUT=${CERTVPN_INTEROP_GATEWAY_TIMEOUT:-30}

gateway_build() {
  local jdk=${JAVA_HOME:-} c
  if [ -z "$jdk" ] || ! "$jdk/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then
    for c in /usr/lib/jvm/temurin-25-jdk-amd64 /usr/lib/jvm/java-25-openjdk-amd64 /usr/lib/jvm/*; do
      if [ -x "$c/bin/java" ] && "$c/bin/java" -version 2>&1 | grep -q 'version "2[5-9]'; then jdk=$c; break; fi
    done
  fi
  [ -n "$jdk" ] || die "no JDK 25 found for building the gateway (set JAVA_HOME)"
  GATEWAY_JDK=$jdk
  if [ "${CERTVPN_INTEROP_SKIP_BUILD:-}" = 1 ] && [ -f "$REPO_DIR/target/certvpn.jar" ]; then
    log "using the gateway jar built by the surrounding Maven run"
  else
    log "building the gateway from the working tree"
    (cd "$REPO_DIR" && JAVA_HOME=$jdk ./mvnw -q -B -DskipTests package) > "$RUN_DIR/gateway-build.log" 2>&1 \
      || { tail -30 "$RUN_DIR/gateway-build.log" >&2; die "gateway build failed (log: $RUN_DIR/gateway-build.log)"; }
  fi
  # The run uses its own copy (the jar and the lib/ its manifest names): a build in the working tree
  # during the run does not change what is tested.
  rm -rf "$RUN_DIR/gateway"; mkdir -p "$RUN_DIR/gateway"
  cp -a "$REPO_DIR/target/certvpn.jar" "$REPO_DIR/target/lib" "$RUN_DIR/gateway/"
}

# The gateway's command line, from this run's jar.
certvpn_jar() {
  "$GATEWAY_JDK/bin/java" $(cds_flags cli) --enable-native-access=ALL-UNNAMED -jar "$RUN_DIR/gateway/certvpn.jar" "$@"
}

# cds_flags NAME : a class-data sharing archive of this run's jar, created by the first JVM that exits
# and used by the later ones (as the certvpn launcher does): each gateway start and each `certvpn
# status`/`trace` in a scenario then starts faster. One archive per kind of command: serve and the
# control commands load different classes.
cds_flags() {
  echo "-XX:SharedArchiveFile=$RUN_DIR/gateway/$1.jsa -XX:+AutoCreateSharedArchive -Xlog:cds=off -Xlog:cds+dynamic=off"
}

gateway_listening() {
  local port=500
  [ "$IKE" = none ] && port=1701
  [ -n "$(in_ns ss -Hlun "sport = :$port" 2>/dev/null)" ]
}

# The lab's PPP users as native [[user]] tables, from the same chap-secrets the reference reads.
gateway_users_toml() {
  local user server secret rest
  while read -r user server secret rest; do
    [ -n "$user" ] && [ "${user:0:1}" != "#" ] || continue
    secret=${secret#\"}; secret=${secret%\"}
    printf '[[user]]\nname = "%s"\npassword = "%s"\n\n' "$user" "$secret"
  done < "$PKI_DIR/chap-secrets"
}

# gateway_render SCENARIO_DIR OUT_FILE : the scenario's gateway.toml with its placeholders filled in.
gateway_render() {
  local sc=$1 dst=$2 users
  users=$(gateway_users_toml)
  GATEWAY_CONTROL=${GATEWAY_CONTROL:-/run/certvpn-interop-$$/control.sock}
  mkdir -p "$(dirname "$GATEWAY_CONTROL")"
  on_exit "rm -rf '$(dirname "$GATEWAY_CONTROL")'"
  GATEWAY_STATE_DIR=$(dirname "$dst")/state
  rm -rf "$GATEWAY_STATE_DIR"; mkdir -p "$GATEWAY_STATE_DIR"
  cp "$PKI_DIR/crl.pem" "$GATEWAY_STATE_DIR/crl.pem"
  # A scenario of serve's default setup has no configuration of its own.
  [ -f "$sc/gateway.toml" ] || return 0
  awk -v users="$users" '$0 == "@USERS@" {print users; next} {print}' "$sc/gateway.toml" \
    | sed -e "s|@PKI@|$PKI_DIR|g" -e "s|@SERVER@|$GW_ADDR|g" -e "s|@PSK@|$LAB_PSK|g" \
          -e "s|@CONTROL@|$GATEWAY_CONTROL|g" -e "s|@STATE@|$GATEWAY_STATE_DIR|g" > "$dst"
}

# certvpn CMD... : the gateway's own CLI against the running gateway (status, trace, reload, kick).
gateway_cli() {
  certvpn_jar "$@" --socket "${GATEWAY_SOCKET:-$GATEWAY_CONTROL}"
}

# gateway_start SCENARIO_DIR OUT_DIR : 0 when serving; else GATEWAY_STATE=failed and GATEWAY_WHY.
gateway_start() {
  local sc=$1 out=$2
  R_USER= R_CERT=
  gateway_render "$sc" "$out/gateway.toml"
  GATEWAY_SOCKET=$GATEWAY_CONTROL GATEWAY_DATA_DIR=
  if [ "${GATEWAY_SETUP:-config}" = default ]; then
    # `certvpn serve` without a configuration, as a new user runs it: it creates its CA, server
    # certificate, pool and demo user in the data directory (printing what to enter on the clients;
    # default_setup_client reads that) and serves. It runs in a mount namespace of its own whose
    # /run/certvpn (the default control socket's folder) is a folder of this run, so it can neither
    # meet another gateway's socket on this host nor leave one behind.
    GATEWAY_DATA_DIR=$out/data
    local run_dir; run_dir="$(dirname "$GATEWAY_CONTROL")/default-run"
    rm -rf "$GATEWAY_DATA_DIR" "$run_dir"; mkdir -p "$run_dir"
    GATEWAY_SOCKET=$run_dir/control.sock
    # --ip names one of the namespace's own addresses, so the default setup listens on it rather than
    # on the wildcard: its answers leave from 192.0.2.1 although the NAT's 192.0.2.254 comes first on
    # lab0 (docs/INTEROP-FINDINGS.md, the wildcard finding).
    # ip netns exec, unshare and sh each exec the next, so $! is the gateway's process.
    ip netns exec "$NETNS" unshare -m --propagation private sh -c \
      'mkdir -p /run/certvpn && mount --bind "$1" /run/certvpn && shift && exec "$@"' sh "$run_dir" \
      "$GATEWAY_JDK/bin/java" $(cds_flags serve) --enable-native-access=ALL-UNNAMED -jar "$RUN_DIR/gateway/certvpn.jar" \
      serve --data-dir "$GATEWAY_DATA_DIR" --fqdn vpn.example.com --ip "$GW_ADDR" > "$out/gateway.log" 2>&1 </dev/null &
  else
    # Started directly (not through the in_ns function) so that $! is the gateway's process.
    ip netns exec "$NETNS" "$GATEWAY_JDK/bin/java" $(cds_flags serve) --enable-native-access=ALL-UNNAMED -jar "$RUN_DIR/gateway/certvpn.jar" \
      serve --config "$out/gateway.toml" > "$out/gateway.log" 2>&1 </dev/null &
  fi
  GATEWAY_PID=$!
  GATEWAY_LOG=$out/gateway.log
  on_exit "gateway_stop"
  local deadline=$(( $(now_ms) + GATEWAY_READY_TIMEOUT * 1000 ))
  until gateway_listening; do
    if ! proc_alive "$GATEWAY_PID"; then
      local rc=0; wait "$GATEWAY_PID" || rc=$?
      GATEWAY_PID=
      # serve runs (IPsec and the L2TP test mode): any exit before it listens is a failure.
      GATEWAY_STATE=failed
      GATEWAY_WHY="certvpn serve exited with status $rc before listening: $(grep -v '^\s*$' "$out/gateway.log" | tail -3 | tr '\n' ' ' | cut -c1-300)"
      log "  gateway log ($out/gateway.log), last lines:"
      tail -15 "$out/gateway.log" | sed 's/^/    /' >&2
      return 1
    fi
    if [ "$(now_ms)" -ge "$deadline" ]; then
      GATEWAY_STATE=failed GATEWAY_WHY="not listening after ${GATEWAY_READY_TIMEOUT}s"
      log "  gateway log ($out/gateway.log), last lines:"
      tail -15 "$out/gateway.log" | sed 's/^/    /' >&2
      gateway_stop; return 1
    fi
    sleep 0.2
  done
  # The clients' iperf3 target is the LAN host behind the gateway (lib/net.sh), one port per client.
  local p
  for p in $(seq 5201 5212); do
    ip netns exec "$LAN_NETNS" iperf3 -s -p "$p" > /dev/null 2>&1 &
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
  GATEWAY_DATA_DIR=
}

# default_setup_client CLIENT_DIR : gives a rendered client what the default setup printed for its
# demo user: the CA certificate, the certificate and key from the demo .p12 (opened with the printed
# .p12 password), and the printed VPN password. Fails when the printout lacks any of them.
default_setup_client() {
  local dst=$1 log=$GATEWAY_LOG p12pass pppass folder p12
  p12pass=$(sed -n 's/^  \.p12 password  *//p' "$log" | head -1)
  pppass=$(sed -n 's/^  VPN password  *//p' "$log" | head -1)
  folder=$(sed -n 's/^  files  *\([^ ]*\).*/\1/p' "$log" | head -1)
  [ -n "$p12pass" ] && [ -n "$pppass" ] && [ -d "$folder" ] || { echo "the default setup's printout lacks the .p12 password, VPN password or files folder"; return 1; }
  p12=$(find "$folder" -maxdepth 1 -name '*.p12' | head -1)
  [ -n "$p12" ] || { echo "no .p12 in $folder"; return 1; }
  cp "$GATEWAY_DATA_DIR/ca/ca.crt" "$dst/etc/ipsec.d/cacerts/labca.pem" || return 1
  openssl pkcs12 -in "$p12" -passin "pass:$p12pass" -clcerts -nokeys -out "$dst/etc/ipsec.d/certs/client.pem" 2>&1 || return 1
  openssl pkcs12 -in "$p12" -passin "pass:$p12pass" -nocerts -nodes 2>/dev/null \
    | openssl pkey -out "$dst/etc/ipsec.d/private/client.key" || return 1
  cp "$p12" "$dst/nss/client.p12"
  sed -i "s|^password .*|password \"$pppass\"|" "$dst/etc/ppp/options.l2tpd.client"
}
