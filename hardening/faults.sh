#!/usr/bin/env bash
# Faults while serving: the gateway (certvpn serve, with a CA of its own and a PSK connection) runs in a
# network namespace; 10 L2TP/IPsec clients in a second namespace ping through their tunnels. Then:
#
#   1. kill -9 of the gateway under that load, and an immediate restart with the same command;
#   2. the clients notice the dead gateway by themselves (IKE dead peer detection) and reconnect;
#   3. the CA store and the configuration are byte-for-byte what they were, `certvpn config check` accepts
#      the configuration, and the CA still opens and signs (`certvpn ca crl`).
#
#   sudo hardening/faults.sh [SECONDS]       how long the clients run in all (default 120; the kill comes
#                                            20 s after all tunnels are up)
#
# The broken-file reload and the full disk are automated tests run by ./mvnw verify
# (GatewayReloadTest, CaFullDiskTest). Results: target/hardening/STAMP-faults/ (summary.txt, logs).
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-120}
. hardening/lib.sh
hardening_init faults
hardening_namespaces

jar="$out/lib/certvpn.jar"
export CERTVPN_CA_PASSPHRASE="fault-test-ca-$RANDOM$RANDOM"
"$java" -jar "$jar" ca init --dir "$out/ca" --subject "C=JP, O=Example, CN=Fault Test CA" >/dev/null
"$java" -jar "$jar" ca server --dir "$out/ca" --fqdn vpn.example.com --ip 192.0.2.1 >/dev/null
"$java" -jar "$jar" ca client --dir "$out/ca" --cn alice >/dev/null 2>&1 || true
psk="fault-test-shared-secret-$RANDOM$RANDOM"
hardening_config "$psk" "
[[connection]]
name = \"phones\"
auth = \"certificate\"
certificate = \"$out/ca/server/server.crt\"
key = \"$out/ca/server/server.key\"
key-passphrase-file = \"$out/ca/server/server.pass\"
trusted-cas = [\"$out/ca/ca.crt\"]
crls = [\"$out/ca/crl.pem\"]"

fingerprint() { # every file of the CA and the configuration: mode, size, SHA-256
  (cd "$out" && find ca gateway.toml -type f ! -name ca.lock -printf '%m %s ' -exec sha256sum {} \; | sort -k4)
}

hardening_start_gateway "$out/gateway.log"
fingerprint > "$out/before.txt"
ip netns exec "$cl_ns" "$java" -Xmx512m --enable-native-access=ALL-UNNAMED -Djava.util.logging.config.file=/dev/null \
  -cp "$cp" org.certvpn.hardening.FaultRun gateway=192.0.2.1 "psk=$psk" tunnels=10 "seconds=$seconds" \
  > "$out/clients.log" 2>&1 &
clients=$!
for _ in $(seq 120); do
  grep -q "tunnels up" "$out/clients.log" && break
  kill -0 "$clients" 2>/dev/null || break
  sleep 0.5
done
grep -q "tunnels up" "$out/clients.log" || { echo "tunnels did not come up" >&2; cat "$out/clients.log" >&2; exit 1; }
sleep 20
sessions_before=$("$java" -jar "$jar" status --socket "$out/control.sock" 2>/dev/null | head -1 || true)
echo "$(date -u +%T) kill -9 $gw_pid under load ($sessions_before)" | tee "$out/summary.txt"
kill -KILL "$gw_pid"
wait "$gw_pid" 2>/dev/null || true
gw_pid=""
t0=$(date +%s.%N)
hardening_start_gateway "$out/gateway.log"
printf '%s restarted in %.1f s\n' "$(date -u +%T)" "$(echo "$(date +%s.%N) - $t0" | bc)" | tee -a "$out/summary.txt"

set +e
wait "$clients"
rc=$?
set -e
grep -E "reconnected|down|RESULT|tunnel [0-9]+:" "$out/clients.log" | sed 's/^fault: *//' | tee -a "$out/summary.txt"
sessions_after=$("$java" -jar "$jar" status --socket "$out/control.sock" 2>/dev/null | head -1 || true)
echo "gateway after the run: $sessions_after" | tee -a "$out/summary.txt"

fingerprint > "$out/after.txt"
intact=0
if diff -u "$out/before.txt" "$out/after.txt" > "$out/store.diff"; then
  echo "CA store and configuration: byte-for-byte unchanged ($(wc -l < "$out/before.txt") files)" | tee -a "$out/summary.txt"
else
  echo "CA store or configuration CHANGED:" | tee -a "$out/summary.txt"; cat "$out/store.diff" | tee -a "$out/summary.txt"
  intact=1
fi
if "$java" -jar "$jar" config check --config "$out/gateway.toml" > "$out/config-check.txt" 2>&1; then
  echo "config check: OK" | tee -a "$out/summary.txt"
else
  echo "config check: FAILED (see config-check.txt)" | tee -a "$out/summary.txt"; intact=1
fi
if "$java" -jar "$jar" ca crl --dir "$out/ca" > "$out/ca-crl.txt" 2>&1 && "$java" -jar "$jar" ca list --dir "$out/ca" \
    > "$out/ca-list.txt" 2>&1; then
  echo "CA opens and signs a new CRL: OK ($(grep -c . "$out/ca-list.txt") lines in ca list)" | tee -a "$out/summary.txt"
else
  echo "CA: FAILED (see ca-crl.txt, ca-list.txt)" | tee -a "$out/summary.txt"; intact=1
fi
echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); results in ${out#$repo/}" \
  | tee -a "$out/summary.txt"
[ "$rc" -eq 0 ] && [ "$intact" -eq 0 ]
