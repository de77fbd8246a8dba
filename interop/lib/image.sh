# VM images from Debian packages only: a standard (not cloud) 6.1 kernel with the modules listed in
# image/modules.txt, and a debootstrap'd root packed as one zstd initramfs (whole root in RAM).
# Two flavours, because strongSwan and libreswan conflict as packages:
#   strongswan  - IKEv1 initiator (charon + starter)
#   libreswan   - initiator, and the reference server
# Cached under $CACHE_DIR, keyed by a hash of the recipe (package lists, module list, /init, this
# file, the kernel package); a changed recipe builds a new image.

IMAGE_SUITE=${CERTVPN_INTEROP_SUITE:-bookworm}

debian_mirror() {
  if [ -n "${CERTVPN_INTEROP_MIRROR:-}" ]; then echo "$CERTVPN_INTEROP_MIRROR"; return; fi
  local m
  m=$(grep -rhoE '^(URIs:|deb) +https?://[^ ]+/debian/?( |$)' /etc/apt/sources.list /etc/apt/sources.list.d/ 2>/dev/null \
      | grep -oE 'https?://[^ ]+' | head -1)
  echo "${m:-http://deb.debian.org/debian}"
}

# The kernel package that linux-image-amd64 points at, e.g. linux-image-6.1.0-56-amd64.
kernel_package() {
  local p
  p=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}')
  [ -n "$p" ] || { apt-get update -qq >&2 || true
    p=$(apt-cache depends linux-image-amd64 2>/dev/null | awk '/Depends: linux-image-[0-9]/ {print $2; exit}'); }
  [ -n "$p" ] || die "cannot resolve the Debian kernel package (apt-cache depends linux-image-amd64)"
  case "$p" in *cloud*) die "refusing cloud kernel $p: it has no PPP";; esac
  echo "$p"
}

