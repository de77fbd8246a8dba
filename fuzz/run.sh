#!/usr/bin/env bash
# Fuzzing campaign: fuzzes every Jazzer @FuzzTest in the tree for a while.
#
#   fuzz/run.sh [-j JOBS] [--runs N] [--in-order] MINUTES [FILTER]
#       e.g.  fuzz/run.sh 10                      every target, 10 minutes each, one after the other
#             fuzz/run.sh 30 'ike|esp'            only targets whose class#method matches
#             fuzz/run.sh -j 2 --runs 10000000 60 two targets at a time, each until 10 million
#                                                 executions or 60 minutes, whichever comes first
#             fuzz/run.sh --in-order 60 'Lns|nativeFile|Pki'
#                                                 targets in the order of FILTER's |-alternatives
#                                                 (e.g. the fastest first), not in name order
#
# MINUTES may also carry a unit: 90s, 15m, 2h. Each target runs in its own JVM under `nice -n 19`
# (Jazzer fuzzes one test per JVM, on one core: -j 2 uses two), with the corpus it grew before
# (.cifuzz-corpus/, not committed) plus the committed seeds and regression inputs. A finding stops that
# target and is written by Jazzer as crash-* (or timeout-*) into the test's ...Inputs/METHOD/ resource
# folder, where `./mvnw verify` replays it from then on: fix the code, keep the file.
#
# To stop a campaign early, end the script and its java processes; each target stopped that way
# reports "fuzz target exited" and leaves a crash-* file of the input it was running, which is no
# finding: delete it (and never stop them with SIGSTOP: libFuzzer counts stopped time as a hang).
#
# Logs and the summary go to fuzz/out/STAMP/. The summary has one line per target: executions, seconds,
# executions per second, and OK or the finding. Exit status 1 when anything was found.
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,26p' "$0" | sed 's/^# \{0,1\}//'; exit 2; }
jobs=1 runs= in_order=no
while [ $# -gt 0 ]; do
  case "$1" in
    -j) jobs=${2:-}; shift 2 || usage ;;
    --runs) runs=${2:-}; shift 2 || usage ;;
    --in-order) in_order=yes; shift ;;
    -h|--help) usage ;;
    *) break ;;
  esac
done
[[ $jobs =~ ^[1-9][0-9]*$ ]] || { echo "fuzz/run.sh: -j needs a positive number" >&2; exit 2; }
[ -z "$runs" ] || [[ $runs =~ ^[1-9][0-9]*$ ]] || { echo "fuzz/run.sh: --runs needs a positive number" >&2; exit 2; }
if [ $# -lt 1 ] || [ $# -gt 2 ]; then usage; fi
case "$1" in
  *[smh]) duration=$1 ;;
  *) duration="$1m" ;;
esac
if ! [[ $duration =~ ^[0-9]+[smh]$ ]] || [[ $duration =~ ^0+[smh]$ ]]; then
  echo "fuzz/run.sh: MINUTES must be a positive whole number (or NUMBER with s, m or h): $1" >&2
  exit 2
fi
filter=${2:-.}

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  export JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"
java="$JAVA_HOME/bin/java"

mkdir -p fuzz/out
# One campaign at a time: two would only halve each other's executions.
exec 9>fuzz/out/.lock
if ! flock -n 9; then
  echo "fuzz/run.sh: another campaign is running (fuzz/out/.lock)" >&2
  exit 1
fi

echo "building test classes ..." >&2
./mvnw -q -B test-compile dependency:build-classpath -Dmdep.outputFile=target/fuzz-classpath.txt \
  -Dmdep.includeScope=test >&2
stamp=$(date -u +%Y%m%dT%H%M%SZ)
out="fuzz/out/$stamp"
mkdir -p "$out"
# A copy of the classes, so that building while a long campaign runs cannot change what it fuzzes.
cp -r target/classes "$out/classes"
cp -r target/test-classes "$out/test-classes"
cp="$out/test-classes:$out/classes:$(cat target/fuzz-classpath.txt)"

