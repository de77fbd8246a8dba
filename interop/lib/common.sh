# Shared helpers for the interop suite: paths, logging, cleanup stack, timing.
# Sourced by run.sh and the other lib/*.sh files; not meant to be run directly.

INTEROP_DIR=${INTEROP_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
REPO_DIR=$(cd "$INTEROP_DIR/.." && pwd)
CACHE_DIR=${CERTVPN_INTEROP_CACHE:-$HOME/.cache/certvpn-interop}

log()  { printf '%s interop: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
warn() { printf '%s interop: WARNING: %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()  { printf '%s interop: ERROR: %s\n' "$(date +%H:%M:%S)" "$*" >&2; exit 1; }

# Milliseconds since the epoch (for connect-time and matrix timings).
now_ms() { date +%s%3N; }

# Cleanup stack: every resource the suite creates registers its own teardown right away, so an
# interrupted run (Ctrl-C, a failed step under set -e) still removes namespaces and stops VMs.
CLEANUPS=()
on_exit() { CLEANUPS+=("$*"); }
run_cleanups() {
  local i
  for ((i = ${#CLEANUPS[@]} - 1; i >= 0; i--)); do
    eval "${CLEANUPS[i]}" >/dev/null 2>&1 || true
  done
  CLEANUPS=()
}

# Process state from /proc: a QEMU that has exited but was not reaped is a zombie ("Z") and
# still answers kill -0, so liveness is judged by state, never by kill -0 alone.
proc_state() { awk '{print $3}' "/proc/$1/stat" 2>/dev/null || true; }
proc_alive() {
  local s; s=$(proc_state "$1")
  [ -n "$s" ] && [ "$s" != Z ] && [ "$s" != X ]
}

# Stop one process we started: TERM, a grace period, then KILL; reap it if it is our child.
stop_pid() {
  local pid=$1 grace=${2:-3} i
  [ -n "$pid" ] || return 0
  proc_alive "$pid" && kill -TERM "$pid" 2>/dev/null
  for ((i = 0; i < grace * 10; i++)); do proc_alive "$pid" || break; sleep 0.1; done
  proc_alive "$pid" && kill -KILL "$pid" 2>/dev/null
  wait "$pid" 2>/dev/null || true
}

# Wait until a command succeeds, polling every 0.2 s, at most $1 seconds.
wait_for() {
  local timeout=$1; shift
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  until "$@"; do
    [ "$(now_ms)" -lt "$deadline" ] || return 1
    sleep 0.2
  done
}

sha_of_files() { cat "$@" | sha256sum | cut -c1-16; }