# Extracted kernel tree (vmlinuz + modules), cached per kernel package.
kernel_tree() {
  local pkg=$1 dir="$CACHE_DIR/kernel/$1"
  if [ ! -f "$dir/.done" ]; then
    log "fetching kernel $pkg"
    rm -rf "$dir"; mkdir -p "$dir/deb"
    (cd "$dir/deb" && apt-get download "$pkg" >&2 2>/dev/null) \
      || (cd "$dir/deb" && apt-get update -qq >&2 && apt-get download "$pkg" >&2) \
      || die "apt-get download $pkg failed"
    dpkg -x "$dir"/deb/*.deb "$dir/x" || die "dpkg -x failed for $pkg"
    rm -rf "$dir/deb"
    local ver; ver=$(ls "$dir/x/lib/modules")
    depmod -b "$dir/x" "$ver"
    touch "$dir/.done"
  fi
  local kver; kver=$(ls "$dir/x/lib/modules")
  if [ ! -s "$dir/x/boot/vmlinux-$kver" ]; then
    # QEMU boots an uncompressed ELF vmlinux through the PVH entry point directly: under TCG
    # that skips the BIOS and the self-decompression, and halves the boot time.
    local z=$dir/x/boot/vmlinuz-$kver off
    off=$(LC_ALL=C grep -obUaP '\xfd7zXZ\x00' "$z" | head -1 | cut -d: -f1)
    [ -n "$off" ] || die "no xz payload found in $z"
    # xz stops after the stream, so tail may die of SIGPIPE: judge by the result, an ELF file.
    { tail -c +$((off + 1)) "$z" | xz -dc --single-stream > "$dir/x/boot/vmlinux-$kver"; } 2>/dev/null || true
    [ "$(head -c 4 "$dir/x/boot/vmlinux-$kver" | od -An -tx1 | tr -d ' ')" = 7f454c46 ] \
      || die "cannot extract vmlinux from $z"
  fi
  echo "$dir/x"
}

image_packages() {
  local flavour=$1
  grep -hv '^#' "$INTEROP_DIR/image/packages-common.txt" "$INTEROP_DIR/image/packages-$flavour.txt" \
    | awk 'NF' | paste -sd, -
}

# Prints the directory holding vmlinux and initrd.zst for a flavour, building it when needed.
ensure_image() {
  local flavour=$1
  [ -f "$INTEROP_DIR/image/packages-$flavour.txt" ] || die "unknown image flavour: $flavour"
  local kpkg; kpkg=$(kernel_package)
  local key
  key=$( { echo "$kpkg $IMAGE_SUITE $flavour"
           cat "$INTEROP_DIR/image/packages-common.txt" "$INTEROP_DIR/image/packages-$flavour.txt" \
               "$INTEROP_DIR/image/modules.txt" "$INTEROP_DIR/image/init" "$INTEROP_DIR/lib/image.sh"; } \
         | sha256sum | cut -c1-16)
  local out="$CACHE_DIR/images/$flavour-$key"
  if [ -f "$out/.done" ]; then echo "$out"; return; fi

  local t0; t0=$(now_ms)
  log "building image $flavour ($key); this takes a few minutes once, then it is cached"
  local ktree; ktree=$(kernel_tree "$kpkg")
  local kver; kver=$(ls "$ktree/lib/modules")
  local work="$CACHE_DIR/build/$flavour-$key"
  rm -rf "$work"; mkdir -p "$work" "$CACHE_DIR/debs"

  local root="$work/root"
  debootstrap --variant=minbase --cache-dir="$CACHE_DIR/debs" --include="$(image_packages "$flavour")" \
      "$IMAGE_SUITE" "$root" "$(debian_mirror)" > "$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; die "debootstrap failed; full log: $work/debootstrap.log"; }

  # Kernel modules: the named ones with their dependencies, plus every crypto module.
  local mroot="$root/lib/modules/$kver"
  mkdir -p "$mroot"
  cp "$ktree/lib/modules/$kver"/modules.{order,builtin,builtin.modinfo} "$mroot/"
  local m f
  { for m in $(grep -v '^#' "$INTEROP_DIR/image/modules.txt"); do
      modprobe -d "$ktree" -S "$kver" --show-depends "$m" \
        || die "module $m is not in $kpkg"
    done | awk '$1 == "insmod" {print $2}'
    find "$ktree/lib/modules/$kver/kernel/crypto" "$ktree/lib/modules/$kver/kernel/arch/x86/crypto" \
         "$ktree/lib/modules/$kver/kernel/lib/crypto" "$ktree/lib/modules/$kver/kernel/net/xfrm" \
         "$ktree/lib/modules/$kver/kernel/net/ipv4" "$ktree/lib/modules/$kver/kernel/net/netfilter" \
         "$ktree/lib/modules/$kver/kernel/net/ipv4/netfilter" "$ktree/lib/modules/$kver/kernel/net/sched" \
         "$ktree/lib/modules/$kver/kernel/drivers/net/ppp" "$ktree/lib/modules/$kver/kernel/lib" \
         -name '*.ko*' ; } | sort -u | while read -r f; do
    mkdir -p "$mroot/$(dirname "${f#"$ktree/lib/modules/$kver/"}")"
    cp "$f" "$mroot/${f#"$ktree/lib/modules/$kver/"}"
  done
  depmod -b "$root" "$kver"

  # Trim what a RAM root does not need.
  rm -rf "$root"/usr/share/{doc,man,info,locale,lintian,linda} "$root"/var/cache/apt/* \
         "$root"/var/lib/apt/lists/* "$root"/usr/share/zoneinfo/right
  # No daemons autostart (there is no init system); the agent starts what a scenario needs.
  mkdir -p "$root/etc/lab" "$root/lab"
  grep -v '^#' "$INTEROP_DIR/image/modules.txt" > "$root/etc/lab/modules"
  install -m 0755 "$INTEROP_DIR/image/init" "$root/init"
  echo "$flavour $key $kpkg" > "$root/etc/lab/image"

  mkdir -p "$out.tmp"
  cp "$ktree/boot/vmlinux-$kver" "$out.tmp/vmlinux"
  (cd "$root" && find . -xdev | cpio -o -H newc --quiet) | zstd -q -T0 -10 > "$out.tmp/initrd.zst"
  echo "$flavour $key $kpkg $(date -u +%FT%TZ)" > "$out.tmp/manifest"
  rm -rf "$out"; mv "$out.tmp" "$out"; touch "$out/.done"
  rm -rf "$work"
  log "image $flavour ready in $(( ($(now_ms) - t0) / 1000 )) s: $out ($(du -h "$out/initrd.zst" | cut -f1))"
  echo "$out"
}
