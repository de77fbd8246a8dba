#!/usr/bin/env bash
# Load tests of the real gateway (`certvpn serve`) with the load generator (`certvpn loadgen`), in two
# network namespaces of their own joined by a veth pair. Needs root. Everything it starts it stops (by
# PID), and it deletes its namespaces on exit. Addresses: documentation ranges only; the idle-tunnel
# scenario may use a 127.0.0.0/8 pool, which is never routed off the machine.
#
#   bench/loadtest.sh [scenario ...]     scenarios: startup connect connect1024 memory throughput scaling
#                                        (default: all), and idle100k (never by default: it takes both
#                                        cores for ~15 minutes). Results: bench/out/loadtest-<time>/
#
# Knobs (environment): CLIENTS (connect, default 2000), WARMUP (connects before measuring, default 500), RATE (connects/s, default 1000), IDLE_CLIENTS (memory,
# default 20000), IDLE_SOURCES (source addresses for the memory scenario, default 1), SOURCES (source addresses
# for the connect scenarios, default 4: peers are sharded by address, so one address keeps one shard busy
# and the others idle), DURATION (throughput
# seconds, default 5), GATEWAY_HEAP (default 2g), GATEWAY_JAR (the gateway's jar, default the one just built: to
# measure an older build against the same generator, copy its jar with its lib/ folder and point here),
# LOADGEN_JAR (the generator's and CA's jar, default the one just built).
# idle100k: IDLE_CLIENTS tunnels (default 100000 there) held at once by GENERATORS generator processes
# (default: enough for at most 17,000 clients each; one socket per client, and one process may open 20,000
# files), each from its own source address 192.0.2.2, .3, ...; IDLE_RATE connects/s in total at most (default
# 300), IDLE_PENDING (clients connecting at a time per generator, default 32: later ones wait for a slot, so the
# fill runs as fast as gateway and generators manage on the shared cores instead of queueing into timeouts),
# FILL_WAIT (seconds to wait for the connects, default from the rate), IDLE_SETTLE (seconds between the last
# connect and the measurement, default 40: finished Quick Modes are kept 30 s), IDLE_CHECK (seconds the
# tunnels are held after the measurement to show that HELLO, LCP echo and DPD keep them, default 200),
# GATEWAY_HEAP (default 4g there), LOADGEN_HEAP (per generator, default 2g there).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
if [ "$(id -u)" != 0 ]; then echo "loadtest.sh needs root (network namespaces)" >&2; exit 2; fi
if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export PATH="$JAVA_HOME/bin:$PATH"
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

