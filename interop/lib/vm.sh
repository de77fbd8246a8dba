# QEMU VMs on the suite's bridges. Each VM gets a share directory (9p tag "lab") holding the agent,
# the rendered configuration (run/), the command queue (cmd/) and what it hands back (out/).
# KVM is not used: on this kind of machine /dev/kvm exists but nested virtualisation hangs.

declare -A VM_PID VM_DIR

VM_MEM=${CERTVPN_INTEROP_VM_MEM:-1024}
VM_SMP=${CERTVPN_INTEROP_VM_SMP:-2}

# vm_start NAME FLAVOUR MACBYTE TAP... : boots and waits for the agent.
vm_start() {
  local name=$1 flavour=$2 macbyte=$3; shift 3
  local img; img=$(ensure_image "$flavour")
  local dir="$RUN_DIR/vm/$name"
  rm -rf "$dir"; mkdir -p "$dir/share/vm" "$dir/share/cmd" "$dir/share/run" "$dir/share/out"
  cp "$INTEROP_DIR/vm/agent" "$INTEROP_DIR/vm/labctl" "$dir/share/vm/"
  local nics=() i=0 tap
  for tap in "$@"; do
    nics+=(-netdev "tap,id=n$i,ifname=$tap,script=no,downscript=no"
           -device "virtio-net-pci,netdev=n$i,mac=52:54:00:4c:$macbyte:$(printf %02x $i)")
    i=$((i + 1))
  done
  local accel=tcg
  [ "$VM_SMP" -gt 1 ] && accel=tcg,thread=multi
  ip netns exec "$NETNS" qemu-system-x86_64 -accel "$accel" -cpu max -smp "$VM_SMP" -m "$VM_MEM" \
      -nodefaults -no-user-config -display none -no-reboot \
      -serial "file:$dir/console.log" \
      -kernel "$img/vmlinux" -initrd "$img/initrd.zst" \
      -append "console=ttyS0 quiet ipv6.disable=1 panic=-1 cryptomgr.notests=1 lab.host=$name" \
      -virtfs "local,path=$dir/share,mount_tag=lab,security_model=none,id=lab" \
      "${nics[@]}" > "$dir/qemu.log" 2>&1 </dev/null &
  VM_PID[$name]=$!
  VM_DIR[$name]=$dir
  on_exit "vm_kill $name"
  local t0; t0=$(now_ms)
  if ! wait_for 120 vm_booted "$name"; then
    tail -20 "$dir/console.log" "$dir/qemu.log" >&2
    warn "VM $name did not come up (console: $dir/console.log)"
    vm_kill "$name"
    return 1
  fi
  grep -q LAB-MODULE-FAILED "$dir/console.log" && warn "VM $name: $(grep LAB-MODULE-FAILED "$dir/console.log" | tr '\n' ' ')"
  log "VM $name ($flavour) up in $(( ($(now_ms) - t0) / 1000 )) s"
}

vm_booted() {
  local name=$1
  proc_alive "${VM_PID[$name]}" || { tail -5 "${VM_DIR[$name]}/console.log" >&2; return 2; }
  grep -q '^LAB-AGENT-READY' "${VM_DIR[$name]}/console.log" 2>/dev/null
}

VM_SEQ=0
# vm_exec NAME TIMEOUT COMMAND... : runs the command line in the VM; prints its output, returns its status.
vm_exec() {
  local name=$1 timeout=$2; shift 2
  local share="${VM_DIR[$name]}/share" id
  VM_SEQ=$((VM_SEQ + 1)); id="$BASHPID-$VM_SEQ-$RANDOM"
  printf '%s\n' "$*" > "$share/cmd/$id.tmp"
  mv "$share/cmd/$id.tmp" "$share/cmd/$id.cmd"
  local deadline=$(( $(now_ms) + timeout * 1000 ))
  while [ ! -f "$share/cmd/$id.rc" ]; do
    if [ "$(now_ms)" -ge "$deadline" ]; then
      cat "$share/cmd/$id.out" 2>/dev/null
      echo "(timed out after ${timeout}s in $name: $*)"
      return 124
    fi
    proc_alive "${VM_PID[$name]}" || { echo "(VM $name is gone)"; return 125; }
    sleep 0.1
  done
  cat "$share/cmd/$id.out"
  local rc; rc=$(cat "$share/cmd/$id.rc")
  rm -f "$share/cmd/$id".*
  return "$rc"
}

vm_stop() {
  local name=$1
  [ -n "${VM_PID[$name]:-}" ] || return 0
  if proc_alive "${VM_PID[$name]}"; then
    printf 'sync; echo o > /proc/sysrq-trigger\n' > "${VM_DIR[$name]}/share/cmd/poweroff.cmd"
    local i
    for ((i = 0; i < 50; i++)); do proc_alive "${VM_PID[$name]}" || break; sleep 0.1; done
  fi
  vm_kill "$name"
}

vm_kill() {
  local name=$1 pid=${VM_PID[$1]:-}
  [ -n "$pid" ] || return 0
  stop_pid "$pid" 2
  local s; s=$(proc_state "$pid")
  if [ "$s" = Z ]; then warn "QEMU $pid ($name) is a zombie after stop"; fi
  unset "VM_PID[$name]"
}
