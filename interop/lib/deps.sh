# Host prerequisites. On a Debian 12 machine missing ones are installed with apt-get; elsewhere
# (or without root) the suite says exactly what is missing and stops.

# command -> Debian package
HOST_TOOLS=(
  "qemu-system-x86_64:qemu-system-x86"
  "debootstrap:debootstrap"
  "zstd:zstd"
  "cpio:cpio"
  "tcpdump:tcpdump"
  "ip:iproute2"
  "nft:nftables"
  "openssl:openssl"
  "iperf3:iperf3"
  "depmod:kmod"
  "dpkg-deb:dpkg"
  "xz:xz-utils"
  "sha256sum:coreutils"
  "unshare:util-linux"
  "curl:curl"
)

ensure_host_deps() {
  [ "$(id -u)" = 0 ] || die "the interop suite needs root (network namespaces, TAP devices, debootstrap)"
  local missing=() pkgs=() t
  for t in "${HOST_TOOLS[@]}"; do
    command -v "${t%%:*}" >/dev/null 2>&1 || { missing+=("${t%%:*}"); pkgs+=("${t#*:}"); }
  done
  if [ ${#pkgs[@]} -gt 0 ]; then
    if command -v apt-get >/dev/null 2>&1; then
      log "installing host packages: ${pkgs[*]}"
      apt-get update -qq >&2 || true
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >&2 \
        || die "apt-get could not install: ${pkgs[*]} (commands missing: ${missing[*]})"
    else
      die "missing commands: ${missing[*]}; install the Debian packages: ${pkgs[*]}"
    fi
  fi
  for t in "${HOST_TOOLS[@]}"; do
    command -v "${t%%:*}" >/dev/null 2>&1 || die "still missing after install: ${t%%:*} (package ${t#*:})"
  done
  [ -c /dev/net/tun ] || die "/dev/net/tun is missing: the kernel needs TUN/TAP support"
  ip netns list >/dev/null 2>&1 || die "cannot use network namespaces (ip netns)"
  # Optional: tshark gives readable capture summaries on failure; the checks need only tcpdump.
  command -v tshark >/dev/null 2>&1 || HAVE_TSHARK=no
}
