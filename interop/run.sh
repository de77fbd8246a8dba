#!/usr/bin/env bash
# Interop suite: real L2TP/IPsec clients (strongSwan, libreswan, xl2tpd, pppd) in QEMU VMs against
# the gateway under test, or against the reference stack (libreswan + xl2tpd + pppd, set up like
# the 2011 seed). See interop/README.md.
#
#   interop/run.sh [--against certvpn|reference|both] [--list] [--slow] [--keep] [scenario...]
#
#   --against   certvpn (default): the gateway built from this working tree, started in the
#               suite's namespace; reference: the old stack in a VM at 192.0.2.1; both: one after
#               the other, reported side by side
#   --list      list the scenarios with their situation and expectations, and exit
#   --slow      include scenarios marked SLOW=yes (they run anyway when named)
#   --smoke     only the scenarios marked SMOKE=yes
#   --keep      keep captures and logs of passing scenarios too (failures always keep them)
#
# Exit status: 0 when every scenario passed or failed as recorded (expected-fail); 1 otherwise
# (a gateway that does not start counts as a failure). Scenarios that do not apply to a target
# (TARGETS in test.conf, e.g. those driving CertVPN's control socket) are reported as n/a.
set -euo pipefail

INTEROP_DIR=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
for lib in common deps image net vm pki scenario gateway report; do
  # shellcheck disable=SC1090
  . "$INTEROP_DIR/lib/$lib.sh"
done

AGAINST=certvpn LIST=no SLOW_TOO=no SMOKE_ONLY=no KEEP_ALL=no
WANTED=()
while [ $# -gt 0 ]; do
  case "$1" in
    --against) AGAINST=${2:?--against needs certvpn, reference or both}; shift 2 ;;
    --against=*) AGAINST=${1#*=}; shift ;;
    --list) LIST=yes; shift ;;
    --slow) SLOW_TOO=yes; shift ;;
    --smoke) SMOKE_ONLY=yes; shift ;;
    --keep) KEEP_ALL=yes; shift ;;
    -h|--help) sed -n '2,20p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) WANTED+=("$1"); shift ;;
  esac
done
case "$AGAINST" in certvpn|reference|both) ;; *) die "--against must be certvpn, reference or both" ;; esac

if [ "$LIST" = yes ]; then
  printf '%-22s %-11s %-10s %-7s %-6s %-8s %-9s %s\n' scenario image ike auth site clients reference "notes"
  for n in $(scenario_names); do
    scenario_load "$n"
    notes=
    [ "$SMOKE" = yes ] && notes+="smoke "
    [ "$SLOW" = yes ] && notes+="slow "
    [ "$OUTCOME" != connect ] && notes+="must-be-$OUTCOME "
    [ "$RECONNECT_AFTER_POWEROFF" = yes ] && notes+="power-off+reconnect "
    [ -n "$NETEM" ] && notes+="netem "
    printf '%-22s %-11s %-10s %-7s %-6s %-8s %-9s %s\n' "$n" "$IMAGE" "$IKE" "$AUTH" "$SITE" "${#SC_USERS[@]}" \
      "$EXPECT_REFERENCE" "$notes"
  done
  exit 0
fi

# Which scenarios: the named ones, or all (without the slow ones unless --slow).
SCENARIOS=()
if [ ${#WANTED[@]} -gt 0 ]; then
  for n in "${WANTED[@]}"; do scenario_load "$n"; SCENARIOS+=("$n"); done
else
  for n in $(scenario_names); do
    scenario_load "$n"
    [ "$SLOW" = yes ] && [ "$SLOW_TOO" = no ] && continue
    [ "$SMOKE_ONLY" = yes ] && [ "$SMOKE" != yes ] && continue
    SCENARIOS+=("$n")
  done
fi
[ ${#SCENARIOS[@]} -gt 0 ] || die "no scenario selected"
# Group by client image (stable otherwise), so the client VM boots once per image.
ordered=()
for img in strongswan libreswan; do
  for n in "${SCENARIOS[@]}"; do scenario_load "$n"; [ "$IMAGE" = "$img" ] && ordered+=("$n"); done
done
for n in "${SCENARIOS[@]}"; do scenario_load "$n"; case "$IMAGE" in strongswan|libreswan) ;; *) ordered+=("$n");; esac; done
SCENARIOS=("${ordered[@]}")

ensure_host_deps

RUN_ID=$(date +%Y%m%d-%H%M%S)-$AGAINST
RUN_DIR="$INTEROP_DIR/out/$RUN_ID"
mkdir -p "$RUN_DIR"
: > "$RUN_DIR/results.tsv"
trap run_cleanups EXIT
trap 'log "interrupted"; exit 130' INT TERM

# Images first (outside the timed matrix): every client image used, plus libreswan for the reference.
declare -A NEED_IMAGE=()
for n in "${SCENARIOS[@]}"; do scenario_load "$n"; NEED_IMAGE[$IMAGE]=1; done
[ "$AGAINST" != certvpn ] && NEED_IMAGE[libreswan]=1
for img in "${!NEED_IMAGE[@]}"; do ensure_image "$img" >/dev/null; done

PKI_DIR="$CACHE_DIR/pki-$(sha_of_files "$INTEROP_DIR/lib/pki.sh")"
pki_generate "$PKI_DIR"
# shellcheck disable=SC1091
. "$PKI_DIR/subjects.env"

run_target() {
  local target=$1 n
  if [ "$target" = certvpn ]; then
    gateway_build
    net_up yes
    lanhost_up
  else
    net_up no
    net_tap tap-ref lab0
    vm_start ref libreswan 01 tap-ref || die "the reference server VM did not start"
    vm_exec ref 20 /lab/vm/labctl server-net "$GW_ADDR/24" >/dev/null
  fi
  for n in "${SCENARIOS[@]}"; do
    run_scenario "$n" "$target"
  done
  stop_client_vm
  if [ "$target" = reference ]; then vm_stop ref; fi
  run_cleanups
}

MATRIX_START=$(now_ms)
log "run $RUN_ID: ${#SCENARIOS[@]} scenario(s) against $AGAINST; results in $RUN_DIR"
case "$AGAINST" in
  both) run_target reference; run_target certvpn ;;
  *) run_target "$AGAINST" ;;
esac
MATRIX_END=$(now_ms)
set +e
print_report "${SCENARIOS[@]}"

bad=$(awk -F'\t' '$3 == "fail" || $3 == "unexpected-pass"' "$RUN_DIR/results.tsv" | wc -l)
passed=$(awk -F'\t' '$3 == "pass" || $3 == "expected-fail"' "$RUN_DIR/results.tsv" | wc -l)
na=$(awk -F'\t' '$3 == "n/a"' "$RUN_DIR/results.tsv" | wc -l)
echo "(expected-fail counts as passed, unexpected-pass as failed; n/a = not applicable to that target)"
if [ "$na" -gt 0 ]; then echo "interop: $passed passed, $bad failed, $na n/a"; else echo "interop: $passed passed, $bad failed"; fi
[ "$bad" -eq 0 ]
