# Scenario loading, rendering and running. A scenario is a folder interop/scenarios/<name>/ with
# description.txt, test.conf, client/etc/... (templates) and gateway.toml; see interop/README.md.

POOL_PREFIX=203.0.113.
POOL_FIRST=128
POOL_LAST=254
TUNNEL_PEER=203.0.113.1
# Against CertVPN the clients also reach the LAN host behind the gateway (lib/net.sh): they ping it
# besides the tunnel peer, and it is their iperf3 target. The reference server has no such host:
# there the tunnel peer stays the only target. Set per scenario by _run_scenario.
SC_LAN_HOST= IPERF_TARGET=$TUNNEL_PEER

scenario_names() {
  local d
  for d in "$INTEROP_DIR"/scenarios/*/; do
    [ -f "$d/test.conf" ] && basename "$d"
  done
}

# Loads test.conf into SC_* variables (defaults first).
scenario_load() {
  local name=$1 f="$INTEROP_DIR/scenarios/$1/test.conf"
  [ -f "$f" ] || die "no such scenario: $name (see interop/run.sh --list)"
  IMAGE=strongswan IKE=strongswan PROFILE= AUTH=cert SITE=direct USERS=alice CERTS= OUTCOME=connect
  L2TP_CLEARTEXT=no EXPECT_CERTVPN=pass EXPECT_REFERENCE=pass EXPECT_REFERENCE_WHY= EXPECT_CERTVPN_WHY=
  NETEM= SMOKE=no SLOW=no IPERF_SECONDS=2 RECONNECT_AFTER_POWEROFF=no IKE_TIMEOUT=40 PPP_TIMEOUT=30
  NETEM_EXPECT=survive REVOKE_WHILE_CONNECTED= TARGETS="certvpn reference"
  METRICS_EXPECT= METRICS_EXPECT_END= TRACE_EXPECT= STALE_CLEANUP_TIMEOUT=60
  CAPTURE_EXPECT= CAPTURE_EXPECT_WHAT= GATEWAY_SETUP=config POOL_FIRST=128 POOL_LAST=254
  CAPTURE_SNAPLEN= KEYLOG_CHECK=
  # shellcheck disable=SC1090
  . "$f"
  SC_NAME=$name SC_DIR="$INTEROP_DIR/scenarios/$name"
  read -r -a SC_USERS <<< "$USERS"
  read -r -a SC_CERTS <<< "${CERTS:-$USERS}"
}

# render SRC DST : copies a template tree replacing the @PLACEHOLDERS@.
render_tree() {
  local src=$1 dst=$2 f rel
  mkdir -p "$dst"
  (cd "$src" && find . -type f) | while read -r rel; do
    mkdir -p "$dst/$(dirname "$rel")"
    sed -e "s|@SERVER@|$GW_ADDR|g" -e "s|@USER@|$R_USER|g" -e "s|@PASSWORD@|pw-$R_USER|g" \
        -e "s|@USER_DN@|${LAB_USER_DN_PREFIX}$R_CERT|g" -e "s|@USER_DN_PREFIX@|$LAB_USER_DN_PREFIX|g" \
        -e "s|@CA_DN@|$LAB_CA_DN|g" -e "s|@SERVER_DN@|$LAB_SERVER_DN|g" -e "s|@PSK@|$LAB_PSK|g" \
        -e "s|@PKI@|$PKI_DIR|g" "$src/$rel" > "$dst/$rel"
  done
}

# render_client SHARE I NAME [SLOT] : client I (1-based) of the current scenario, rendered into a VM
# share; SLOT (default I) picks its address and MAC, so a second client with client I's user and
# certificate can run beside it.
render_client() {
  local share=$1 i=$2 slot=${4:-$2}
  local n=$3 dst="$share/run/clients/$3"
  R_USER=${SC_USERS[i-1]} R_CERT=${SC_CERTS[i-1]:-${SC_USERS[i-1]}}
  rm -rf "$dst"; mkdir -p "$dst/nss"
  render_tree "$SC_DIR/client/etc" "$dst/etc"
  local addr gw nic
  if [ "$SITE" = home ]; then nic=eth1 addr="198.51.100.$((10 + slot))/24" gw=$HOME_GW
  else nic=eth0 addr="192.0.2.$((10 + slot))/24" gw=$NAT_ADDR; fi
  # A fixed MAC per address: a later scenario's client with the same address must not be sent to
  # a MAC that a neighbour cache still holds from the previous one.
  local mac; mac=$(printf '02:4c:00:%02x:00:%02x' "$([ "$SITE" = home ] && echo 2 || echo 1)" "$slot")
  cat > "$dst/client.env" <<ENV
IKE=$IKE
MAC=$mac
CONN=lab
L2TP_LAC=lab
IKE_TIMEOUT=$IKE_TIMEOUT
PPP_TIMEOUT=$PPP_TIMEOUT
NIC=$nic
ADDR=$addr
GW=$gw
LAN_HOST=$SC_LAN_HOST
ENV
  mkdir -p "$dst/etc/ipsec.d/cacerts" "$dst/etc/ipsec.d/certs" "$dst/etc/ipsec.d/private"
  # serve's default setup brings its own CA and demo user (default_setup_client).
  [ "$GATEWAY_SETUP" = default ] && return 0
  if [ "$IKE" = strongswan ]; then
    cp "$PKI_DIR/ca.pem" "$dst/etc/ipsec.d/cacerts/labca.pem"
    cp "$PKI_DIR/$R_CERT.pem" "$dst/etc/ipsec.d/certs/client.pem"
    cp "$PKI_DIR/$R_CERT.key" "$dst/etc/ipsec.d/private/client.key"
  fi
  cp "$PKI_DIR/ca.pem" "$dst/nss/ca.pem"
  cp "$PKI_DIR/$R_CERT.p12" "$dst/nss/client.p12"
  return 0
}

# The reference server's files: interop/reference/etc, overridden by the scenario's reference/etc.
render_reference() {
  local share=$1 dst="$1/run/server"
  R_USER= R_CERT=
  rm -rf "$dst"; mkdir -p "$dst/nss" "$dst/etc/ppp"
  render_tree "$INTEROP_DIR/reference/etc" "$dst/etc"
  [ -d "$SC_DIR/reference/etc" ] && render_tree "$SC_DIR/reference/etc" "$dst/etc"
  cp "$PKI_DIR/chap-secrets" "$dst/etc/ppp/chap-secrets"
  cp "$PKI_DIR/ca.pem" "$PKI_DIR/server.p12" "$PKI_DIR/crl.der" "$dst/nss/"
  return 0
}

in_pool() {
  local a=$1 last
  [[ $a == "$POOL_PREFIX"* ]] || return 1
  last=${a##*.}
  [ "$last" -ge "$POOL_FIRST" ] && [ "$last" -le "$POOL_LAST" ]
}

# Results of the current scenario.
SC_STATUS= SC_DETAIL= SC_CONNECT_MS= SCENARIO_SEQ=0 CLIENT_VM_IMAGE= KEYLOG_PID=

# One client VM at a time, kept across scenarios with the same image (every scenario uses fresh
# client namespaces inside it). Its eth0 is on lab0 (direct), eth1 on home0 (behind the NAT).
CLIENT_VM_MEM=${CERTVPN_INTEROP_CLIENT_MEM:-1536}
ensure_client_vm() {
  local image=$1
  if [ -n "${CLIENT_DEL_PID:-}" ]; then
    wait "$CLIENT_DEL_PID" || { warn "client VM did not clean up; replacing it"; stop_client_vm; }
    CLIENT_DEL_PID=
  fi
  if [ "$CLIENT_VM_IMAGE" = "$image" ] && proc_alive "${VM_PID[client]:-0}"; then return 0; fi
  stop_client_vm
  net_tap tap-cl-lab lab0
  net_tap tap-cl-home home0
  on_exit "net_tap_del tap-cl-lab; net_tap_del tap-cl-home"
  VM_MEM=$CLIENT_VM_MEM vm_start client "$image" 10 tap-cl-lab tap-cl-home || return 1
  CLIENT_VM_IMAGE=$image
}
stop_client_vm() {
  [ -n "${CLIENT_DEL_PID:-}" ] && { wait "$CLIENT_DEL_PID"; CLIENT_DEL_PID=; }
  [ -n "${VM_PID[client]:-}" ] && vm_stop client
  net_tap_del tap-cl-lab; net_tap_del tap-cl-home
  CLIENT_VM_IMAGE=
  return 0
}
fail() { SC_FAILS+=("$*"); log "  check failed: $*"; }

# Runs one scenario against one target and records its result. Runs without errexit: every step
# is checked explicitly, and a failing step must end in a recorded result, never abort the run.
run_scenario() {
  set +e
  _run_scenario "$@"
  set -e
  return 0
}

_run_scenario() {
  local name=$1 target=$2
  scenario_load "$name"
  local out="$RUN_DIR/$name"
  mkdir -p "$out"
  SC_FAILS=() SC_CONNECT_MS=- SC_STATUS= SC_DETAIL=
  SC_LAN_HOST= IPERF_TARGET=$TUNNEL_PEER
  [ "$target" = certvpn ] && SC_LAN_HOST=$LAN_HOST IPERF_TARGET=$LAN_HOST
  local t0 server_pid=; t0=$(now_ms)
  log "scenario $name against $target: $(head -1 "$SC_DIR/description.txt")"
  if [[ " $TARGETS " != *" $target "* ]]; then
    SC_STATUS=n/a SC_DETAIL="only against: $TARGETS"
    record_result "$name" "$target" "$t0"
    return
  fi

  local nclients=${#SC_USERS[@]} i
  SCENARIO_SEQ=$((SCENARIO_SEQ + 1))
  local cn="s${SCENARIO_SEQ}c"
  ensure_client_vm "$IMAGE" || { fail "client VM ($IMAGE) did not start"; }
  local share="${VM_DIR[client]}/share"
  rm -rf "$share/out/"*
  local names=()
  for ((i = 1; i <= nclients; i++)); do names+=("$cn$i"); done

  # The clients are created in their VM while the gateway starts (each takes seconds); only the
  # default setup's clients wait for the gateway, whose printout holds their files.
  local add_pid=
  if [ "$GATEWAY_SETUP" != default ]; then
    for ((i = 1; i <= nclients; i++)); do render_client "$share" "$i" "$cn$i"; done
    ( vm_exec client 90 /lab/vm/labctl client-add "${names[@]}" > "$out/client-add.txt" 2>&1; echo $? > "$out/client-add.rc" ) &
    add_pid=$!
  fi

  if [ "$target" = certvpn ]; then
    if ! gateway_start "$SC_DIR" "$out"; then
      SC_STATUS=fail SC_DETAIL="gateway did not start: $GATEWAY_WHY"
      if [ -n "$add_pid" ]; then
        wait "$add_pid"
        ( vm_exec client 60 /lab/vm/labctl client-del "${names[@]}" >/dev/null ) &
        CLIENT_DEL_PID=$!
      fi
      record_result "$name" "$target" "$t0"
      log "  gateway log kept in $out/gateway.log"
      return
    fi
  else
    # The reference server restarts in its VM while the clients are set up in theirs.
    render_reference "${VM_DIR[ref]}/share"
    ( vm_exec ref 90 /lab/vm/labctl server-start > "$out/server-start.txt" 2>&1; echo $? > "$out/server-start.rc" ) &
    server_pid=$!
  fi

  if [ -z "$add_pid" ]; then
    for ((i = 1; i <= nclients; i++)); do
      render_client "$share" "$i" "$cn$i"
      default_setup_client "$share/run/clients/$cn$i" > "$out/default-setup-c$i.txt" 2>&1 \
        || fail "c$i: cannot use the default setup's demo files: $(tail -1 "$out/default-setup-c$i.txt")"
    done
    ( vm_exec client 90 /lab/vm/labctl client-add "${names[@]}" > "$out/client-add.txt" 2>&1; echo $? > "$out/client-add.rc" ) &
    add_pid=$!
  fi
  wait "$add_pid"
  [ "$(cat "$out/client-add.rc" 2>/dev/null)" = 0 ] || fail "client setup failed: $(tail -1 "$out/client-add.txt")"
  rm -f "$out/client-add.rc"

  if [ -n "$server_pid" ]; then
    wait "$server_pid"
    [ "$(cat "$out/server-start.rc" 2>/dev/null)" = 0 ] || fail "reference server did not start: $(tail -3 "$out/server-start.txt" | tr '\n' ' ')"
    rm -f "$out/server-start.rc"
  fi
  # The capture starts once the previous scenario's clients are gone and the server is reset,
  # so it holds this scenario's traffic only.
  CERTVPN_INTEROP_SNAPLEN=${CAPTURE_SNAPLEN:-${CERTVPN_INTEROP_SNAPLEN:-}} capture_start "$out/capture.pcap"
  vm_exec client $((30 + 30 * nclients)) /lab/vm/labctl prepare "${names[@]}" > "$out/prepare.txt" 2>&1 \
    || fail "client daemons did not start: $(tail -1 "$out/prepare.txt")"

  # All clients connect at the same time.
  local pids=()
  for ((i = 1; i <= nclients; i++)); do
    ( vm_exec client $((IKE_TIMEOUT + PPP_TIMEOUT + 60)) /lab/vm/labctl connect "$cn$i" > "$out/connect-c$i.txt" 2>&1 ) &
    pids+=($!)
  done
  wait "${pids[@]}" 2>/dev/null || true
  local addrs=() times=() line
  for ((i = 1; i <= nclients; i++)); do
    line=$(grep -E '^CONNECT' "$out/connect-c$i.txt" | tail -1)
    [ -n "$line" ] || line="CONNECT-FAIL $(tail -1 "$out/connect-c$i.txt")"
    echo "c$i (${SC_USERS[i-1]}): $line" >> "$out/summary.txt"
    if [[ $line == "CONNECT ok"* ]]; then
      addrs[i]=$(sed -n 's/.* addr=\([^ ]*\).*/\1/p' <<< "$line")
      times[i]=$(sed -n 's/.* total_ms=\([0-9]*\).*/\1/p' <<< "$line")
    fi
  done

  CLIENT_NAMES=()
  for ((i = 1; i <= nclients; i++)); do CLIENT_NAMES[i]=$cn$i; done
  if [ "$OUTCOME" = connect ]; then
    check_connected "$nclients" addrs times
    [ ${#SC_FAILS[@]} -eq 0 ] && [ "$target" = certvpn ] && check_metrics "$METRICS_EXPECT" "$out/metrics-connected.txt"
    [ ${#SC_FAILS[@]} -eq 0 ] && [ -n "$KEYLOG_CHECK" ] && check_keylog "$share" "$out"
    [ ${#SC_FAILS[@]} -eq 0 ] && [ -n "$NETEM" ] && check_netem "$nclients" addrs "$target"
    [ ${#SC_FAILS[@]} -eq 0 ] && [ "$RECONNECT_AFTER_POWEROFF" = yes ] && check_reconnect "$share" "$out" "$target"
    [ ${#SC_FAILS[@]} -eq 0 ] && [ -n "$REVOKE_WHILE_CONNECTED" ] && check_revoke_reload "$share" "$out"
    finish_keylog_check "$out"
  else
    check_refused "$nclients" addrs
  fi
  if [ "$target" = certvpn ]; then
    if [ -n "$METRICS_EXPECT_END" ]; then
      check_metrics "$METRICS_EXPECT_END" "$out/metrics-end.txt"
    else
      scrape_metrics "$out/metrics-end.txt"
    fi
    # Data-path drops are not failures by themselves (a client's stray packet is dropped by design),
    # but they are what to look at first when something is odd.
    awk '/^certvpn_drops_total\{/ && $NF + 0 > 0 {print "drops: " $1 " " $NF}' "$out/metrics-end.txt" >> "$out/summary.txt"
    gateway_cli status > "$out/status-end.txt" 2>&1 &
    local status_pid=$!
    check_trace "$out"
    wait "$status_pid"
  fi

  capture_stop
  check_capture "$out/capture.pcap"

  # Verdict against this target's expectation.
  local expect=$EXPECT_CERTVPN why=$EXPECT_CERTVPN_WHY
  [ "$target" = reference ] && expect=$EXPECT_REFERENCE why=$EXPECT_REFERENCE_WHY
  if [ ${#SC_FAILS[@]} -eq 0 ]; then
    if [ "$expect" = fail ]; then SC_STATUS=unexpected-pass SC_DETAIL="recorded as failing: $why"
    else SC_STATUS=pass; fi
  else
    if [ "$expect" = fail ]; then SC_STATUS=expected-fail SC_DETAIL="${SC_FAILS[0]} (known: $why)"
    else SC_STATUS=fail SC_DETAIL="${SC_FAILS[0]}"; fi
  fi

  local keep=$KEEP_ALL
  [ "$SC_STATUS" = pass ] || keep=yes
  if [ "$keep" = yes ]; then
    vm_exec client 60 /lab/vm/labctl collect "${names[@]}" >/dev/null
    mkdir -p "$out/client"; cp -a "$share/out/." "$out/client/" 2>/dev/null
    cp "${VM_DIR[client]}/console.log" "$out/client/console.log"
    if [ "$target" = reference ]; then
      vm_exec ref 30 /lab/vm/labctl server-collect >/dev/null
      mkdir -p "$out/server"; cp -a "${VM_DIR[ref]}/share/out/server/." "$out/server/" 2>/dev/null
      rm -rf "${VM_DIR[ref]}/share/out/server"
    fi
    summarize_capture "$out/capture.pcap" > "$out/capture-summary.txt" 2>&1
  else
    rm -f "$out/capture.pcap" "$out/capture.pcap.log"
  fi
  # The client VM stays up for the next scenario: removing the clients' namespaces removes their
  # daemons, interfaces and XFRM state. A VM that does not clean up is replaced.
  # Removal runs in the background while the next scenario starts; ensure_client_vm waits for it.
  ( vm_exec client 60 /lab/vm/labctl client-del "${names[@]}" >/dev/null ) &
  CLIENT_DEL_PID=$!
  [ "$target" = certvpn ] && gateway_stop
  record_result "$name" "$target" "$t0"
  [ "$keep" = yes ] && [ "$SC_STATUS" != pass ] && log "  logs and capture kept in $out"
  return 0
}

check_connected() {
  local n=$1 i a
  local -n _addrs=$2 _times=$3
  local seen=" " max=0 pings=()
  for ((i = 1; i <= n; i++)); do
    a=${_addrs[i]:-}
    if [ -z "$a" ]; then
      fail "c$i did not connect: $(grep -E '^CONNECT' "$RUN_DIR/$SC_NAME/connect-c$i.txt" | tail -1 | cut -c1-160)"
      continue
    fi
    in_pool "$a" || fail "c$i got $a, outside the pool ${POOL_PREFIX}${POOL_FIRST}-${POOL_LAST}"
    [[ $seen == *" $a "* ]] && fail "c$i got $a, which another client holds too"
    seen+="$a "
    [ "${_times[i]}" -gt "$max" ] && max=${_times[i]}
    if [ "$IKE" != none ]; then
      local esp; esp=$(vm_exec client 20 /lab/vm/labctl esp "${CLIENT_NAMES[i]}")
      [ "${esp:-0}" -ge 2 ] 2>/dev/null || fail "c$i does not hold an ESP SA pair (${esp:-0} ESP states)"
    fi
    # Both targets at once, in one call into the VM (each call costs about a second under TCG).
    vm_exec client 30 /lab/vm/labctl ping-all "${CLIENT_NAMES[i]}" $TUNNEL_PEER $SC_LAN_HOST \
      > "$RUN_DIR/$SC_NAME/ping-c$i.txt" 2>&1 &
    pings+=($!)
  done
  [ ${#pings[@]} -gt 0 ] && wait "${pings[@]}"
  local t
  for ((i = 1; i <= n; i++)); do
    [ -f "$RUN_DIR/$SC_NAME/ping-c$i.txt" ] || continue
    for t in $TUNNEL_PEER $SC_LAN_HOST; do
      grep -qx "PING $t rc=0" "$RUN_DIR/$SC_NAME/ping-c$i.txt" || fail "c$i: ping $t through the tunnel failed"
    done
  done
  [ "$max" -gt 0 ] && SC_CONNECT_MS=$max
  # iperf3 one client at a time: TCG makes the VM the bottleneck, so parallel runs prove nothing more.
  for ((i = 1; i <= n; i++)); do
    [ -n "${_addrs[i]:-}" ] || continue
    if vm_exec client 40 /lab/vm/labctl in "${CLIENT_NAMES[i]}" iperf3 -c "$IPERF_TARGET" -p $((5200 + i)) -t "$IPERF_SECONDS" -f m \
         > "$RUN_DIR/$SC_NAME/iperf3-c$i.txt" 2>&1; then
      local mbit; mbit=$(awk '/receiver/ {print $(NF-2)}' "$RUN_DIR/$SC_NAME/iperf3-c$i.txt" | tail -1)
      echo "c$i iperf3 to $IPERF_TARGET: ${mbit:-?} Mbit/s" >> "$RUN_DIR/$SC_NAME/summary.txt"
      SC_IPERF=${mbit:-?}
    else
      fail "c$i: iperf3 to $IPERF_TARGET through the tunnel failed"
    fi
  done
  # Several clients: every one still passes traffic after all of them connected and ran iperf3,
  # at the same time (two behind one NAT must not disturb each other).
  if [ "$n" -gt 1 ]; then
    pings=()
    for ((i = 1; i <= n; i++)); do
      [ -n "${_addrs[i]:-}" ] || continue
      ( vm_exec client 30 /lab/vm/labctl in "${CLIENT_NAMES[i]}" ping -c 5 -i 0.2 -W 3 "$IPERF_TARGET" \
          > "$RUN_DIR/$SC_NAME/ping-again-c$i.txt" 2>&1; echo $? > "$RUN_DIR/$SC_NAME/ping-again-c$i.rc" ) &
      pings+=($!)
    done
    [ ${#pings[@]} -gt 0 ] && wait "${pings[@]}"
    for ((i = 1; i <= n; i++)); do
      [ -f "$RUN_DIR/$SC_NAME/ping-again-c$i.rc" ] || continue
      [ "$(cat "$RUN_DIR/$SC_NAME/ping-again-c$i.rc")" = 0 ] \
        || fail "c$i: no traffic any more once every client was connected"
      rm -f "$RUN_DIR/$SC_NAME/ping-again-c$i.rc"
    done
  fi
  return 0
}

check_refused() {
  local n=$1 i
  local -n _addrs=$2
  for ((i = 1; i <= n; i++)); do
    [ -n "${_addrs[i]:-}" ] && fail "c$i (PPP user ${SC_USERS[i-1]}, certificate ${SC_CERTS[i-1]}) was NOT refused: got PPP address ${_addrs[i]}"
    # ppp-refused: IPsec may come up (the certificate is valid); only PPP must be refused.
    if [ "$IKE" != none ] && [ "$OUTCOME" = refused ]; then
      local esp; esp=$(vm_exec client 20 /lab/vm/labctl esp "${CLIENT_NAMES[i]}")
      [ "${esp:-0}" -eq 0 ] 2>/dev/null || fail "c$i (certificate ${SC_CERTS[i-1]}) was NOT refused: it holds an ESP SA"
    fi
  done
  return 0
}

# NETEM="SPEC@SECONDS[@control-only];..." is applied to every client's uplink in order. Then, with
# NETEM_EXPECT=survive, each client must still hold the same PPP address and ping through it (the
# tunnel survived); with NETEM_EXPECT=torn-down the tunnel must be gone: the client passes no traffic,
# and (CertVPN) the gateway holds no session and its address is back in the pool.
check_netem() {
  local n=$1 target=$3 phase spec secs sel i
  local -n _a=$2
  IFS=';' read -r -a phases <<< "$NETEM"
  for phase in "${phases[@]}"; do
    IFS=@ read -r spec secs sel <<< "$phase"
    for ((i = 1; i <= n; i++)); do vm_exec client 20 /lab/vm/labctl netem "${CLIENT_NAMES[i]}" "\"$spec\"" "$sel" >/dev/null; done
    log "  netem: $spec for ${secs}s ${sel}"
    sleep "$secs"
  done
  for ((i = 1; i <= n; i++)); do vm_exec client 20 /lab/vm/labctl netem "${CLIENT_NAMES[i]}" clear >/dev/null; done
  sleep 2
  if [ "$NETEM_EXPECT" = torn-down ]; then
    check_torn_down "$n" "$target"
    return 0
  fi
  for ((i = 1; i <= n; i++)); do
    local now; now=$(client_ppp_address "${CLIENT_NAMES[i]}")
    [ "$now" = "${_a[i]}" ] || { fail "c$i: tunnel did not survive the netem phases (PPP address now '${now:-none}')"; continue; }
    vm_exec client 30 /lab/vm/labctl in "${CLIENT_NAMES[i]}" ping -c 3 -i 0.3 -W 3 "$TUNNEL_PEER" > /dev/null 2>&1 \
      || fail "c$i: no traffic through the tunnel after the netem phases"
  done
  return 0
}

client_ppp_address() {
  vm_exec client 20 /lab/vm/labctl in "$1" ip -4 -o addr show | awk '$2 ~ /^ppp/ {split($4, x, "/"); print x[1]; exit}'
}

# The tunnel must be gone: no traffic from the client; CertVPN also must have dropped the session and
# returned its address to the pool (within TORN_DOWN_TIMEOUT seconds: the teardown is due up to one
# retransmission budget after the outage began).
check_torn_down() {
  local n=$1 target=$2 i deadline
  deadline=$(( $(now_ms) + ${TORN_DOWN_TIMEOUT:-90} * 1000 ))
  if [ "$target" = certvpn ]; then
    until gateway_cli status 2>/dev/null | grep -q '^0 sessions'; do
      [ "$(now_ms)" -lt "$deadline" ] || { fail "the gateway still holds the session after the outage: $(gateway_cli status 2>&1 | sed -n 3p)"; break; }
      sleep 2
    done
    scrape_metrics "$RUN_DIR/$SC_NAME/metrics-torn-down.txt"
    local used; used=$(metric_value "$RUN_DIR/$SC_NAME/metrics-torn-down.txt" certvpn_pool_used)
    [ "${used%.*}" = 0 ] || fail "the address did not return to the pool (certvpn_pool_used ${used:-missing})"
  fi
  for ((i = 1; i <= n; i++)); do
    if vm_exec client 30 /lab/vm/labctl in "${CLIENT_NAMES[i]}" ping -c 3 -i 0.3 -W 2 "$TUNNEL_PEER" > /dev/null 2>&1; then
      fail "c$i: the tunnel still passes traffic after the outage; it was expected to be torn down"
    fi
  done
  return 0
}

# add_extra_client SHARE OUT I SUFFIX [SLOT] : one more client with client I's configuration (its user
# and certificate; SLOT: its address, default client I's), started and connected; sets EXTRA_NAME and
# EXTRA_LINE (its CONNECT line).
add_extra_client() {
  local share=$1 out=$2 i=$3 suffix=$4 slot=${5:-$3}
  EXTRA_NAME="${CLIENT_NAMES[i]}$suffix" EXTRA_LINE=
  render_client "$share" "$i" "$EXTRA_NAME" "$slot"
  names+=("$EXTRA_NAME")
  vm_exec client 90 /lab/vm/labctl client-add "$EXTRA_NAME" > "$out/client-add-$suffix.txt" 2>&1 \
    || { EXTRA_LINE="CONNECT-FAIL client setup failed"; return 1; }
  vm_exec client 60 /lab/vm/labctl prepare "$EXTRA_NAME" > "$out/prepare-$suffix.txt" 2>&1 \
    || { EXTRA_LINE="CONNECT-FAIL daemons did not start"; return 1; }
  vm_exec client $((IKE_TIMEOUT + PPP_TIMEOUT + 60)) /lab/vm/labctl connect "$EXTRA_NAME" > "$out/connect-$suffix.txt" 2>&1
  EXTRA_LINE=$(grep -E '^CONNECT' "$out/connect-$suffix.txt" | tail -1)
  EXTRA_LINE=${EXTRA_LINE:-CONNECT-FAIL $(tail -1 "$out/connect-$suffix.txt")}
  return 0
}

# RECONNECT_AFTER_POWEROFF=yes: client 1 is "powered off" while connected (every process in its
# namespace killed with SIGKILL, the namespace removed: no IKE DELETE, no StopCCN), then a new
# client with the same certificate and address connects at the first try and passes traffic.
# Against CertVPN the old session must then be cleaned up (within STALE_CLEANUP_TIMEOUT seconds),
# leaving exactly the new one, whose address is from the pool.
check_reconnect() {
  local share=$1 out=$2 target=$3
  vm_exec client 30 /lab/vm/labctl client-del --hard "${CLIENT_NAMES[1]}" >/dev/null
  log "  client c1 powered off while connected; reconnecting with the same certificate"
  add_extra_client "$share" "$out" 1 r
  local line=$EXTRA_LINE new=$EXTRA_NAME
  echo "c1 reconnect: $line" >> "$out/summary.txt"
  if [[ $line != "CONNECT ok"* ]]; then fail "reconnect after power-off failed: $line"; return 0; fi
  local a; a=$(sed -n 's/.* addr=\([^ ]*\).*/\1/p' <<< "$line")
  in_pool "$a" || fail "reconnect got $a, outside the pool"
  vm_exec client 30 /lab/vm/labctl in "$new" ping -c 3 -i 0.3 -W 3 "$TUNNEL_PEER" > "$out/ping-reconnect.txt" 2>&1 \
    || fail "no traffic through the tunnel after the reconnect"
  if [ "$target" = certvpn ]; then
    local deadline=$(( $(now_ms) + STALE_CLEANUP_TIMEOUT * 1000 )) t0; t0=$(now_ms)
    until gateway_cli status > "$out/status-reconnect.txt" 2>&1 && grep -q '^1 session$' "$out/status-reconnect.txt"; do
      [ "$(now_ms)" -lt "$deadline" ] || { fail "the powered-off client's session was not cleaned up within ${STALE_CLEANUP_TIMEOUT}s ($(head -1 "$out/status-reconnect.txt"))"; return 0; }
      sleep 1
    done
    grep -q " $a " "$out/status-reconnect.txt" || fail "the remaining session is not the new one ($a): $(sed -n 3p "$out/status-reconnect.txt")"
    echo "old session gone $(( ($(now_ms) - t0) / 1000 ))s after the reconnect" >> "$out/summary.txt"
  fi
  return 0
}

# REVOKE_WHILE_CONNECTED=disconnect|keep (the gateway.toml's [ike] on-revocation): client 1's
# certificate is revoked while it is connected (the gateway's CRL file is replaced by one that also
# revokes it) and `certvpn reload` runs. With disconnect its live session must end (PPP down on the
# client, no session in `certvpn status`); with keep it must go on passing traffic. Either way the
# next connection with that certificate is refused.
check_revoke_reload() {
  local share=$1 out=$2 cert=${SC_CERTS[0]}
  [ -f "$PKI_DIR/crl-revoked-$cert.pem" ] || { fail "no CRL revoking $cert in the lab PKI"; return 0; }
  cp "$PKI_DIR/crl-revoked-$cert.pem" "$GATEWAY_STATE_DIR/crl.pem"
  gateway_cli reload > "$out/reload.txt" 2>&1 || { fail "certvpn reload failed: $(tail -1 "$out/reload.txt")"; return 0; }
  log "  $cert revoked, certvpn reload: $(tail -1 "$out/reload.txt")"
  local deadline=$(( $(now_ms) + 20000 ))
  if [ "$REVOKE_WHILE_CONNECTED" = disconnect ]; then
    until [ -z "$(client_ppp_address "${CLIENT_NAMES[1]}")" ] && gateway_cli status 2>/dev/null | grep -q '^0 sessions'; do
      [ "$(now_ms)" -lt "$deadline" ] || { fail "the revoked client's live session did not end (on-revocation = disconnect)"; break; }
      sleep 1
    done
  else
    sleep 5
    gateway_cli status 2>/dev/null | grep -q '^1 session$' || fail "the revoked client's live session ended although on-revocation = keep"
    vm_exec client 30 /lab/vm/labctl in "${CLIENT_NAMES[1]}" ping -c 3 -i 0.3 -W 3 "$TUNNEL_PEER" > /dev/null 2>&1 \
      || fail "no traffic through the revoked client's live session although on-revocation = keep"
  fi
  # Another device with the same certificate (its own address: client 1 may still be connected).
  add_extra_client "$share" "$out" 1 n $(( ${#SC_USERS[@]} + 1 ))
  echo "c1 next connection after revocation: $EXTRA_LINE" >> "$out/summary.txt"
  [[ $EXTRA_LINE == "CONNECT ok"* ]] && fail "the next connection with the revoked certificate was NOT refused: $EXTRA_LINE"
  local esp; esp=$(vm_exec client 20 /lab/vm/labctl esp "$EXTRA_NAME")
  [ "${esp:-0}" -eq 0 ] 2>/dev/null || fail "the next connection with the revoked certificate holds an ESP SA"
  return 0
}

# Prometheus text from the gateway's metrics endpoint (loopback of the lab namespace).
scrape_metrics() {
  in_ns curl -s --max-time 5 http://127.0.0.1:9105/metrics > "$1" 2>&1
}

# metric_value FILE NAME{LABELS} : the sample's value, empty when absent.
metric_value() {
  awk -v k="$2" 'index($0, k " ") == 1 {print $NF; exit}' "$1"
}

# check_metrics "NAME{LABELS} OP VALUE;..." FILE : OP is == or >=; the scrape is kept in FILE.
check_metrics() {
  local spec=$1 file=$2 e name op want got
  [ -n "$spec" ] || return 0
  scrape_metrics "$file" || { fail "metrics endpoint did not answer"; return 0; }
  IFS=';' read -r -a entries <<< "$spec"
  for e in "${entries[@]}"; do
    read -r name op want <<< "$e"
    got=$(metric_value "$file" "$name")
    echo "metrics: $name = ${got:-missing} (expected $op $want)" >> "$RUN_DIR/$SC_NAME/summary.txt"
    if [ -z "$got" ] || ! awk -v g="$got" -v w="$want" -v op="$op" 'BEGIN {exit !((op == "==" && g + 0 == w + 0) || (op == ">=" && g + 0 >= w + 0))}'; then
      fail "metrics: $name is ${got:-missing}, expected $op $want"
    fi
  done
  return 0
}

# TRACE_EXPECT: an extended regular expression that one line of `certvpn trace` must match: the
# failure's cause, named in one line.
# KEYLOG_CHECK="AUTH CIPHER HASH ESP_ENC_BYTES ESP_INT_BYTES": the RFC 2409 cross-check (issue 5). The
# client's charon.log (ike = 4, chd = 4: its DH secret and derived keys) and the whole-packet capture
# become keylog-vector.txt (lib/keylog-vector.py); RealClientKeyLogTest then derives the same keys with
# the gateway's code and decrypts the captured messages with them (src/test/java/org/certvpn/crypto/).
check_keylog() {
  local share=$1 out=$2 auth cipher hash enc integ
  read -r auth cipher hash enc integ <<< "$KEYLOG_CHECK"
  vm_exec client 60 /lab/vm/labctl collect "${CLIENT_NAMES[1]}" >/dev/null
  mkdir -p "$out/client"; cp -a "$share/out/." "$out/client/" 2>/dev/null
  # tcpdump writes each packet as it comes (-U): what the capture holds so far is the whole connection.
  if ! python3 "$INTEROP_DIR/lib/keylog-vector.py" --capture "$out/capture.pcap" \
       --log "$out/client/${CLIENT_NAMES[1]}/charon.log" --gateway "$GW_ADDR" --auth "$auth" --psk "$LAB_PSK" \
       --cipher "$cipher" --hash "$hash" --esp-enc-bytes "$enc" --esp-int-bytes "$integ" \
       --note "interop scenario $SC_NAME, run $RUN_ID" > "$out/keylog-vector.txt" 2> "$out/keylog-vector.err"; then
    fail "no key-derivation vector: $(tail -1 "$out/keylog-vector.err")"
    return 0
  fi
  # The test runs (a Maven start: seconds) while the scenario goes on; finish_keylog_check judges it.
  (cd "$REPO_DIR" && JAVA_HOME=$GATEWAY_JDK ./mvnw -q -B -o surefire:test -Dtest="RealClientKeyLogTest#freshVectorFromAnInteropRun" \
        -Dsurefire.failIfNoSpecifiedTests=false -Dcertvpn.keylog.vector="$out/keylog-vector.txt") \
        > "$out/keylog-check.txt" 2>&1 &
  KEYLOG_PID=$!
  return 0
}

finish_keylog_check() {
  local out=$1
  [ -n "${KEYLOG_PID:-}" ] || return 0
  if wait "$KEYLOG_PID"; then
    echo "keys: RealClientKeyLogTest derived the client's SKEYID, SKEYID_d/a/e, cipher key and ESP keys, decrypted MM5/MM6/QM1-3 (vector: keylog-vector.txt)" >> "$out/summary.txt"
  else
    fail "RealClientKeyLogTest failed on this connection's vector ($out/keylog-check.txt)"
  fi
  KEYLOG_PID=
  return 0
}

check_trace() {
  local out=$1
  gateway_cli trace -n 2000 > "$out/trace.txt" 2>&1
  [ -n "$TRACE_EXPECT" ] || return 0
  local line; line=$(grep -E -m1 -- "$TRACE_EXPECT" "$out/trace.txt")
  if [ -n "$line" ]; then
    echo "trace: $line" >> "$out/summary.txt"
  else
    fail "no line of certvpn trace matches /$TRACE_EXPECT/"
  fi
  return 0
}

check_capture() {
  local pcap=$1 l2tp esp
  [ -s "$pcap" ] || { fail "no capture was written"; return; }
  l2tp=$(pcap_l2tp_cleartext "$pcap"); esp=$(pcap_esp "$pcap")
  echo "capture: $l2tp cleartext L2TP packets, $esp ESP packets" >> "$RUN_DIR/$SC_NAME/summary.txt"
  if [ "$L2TP_CLEARTEXT" = yes ]; then
    [ "$OUTCOME" = connect ] && [ "$l2tp" -eq 0 ] && fail "capture shows no cleartext L2TP in an L2TP-only scenario"
    [ "$esp" -eq 0 ] || fail "capture shows ESP in an L2TP-only scenario"
  else
    [ "$l2tp" -eq 0 ] || fail "capture shows $l2tp cleartext L2TP packets (UDP/1701 outside ESP)"
    [ "$OUTCOME" = connect ] && [ "$esp" -eq 0 ] && fail "capture shows no ESP"
  fi
  if [ -n "$CAPTURE_EXPECT" ]; then
    local n; n=$(pcap_count "$pcap" "$CAPTURE_EXPECT")
    echo "capture: $n packets of $CAPTURE_EXPECT_WHAT" >> "$RUN_DIR/$SC_NAME/summary.txt"
    [ "$n" -gt 0 ] || fail "capture shows no $CAPTURE_EXPECT_WHAT"
  fi
  return 0
}

summarize_capture() {
  local pcap=$1
  [ -s "$pcap" ] || return 0
  echo "== IKE, L2TP and anything else that is not ESP (first 300 packets)"
  tcpdump -r "$pcap" -nn -tttt 'not (ip proto 50 or (udp port 4500 and udp[8:4] != 0)) and not (tcp port 5201 or tcp portrange 5201-5212)' 2>/dev/null | head -300
}
