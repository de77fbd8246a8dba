#!/usr/bin/env bash
# Floods while serving: runs the gateway (certvpn serve) in a network namespace of its own, connects
# established L2TP/IPsec tunnels to it from a second namespace, and floods it scenario after scenario while
# the tunnels keep pinging through. Every flood is a bounded number of packets and stops by itself.
#
#   sudo hardening/flood.sh                       all scenarios: baseline, mm1, esp, l2tp, ppp
#   sudo hardening/flood.sh mm1,esp packets=200000 rate=20000 tunnels=10
#
# Scenarios (details in org.certvpn.hardening.FloodRun): mm1 = Main Mode first messages from 200 source
# addresses x 20 ports; esp = random SPIs plus replayed ESP of an established tunnel; l2tp = a control
# flood inside one tunnel; ppp = wrong-password logins of one user. Per scenario it reports pings sent and
# answered through the tunnels (pass: loss < 1 %, every tunnel still up), the gateway's heap after a full
# GC before and after, its largest RSS during the flood, and what its metrics counted.
#
# Only documentation addresses are used: 192.0.2.0/24 between the namespaces, 198.51.100.0/24 for the
# flood sources, 203.0.113.0/24 inside the tunnels. Results: target/hardening/STAMP/ (summary.txt, the
# gateway's log and configuration). Needs root, ip(8) and a JDK 25.
set -euo pipefail
cd "$(dirname "$0")/.."
scenarios=${1:-baseline,mm1,esp,l2tp,ppp}
shift || true
. hardening/lib.sh
hardening_init flood
hardening_namespaces
psk="flood-test-shared-secret-$RANDOM$RANDOM"
hardening_config "$psk"
hardening_start_gateway "$out/gateway.log"

set +e
ip netns exec "$cl_ns" "$java" -Xmx512m --enable-native-access=ALL-UNNAMED -Djava.util.logging.config.file=/dev/null \
  -cp "$cp" org.certvpn.hardening.FloodRun gateway=192.0.2.1 "psk=$psk" "pid=$gw_pid" "scenarios=$scenarios" \
  "metrics=http://192.0.2.1:9105/metrics" "out=$out/summary.txt" "$@" | tee "$out/run.log"
rc=${PIPESTATUS[0]}
set -e

{
  echo
  echo "# gateway log: $(wc -l < "$out/gateway.log") lines; lines naming a refusal or a give-up:"
  for what in "half-open limit" "fragment dropped" "tunnels for this peer" "sessions per tunnel" \
      "malformed control" "wait for the peer's acknowledgements" "(throttled)" "blocked for another"; do
    printf '#   %-40s %s\n' "$what" "$(grep -cF -- "$what" "$out/gateway.log" || true)"
  done
  echo "# $(date -u +%Y-%m-%dT%H:%M:%SZ) $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg); results in ${out#$repo/}"
} | tee -a "$out/summary.txt"
exit "$rc"