CLIENTS=${CLIENTS:-2000}
RATE=${RATE:-1000}
idle_clients_given=${IDLE_CLIENTS:-}
gateway_heap_given=${GATEWAY_HEAP:-}
IDLE_CLIENTS=${IDLE_CLIENTS:-20000}
IDLE_SOURCES=${IDLE_SOURCES:-1}
SOURCES=${SOURCES:-4}
DURATION=${DURATION:-5}
GATEWAY_HEAP=${GATEWAY_HEAP:-2g}
scenarios=("$@")
[ ${#scenarios[@]} -gt 0 ] || scenarios=(startup connect connect1024 memory throughput scaling)

[ -n "${LOADTEST_SKIP_BUILD:-}" ] || ./mvnw -q -B -DskipTests package
jar="${LOADGEN_JAR:-$root/target/certvpn.jar}"
gateway_jar="${GATEWAY_JAR:-$jar}"
out="$root/bench/out/loadtest-$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$out"
gw="cvb-gw-$$"
gen="cvb-gen-$$"
pids=()

cleanup() {
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && kill -TERM "$p" 2>/dev/null || true
  done
  sleep 1
  for p in "${pids[@]:-}"; do
    [ -n "$p" ] && kill -KILL "$p" 2>/dev/null || true
  done
  ip netns del "$gw" 2>/dev/null || true
  ip netns del "$gen" 2>/dev/null || true
}
trap cleanup EXIT

log() { echo "[$(date -u +%H:%M:%S)] $*" | tee -a "$out/summary.txt"; }

# ---- namespaces: generator 192.0.2.2 (+ .3, .4, ... as extra sources) <-> gateway 192.0.2.1 ----
ip netns add "$gw"
ip netns add "$gen"
ip link add "cvb-g$$" netns "$gw" type veth peer name "cvb-c$$" netns "$gen"
ip -n "$gw" link set lo up
ip -n "$gen" link set lo up
ip -n "$gw" addr add 192.0.2.1/24 dev "cvb-g$$"
ip -n "$gen" addr add 192.0.2.2/24 dev "cvb-c$$"
# idle100k: one source address per generator process.
idle100k_clients=${idle_clients_given:-100000}
GENERATORS=${GENERATORS:-$(( (idle100k_clients + 16999) / 17000 ))}
extra=$(( IDLE_SOURCES > SOURCES ? IDLE_SOURCES : SOURCES ))
for sc in "${scenarios[@]}"; do
  if [ "$sc" = idle100k ] && [ "$GENERATORS" -gt "$extra" ]; then extra=$GENERATORS; fi
done
for i in $(seq 3 $((1 + extra))); do ip -n "$gen" addr add "192.0.2.$i/24" dev "cvb-c$$"; done
ip -n "$gw" link set "cvb-g$$" up
ip -n "$gen" link set "cvb-c$$" up
# Each client needs a UDP port of its own; and many sockets.
ip netns exec "$gen" sysctl -q -w net.ipv4.ip_local_port_range="1024 65535"
for ns in "$gw" "$gen"; do
  ip netns exec "$ns" sysctl -q -w net.core.rmem_max=8388608 net.core.wmem_max=8388608 >/dev/null 2>&1 || true
done
# One socket per client: the open-file limit caps the clients of one generator process.
ulimit -n "$(ulimit -Hn)"

# ---- PKI and configuration ----
export CERTVPN_CA_PASSPHRASE="loadtest-ca-passphrase"
java -jar "$jar" ca init --dir "$out/ca" --subject "C=JP, O=Example, CN=Load Test Root CA" >/dev/null
java -jar "$jar" ca server --dir "$out/ca" --fqdn vpn.example.com --ip 192.0.2.1 >/dev/null
echo "load-p12-password" > "$out/p12.pass"
java -jar "$jar" ca client --dir "$out/ca" --cn load --p12-password-file "$out/p12.pass" >/dev/null
echo "load-ppp-password" > "$out/ppp.pass"
echo "load-test-pre-shared-key" > "$out/psk"

config() { # $1 = pool range
  cat > "$out/gateway.toml" <<TOML
[ike]
listen = "192.0.2.1"

[[connection]]
name = "certs"
auth = "certificate"
remote-ids = ["C=JP, O=Example, CN=*"]
certificate = "$out/ca/server/server.crt"
key = "$out/ca/server/server.key"
key-passphrase-file = "$out/ca/server/server.pass"
trusted-cas = ["$out/ca/ca.crt"]

[[connection]]
name = "psk"
auth = "psk"
remote-ids = ["%any"]
[[connection.psk]]
ids = ["%any"]
secret = "load-test-pre-shared-key"

[l2tp]
local-ip = "203.0.113.1"
pool = ["$1"]

[ppp]
auth = ["mschap-v2", "chap"]

[[user]]
name = "load"
password = "load-ppp-password"

[tun]
name = "cvb0"
isolate-clients = false

[control]
socket = "$out/control.sock"

[metrics]
enabled = ${metrics_enabled:-false}
listen = "127.0.0.1"
port = 9105

[limits]
max-tunnels = 200000
max-tunnels-per-source = 100000
max-tunnels-per-user = 200000
max-half-open-per-source = 4096
max-half-open = 4096
TOML
}

gateway_pid=""
start_gateway() { # $1 = shards, $2 = cpu list for taskset ("" for none), $3 = pool
  config "$3"
  local t0 t1 pin=()
  [ -n "$2" ] && pin=(taskset -c "$2")
  t0=$(date +%s%N)
  local jfr=()
  # Profiled everywhere but in the startup scenario, which measures the bare start.
  [ "$scenario" != startup ] && jfr=(-XX:StartFlightRecording=name=load,settings=profile)
  if [ "$scenario" = startup ] && [ -z "${GATEWAY_JAR:-}" ]; then
    # The launcher's real command line (class-data sharing included), as an installation starts it.
    ip netns exec "$gw" "${pin[@]}" env CERTVPN_JAVA_OPTS="-Xmx$GATEWAY_HEAP" "$root/certvpn" \
      serve --config "$out/gateway.toml" --shards "$1" > "$out/gateway-$scenario.log" 2>&1 &
  else
    ip netns exec "$gw" "${pin[@]}" java -Xmx"$GATEWAY_HEAP" "${jfr[@]}" \
      --enable-native-access=ALL-UNNAMED -jar "$gateway_jar" serve --config "$out/gateway.toml" --shards "$1" \
      > "$out/gateway-$scenario.log" 2>&1 &
  fi
  gateway_pid=$!
  pids+=("$gateway_pid")
  for _ in $(seq 1 1000); do
    if ip netns exec "$gw" ss -Hlun 2>/dev/null | grep -q '192.0.2.1:4500'; then break; fi
    if ! kill -0 "$gateway_pid" 2>/dev/null; then echo "gateway died:"; cat "$out/gateway-$scenario.log"; exit 1; fi
    sleep 0.005
  done
  t1=$(date +%s%N)
  startup_ms=$(( (t1 - t0) / 1000000 ))
  # CPU the gateway spent until then (utime + stime): on a shared machine a steadier figure than the wall clock.
  startup_cpu_ms=$(awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$gateway_pid/stat" 2>/dev/null || echo "?")
}

# A JFR recording of the gateway while it worked, summarised as its hottest methods.
profile_gateway() {
  local f="$out/gateway-$scenario.jfr"
  jcmd "$gateway_pid" JFR.dump name=load filename="$f" >/dev/null 2>&1 || return 0
  "$JAVA_HOME/bin/jfr" view --width 160 hot-methods "$f" > "$out/hot-methods-$scenario.txt" 2>&1 || true
  "$JAVA_HOME/bin/jfr" view --width 160 thread-cpu-load "$f" > "$out/threads-$scenario.txt" 2>&1 || true
}

# Datagrams the kernel dropped because a socket's receive buffer was full, in each namespace (a lost
# Quick Mode message 3 is never retransmitted, so such drops show up as clients stuck after IPsec), and
# IP fragmentation (ESP-in-UDP around a 1400-byte inner packet exceeds the veth's 1500-byte MTU).
udp_drops() {
  local ns n
  for ns in "$gw" "$gen"; do
    n=$(ip netns exec "$ns" awk '/^Ip:/ {if (i) {ip = "IP fragments created " $20 ", reassembly failures " $17} else {i=1}}
      /^Udp:/ {if (h) {udp = "UDP InErrors " $4 ", RcvbufErrors " $6} else {h=1}}
      END {print udp "; " ip}' /proc/net/snmp 2>/dev/null || echo "?")
    log "$ns: $n"
  done
}

stop_gateway() {
  kill -TERM "$gateway_pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$gateway_pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$gateway_pid" 2>/dev/null || true
  wait "$gateway_pid" 2>/dev/null || true
}

sink_pid=""
start_sink() {
  ip netns exec "$gw" java -Xmx256m -jar "$jar" loadgen sink --listen 203.0.113.1:9000 --max-runtime 15m \
    > "$out/sink.log" 2>&1 &
  sink_pid=$!
  pids+=("$sink_pid")
  for _ in $(seq 1 400); do
    ip netns exec "$gw" ss -Hlun 2>/dev/null | grep -q '203.0.113.1:9000' && return 0
    sleep 0.05
  done
  echo "sink did not start"; cat "$out/sink.log"; exit 1
}

stop_sink() {
  kill -TERM "$sink_pid" 2>/dev/null || true
  wait "$sink_pid" 2>/dev/null || true
}

loadgen() { # $1 = cpu list or "", rest = loadgen run options
  local pin=() cpu="$1"; shift
  [ -n "$cpu" ] && pin=(taskset -c "$cpu")
  ip netns exec "$gen" "${pin[@]}" java -Xms512m -Xmx"${LOADGEN_HEAP:-4g}" -jar "$jar" loadgen run \
    --server 192.0.2.1 --user load --password-file "$out/ppp.pass" "$@" 2>>"$out/loadgen-$scenario.err" \
    | tee -a "$out/summary.txt"
}

cert=(--p12 "$out/ca/clients/load/load.p12" --p12-password-file "$out/p12.pass" --ca "$out/ca/ca.crt")
traffic_pool="198.51.100.128-198.51.100.254"
idle_pool="127.16.0.1-127.31.255.254"

# ---- idle100k: many generator processes, one measurement of the gateway ----

# The gateway's Prometheus text, once (its [metrics] endpoint on the namespace's loopback).
scrape() { ip netns exec "$gw" curl -s --max-time 20 http://127.0.0.1:9105/metrics 2>/dev/null || true; }
# Sum of the samples of metric $1 whose labels include $2 (optional), in a scrape on stdin.
metric_sum() {
  awk -v m="$1" -v l="${2:-}" '(index($1, m "{") == 1 || $1 == m) && index($1, l) > 0 {s += $NF} END {printf "%d", s}'
}
# Heap in use after a full GC, in KiB (jcmd attaches through /proc, from any network namespace).
heap_after_gc_kib() {
  jcmd "$1" GC.run >/dev/null 2>&1 || { echo -1; return; }
  jcmd "$1" GC.heap_info 2>/dev/null | grep -o 'used [0-9]*K' | head -1 | tr -dc 0-9 || echo -1
}
rss_kib() { awk '/VmRSS/ {print $2}' "/proc/$1/status" 2>/dev/null || echo -1; }
# UDP datagrams received and sent in the gateway's namespace so far: "IN OUT".
udp_datagrams() { ip netns exec "$gw" awk '/^Udp:/ {if (h) print $2, $5; else h = 1}' /proc/net/snmp; }
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{print int(($14 + $15) * 1000 / hz)}' "/proc/$1/stat" 2>/dev/null || echo -1; }

# Bytes per tunnel by class: (histogram with the tunnels - idle histogram) / tunnels, largest first.
histogram_per_tunnel() { # $1 idle histogram, $2 loaded histogram, $3 tunnels
  awk -v n="$3" 'FNR == NR {if ($1 ~ /^[0-9]+:$/) {i0[$4] = $2; b0[$4] = $3}; next}
    $1 ~ /^[0-9]+:$/ {d = $3 - b0[$4]; if (d > 0) printf "%10.1f B %8.2f objects  %s\n", d / n, ($2 - i0[$4]) / n, $4}' \
    "$1" "$2" | sort -rn
}

idle100k_scenario() {
  local clients=$idle100k_clients gens=$GENERATORS rate=${IDLE_RATE:-300} pending=${IDLE_PENDING:-32}
  local per=$(( (clients + gens - 1) / gens ))
  local fill_wait=${FILL_WAIT:-$(( clients / 50 + 300 ))}
  local settle=${IDLE_SETTLE:-40} check=${IDLE_CHECK:-200}
  if [ "$per" -gt 18000 ]; then
    echo "idle100k: $per clients per generator; at most 18,000 fit one process's open files (raise GENERATORS)" >&2
    exit 2
  fi
  local saved_heap=$GATEWAY_HEAP
  GATEWAY_HEAP=${gateway_heap_given:-4g}
  log "== idle100k: $clients idle tunnels (PSK, aes128-sha1-modp1024, CHAP-MD5) from $gens generator processes" \
      "of up to $per clients, at most $rate connects/s in all and $pending connecting per generator; gateway heap $GATEWAY_HEAP, generator heap ${LOADGEN_HEAP:-2g} each"
  metrics_enabled=true start_gateway 2 "" "$idle_pool"
  sleep 5
  local heap0 rss0 idle_cpu0 idle_cpu1
  jcmd "$gateway_pid" GC.class_histogram > "$out/histogram-idle100k-idle.txt" 2>&1 || true
  heap0=$(heap_after_gc_kib "$gateway_pid")
  rss0=$(rss_kib "$gateway_pid")
  idle_cpu0=$(cpu_ms "$gateway_pid")
  sleep 20
  idle_cpu1=$(cpu_ms "$gateway_pid")
  log "gateway without tunnels: heap ${heap0} KiB after GC, RSS ${rss0} KiB, CPU $(( (idle_cpu1 - idle_cpu0) / 20 )) ms/s"

  rm -f "$out/idle100k.stop"
  local gen_pids=() i left=$clients n src
  for i in $(seq 0 $((gens - 1))); do
    n=$(( left < per ? left : per )); left=$(( left - n ))
    src="192.0.2.$((2 + i))"
    ip netns exec "$gen" java -Xms256m -Xmx"${LOADGEN_HEAP:-2g}" -jar "$jar" loadgen run \
      --server 192.0.2.1 --user load --password-file "$out/ppp.pass" --psk-file "$out/psk" --ppp-auth chap \
      --source "$src" --ike aes128-sha1-modp1024 --clients "$n" \
      --rate "$(awk -v r="$rate" -v g="$gens" 'BEGIN {printf "%.3f", r / g}')" --max-pending "$pending" --lanes 1 \
      --wait "${fill_wait}s" --connect-timeout 120s --hold 3h --stop-file "$out/idle100k.stop" --report-every 30s \
      --json "$out/idle100k-gen$i.json" > "$out/idle100k-gen$i.log" 2> "$out/idle100k-gen$i.err" &
    gen_pids+=("$!")
    pids+=("$!")
  done

  # Filling: one line every 15 s until every generator has reported its connects (or the deadline).
  local t0 now m up started ok failed alive reported cpu0 cpu
  t0=$(date +%s)
  cpu0=$(cpu_ms "$gateway_pid")
  local gcpu0=0 gcpu p
  for p in "${gen_pids[@]}"; do gcpu0=$(( gcpu0 + $(cpu_ms "$p") )); done
  printf '%s\n' "seconds sessions_up handshakes_started succeeded failed gateway_cpu_s generators_cpu_s gateway_rss_mib load1" \
    | tee "$out/idle100k-fill.txt"
  while :; do
    sleep 15
    now=$(date +%s)
    m=$(scrape)
    up=$(metric_sum certvpn_sessions 'state="up"' <<< "$m")
    started=$(metric_sum 'certvpn_handshakes_started_total' <<< "$m")
    ok=$(metric_sum 'certvpn_handshakes_succeeded_total' <<< "$m")
    failed=$(metric_sum 'certvpn_handshakes_failed_total' <<< "$m")
    cpu=$(cpu_ms "$gateway_pid")
    gcpu=0
    for p in "${gen_pids[@]}"; do gcpu=$(( gcpu + $(cpu_ms "$p") )); done
    echo "$((now - t0)) $up $started $ok $failed $(( (cpu - cpu0) / 1000 )) $(( (gcpu - gcpu0) / 1000 ))" \
      "$(( $(rss_kib "$gateway_pid") / 1024 )) $(cut -d' ' -f1 /proc/loadavg)" | tee -a "$out/idle100k-fill.txt"
    alive=0; reported=0
    for i in $(seq 0 $((gens - 1))); do
      kill -0 "${gen_pids[$i]}" 2>/dev/null && alive=$((alive + 1))
      grep -q '^connect:' "$out/idle100k-gen$i.log" 2>/dev/null && reported=$((reported + 1))
    done
    if ! kill -0 "$gateway_pid" 2>/dev/null; then log "the gateway died"; tail -20 "$out/gateway-$scenario.log"; break; fi
    [ "$reported" -ge "$gens" ] && break
    if [ "$alive" -lt "$gens" ] && [ "$reported" -lt "$gens" ]; then
      log "a generator stopped before reporting ($alive of $gens alive)"; break
    fi
    [ $((now - t0)) -gt $((fill_wait + 60)) ] && { log "fill deadline passed"; break; }
  done
  local fill_s=$(( $(date +%s) - t0 ))
  for i in $(seq 0 $((gens - 1))); do
    log "generator $i ($((2 + i))): $(grep -m1 '^connect:' "$out/idle100k-gen$i.log" 2>/dev/null || echo 'no report')"
    { grep -m1 'failures:' "$out/idle100k-gen$i.log" 2>/dev/null || true; } | while read -r l; do log "  $l"; done
  done

  log "filled after ${fill_s} s: $up sessions up = $(( ${up:-0} / (fill_s > 0 ? fill_s : 1) )) connects/s on average" \
      "(gateway CPU $(( (cpu - cpu0) / 1000 )) s, generators $(( (gcpu - gcpu0) / 1000 )) s); settling ${settle} s before measuring"
  sleep "$settle"
  m=$(scrape)
  echo "$m" > "$out/metrics-idle100k-measured.txt"
  up=$(metric_sum certvpn_sessions 'state="up"' <<< "$m")
  local status_line heap rss
  status_line=$(ip netns exec "$gw" java -jar "$jar" status --socket "$out/control.sock" 2>&1 | head -1 || true)
  heap=$(heap_after_gc_kib "$gateway_pid")
  rss=$(rss_kib "$gateway_pid")
  jcmd "$gateway_pid" GC.class_histogram > "$out/histogram-idle100k.txt" 2>&1 || true
  log "gateway with $up sessions up (metrics; status: $status_line): heap ${heap} KiB after GC, RSS ${rss} KiB"
  if [ "${up:-0}" -gt 0 ]; then
    log "heap per tunnel: $(( (heap - heap0) * 1024 / up )) B; RSS per tunnel: $(( (rss - rss0) * 1024 / up )) B"
    histogram_per_tunnel "$out/histogram-idle100k-idle.txt" "$out/histogram-idle100k.txt" "$up" \
      > "$out/histogram-idle100k-per-tunnel.txt"
    log "largest classes per tunnel (histogram with the tunnels minus the idle one, / $up):"
    head -15 "$out/histogram-idle100k-per-tunnel.txt" | tee -a "$out/summary.txt"
  fi
  for i in $(seq 0 $((gens - 1))); do
    log "generator $i: heap $(heap_after_gc_kib "${gen_pids[$i]}") KiB after GC, RSS $(rss_kib "${gen_pids[$i]}") KiB," \
        "CPU $(( $(cpu_ms "${gen_pids[$i]}") / 1000 )) s"
  done

  # Held on: HELLO (60 s), LCP echo (30 s, 4 failures) and DPD (30 s, 150 s) must keep every idle tunnel.
  local cpu1 cpu2 t1 t2 udp1 udp2 gcpu1=0 gcpu2=0 p
  cpu1=$(cpu_ms "$gateway_pid"); t1=$(date +%s); udp1=($(udp_datagrams))
  for p in "${gen_pids[@]}"; do gcpu1=$(( gcpu1 + $(cpu_ms "$p") )); done
  log "holding ${check} s more (past the HELLO, LCP echo and DPD timeouts)"
  sleep "$check"
  cpu2=$(cpu_ms "$gateway_pid"); t2=$(date +%s); udp2=($(udp_datagrams))
  for p in "${gen_pids[@]}"; do gcpu2=$(( gcpu2 + $(cpu_ms "$p") )); done
  m=$(scrape)
  echo "$m" > "$out/metrics-idle100k-held.txt"
  local up2
  up2=$(metric_sum certvpn_sessions 'state="up"' <<< "$m")
  log "after $(( t2 - t1 )) s more: $up2 sessions up (was $up); gateway CPU meanwhile $(( (cpu2 - cpu1) / (t2 - t1) )) ms/s" \
      "(without tunnels: $(( (idle_cpu1 - idle_cpu0) / 20 )) ms/s); UDP datagrams per tunnel per minute:" \
      "$(awk -v i=$(( ${udp2[0]} - ${udp1[0]} )) -v o=$(( ${udp2[1]} - ${udp1[1]} )) -v n="${up2:-0}" -v t=$(( t2 - t1 )) \
         'BEGIN {if (n > 0 && t > 0) printf "%.2f in, %.2f out", i * 60 / n / t, o * 60 / n / t; else print "?"}');" \
      "the generators' CPU meanwhile $(( (gcpu2 - gcpu1) / (t2 - t1) )) ms/s in all"
  { grep -E '^certvpn_(handshakes_failed_total|drops_total|l2tp_retransmissions_total)' \
      "$out/metrics-idle100k-held.txt" || true; } | awk '$NF != 0' | while read -r l; do log "  $l"; done
  for i in $(seq 0 $((gens - 1))); do
    log "generator $i: $(grep '^holding' "$out/idle100k-gen$i.log" | tail -1)"
  done

  touch "$out/idle100k.stop"
  for _ in $(seq 1 120); do
    alive=0
    for p in "${gen_pids[@]}"; do kill -0 "$p" 2>/dev/null && alive=$((alive + 1)); done
    [ "$alive" = 0 ] && break
    sleep 1
  done
  for i in $(seq 0 $((gens - 1))); do
    log "generator $i: $(grep '^after holding' "$out/idle100k-gen$i.log" || echo 'did not finish')"
    kill -TERM "${gen_pids[$i]}" 2>/dev/null || true
  done
  profile_gateway
  stop_gateway
  GATEWAY_HEAP=$saved_heap
}

for scenario in "${scenarios[@]}"; do
  case "$scenario" in
    startup)
      log "== startup: JVM start to UDP 4500 bound, and idle RSS (2 shards), ${STARTUP_RUNS:-4} starts (the launcher's first start of a build writes its class-data archive at exit)"
      echo "[" > "$out/startup.json"
      for run in $(seq 1 "${STARTUP_RUNS:-4}"); do
        start_gateway 2 "" "$traffic_pool"
        sleep 3
        rss=$(awk '/VmRSS/ {print $2}' "/proc/$gateway_pid/status")
        log "start $run: UDP-ready after ${startup_ms} ms (${startup_cpu_ms} ms CPU); idle RSS: $((rss / 1024)) MiB"
        [ "$run" = 1 ] || echo "," >> "$out/startup.json"
        echo "{\"startupMillis\":$startup_ms,\"startupCpuMillis\":$startup_cpu_ms,\"idleRssKiB\":$rss}" >> "$out/startup.json"
        stop_gateway
      done
      echo "]" >> "$out/startup.json" ;;
    connect|connect1024)
      group=modp2048; [ "$scenario" = connect1024 ] && group=modp1024
      sources=$(seq -s, -f "192.0.2.%g" 2 $((1 + SOURCES)))
      log "== $scenario: $CLIENTS clients from $sources, RSA-2048 certificates, aes128-sha1-$group, MS-CHAPv2, $RATE/s, 2 shards, no pinning"
      start_gateway 2 "" "$idle_pool"
      loadgen "" "${cert[@]}" --source "$sources" --ike "aes128-sha1-$group" --clients "$CLIENTS" --rate "$RATE" \
        --warmup "${WARMUP:-500}" --lanes 2 --wait 120s --gateway-pid "$gateway_pid" --json "$out/$scenario.json"
      udp_drops
      profile_gateway
      stop_gateway ;;
    memory)
      sources=$(seq -s, -f "192.0.2.%g" 2 $((1 + IDLE_SOURCES)))
      log "== memory: $IDLE_CLIENTS idle tunnels (PSK, aes128-sha1-modp1024, CHAP-MD5) from $sources, heap per tunnel"
      start_gateway 2 "" "$idle_pool"
      LOADGEN_HEAP=${LOADGEN_HEAP:-8g} loadgen "" --psk-file "$out/psk" --ppp-auth chap --source "$sources" \
        --ike aes128-sha1-modp1024 --clients "$IDLE_CLIENTS" --rate "${IDLE_RATE:-1500}" --lanes 2 \
        --wait "${IDLE_WAIT:-400s}" --connect-timeout 120s --hold "${IDLE_HOLD:-40}s" --gateway-pid "$gateway_pid" --json "$out/memory.json" \
        --histogram "$out/histogram-memory.txt"
      profile_gateway
      stop_gateway ;;
    throughput)
      log "== throughput: gateway on core 0 (1 shard), generator on core 1; aes128-sha1; ${DURATION}s per run"
      start_gateway 1 0 "$traffic_pool"
      start_sink
      loadgen 1 "${cert[@]}" --source 192.0.2.2 --esp aes128-sha1 --clients 2 --rate 0 --lanes 1 \
        --throughput "${DIRECTIONS:-up,down}" --sizes 64,1400 --duration "${DURATION}s" --sink 203.0.113.1:9000 --flows 1 \
        --send-rate "${SEND_RATE:-0}" \
        --json "$out/throughput.json"
      udp_drops
      profile_gateway
      stop_sink
      stop_gateway ;;
    scaling)
      for shards in 1 2; do
        log "== scaling: $shards shard(s) and UDP/4500 receive loop(s), 4 flows up, 1400 B, ${SCALING_RATE:-40000} pps offered, both cores shared"
        start_gateway "$shards" "" "$traffic_pool"
        start_sink
        loadgen "" "${cert[@]}" --source 192.0.2.2 --esp aes128-sha1 --clients 4 --rate 0 --lanes 2 \
          --throughput up --sizes 1400 --duration "${DURATION}s" --sink 203.0.113.1:9000 --flows 4 \
          --send-rate "${SCALING_RATE:-40000}" --json "$out/scaling-$shards.json"
        scenario="scaling-$shards" profile_gateway

        stop_sink
        stop_gateway
      done ;;
    idle100k) idle100k_scenario ;;
    *) echo "unknown scenario $scenario" >&2; exit 2 ;;
  esac
done
log "results in $out"