mapfile -t all_targets < <("$java" -cp "$cp" org.certvpn.fuzz.FuzzTargets list "$out/test-classes")
targets=()
if [ "$in_order" = yes ]; then
  # Each |-alternative in turn (top level only), each target once.
  IFS='|' read -r -a alternatives <<<"$filter"
  for alt in "${alternatives[@]}"; do
    for t in "${all_targets[@]}"; do
      if grep -qE -- "$alt" <<<"$t" && ! printf '%s\n' "${targets[@]:-}" | grep -qxF -- "$t"; then
        targets+=("$t")
      fi
    done
  done
else
  for t in "${all_targets[@]}"; do
    if grep -qE -- "$filter" <<<"$t"; then targets+=("$t"); fi
  done
fi
if [ ${#targets[@]} -eq 0 ]; then
  echo "fuzz/run.sh: no fuzz target matches '$filter'" >&2
  exit 2
fi

summary="$out/summary.txt"
{
  echo "# fuzz campaign $stamp: ${#targets[@]} targets, $duration each${runs:+ or $runs executions}, $jobs at a time, $(nproc) CPUs"
  printf '%-72s %14s %8s %10s  %s\n' TARGET EXECUTIONS SECONDS EXEC/S RESULT
} | tee "$summary"

# fuzz_one TARGET : fuzzes one target and appends its summary line; status 1 on a finding.
fuzz_one() {
  local t=$1 name=${1##*.} log rc runs_done secs rate new why result
  log="$out/$name.log"
  # A finding is a new file in this target's own Inputs/METHOD folder (other targets may run meanwhile).
  local marker="$out/.start-$name" inputs="*/${name%%#*}Inputs/${name#*#}/*"
  touch "$marker"
  # -timeout: one input running longer than 30 s is a finding (a hang), not a slow run.
  JAZZER_FUZZ=1 JAZZER_MAX_DURATION="$duration" nice -n 19 "$java" -Xmx768m -Xss4m \
    -Djazzer.internal.arg.0=fuzz -Djazzer.internal.arg.1=-timeout=30 ${runs:+-Djazzer.internal.arg.2=-runs=$runs} \
    --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow -XX:+EnableDynamicAgentLoading \
    -Xshare:off -Djava.util.logging.config.file=/dev/null \
    -cp "$cp" org.certvpn.fuzz.FuzzTargets run "$t" >"$log" 2>&1
  rc=$?
  runs_done=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $2}')
  secs=$(grep -oE '^Done [0-9]+ runs in [0-9]+ second' "$log" | tail -1 | awk '{print $5}')
  if [ -z "$runs_done" ]; then
    # Stopped by a finding: the last status line has the count so far.
    runs_done=$(grep -oE '^#[0-9]+' "$log" | tail -1 | tr -d '#')
    secs="-"
  fi
  runs_done=${runs_done:-0}
  rate="-"
  if [ "$secs" != "-" ] && [ "${secs:-0}" -gt 0 ]; then rate=$((runs_done / secs)); fi
  new=$(find src/test/resources -newer "$marker" -type f -path "$inputs" \( -name 'crash-*' -o -name 'timeout-*' \
    -o -name 'slow-unit-*' -o -name 'oom-*' -o -name 'leak-*' \) | sort | tr '\n' ' ')
  rm -f "$marker"
  if [ $rc -eq 0 ] && [ -z "$new" ]; then
    result=OK
  else
    why=$(grep -m1 '^FINDING' "$log" | cut -c1-200 || true)
    result="FINDING rc=$rc ${new:-(no input file)} ${why#FINDING $t: }"
  fi
  # One printf per line: lines of targets finishing together do not interleave.
  printf '%-72s %14s %8s %10s  %s\n' "$t" "$runs_done" "$secs" "$rate" "$result" | tee -a "$summary"
  [ "$result" = OK ]
}

found=0
set +e
running=()
for t in "${targets[@]}"; do
  while [ ${#running[@]} -ge "$jobs" ]; do
    wait -n "${running[@]}" || found=1
    alive=()
    for p in "${running[@]}"; do kill -0 "$p" 2>/dev/null && alive+=("$p"); done
    running=("${alive[@]}")
  done
  fuzz_one "$t" &
  running+=($!)
done
for p in "${running[@]}"; do wait "$p" || found=1; done
set -e
rm -rf "$out/classes" "$out/test-classes"
echo "# logs: $out/" | tee -a "$summary"
exit $found
