#!/usr/bin/env bash
# Acceptance test of the Debian package (docs/PACKAGING.md): builds target/certvpn_*_all.deb, installs
# it into a fresh Debian root (debootstrap --variant=minbase, plus systemd for systemd-analyze), runs
# /usr/bin/certvpn --version there, verifies the installed unit, checks the bash completion, and
# removes and purges the package again.
#
#   packaging/test-deb.sh                           bookworm, offline after the first run
#   CERTVPN_DEB_SUITE=sid packaging/test-deb.sh     a suite with openjdk-25: apt resolves the dependency
#
# Needs root and debootstrap; for bookworm also a JDK 25 on the host (JAVA_HOME or
# /usr/lib/jvm/temurin-25-jdk-amd64). The first run of a suite downloads its root from the Debian
# archive (one to three minutes) and caches it as a tarball in $CERTVPN_PACKAGING_CACHE (default
# ~/.cache/certvpn-packaging); later runs start from a fresh copy of it. Every mount lives in a
# private mount namespace and vanishes with it.
#
# Bookworm has no Java 25 package, so there the host's JDK is bind-mounted read-only into the root
# at /usr/lib/jvm/temurin-25-jdk-amd64 (where the launcher looks), and dpkg is told --force-depends
# after showing that, without it, it refuses the package for exactly the missing Java 25 dependency.
# Other suites install with apt-get install ./certvpn.deb, which must pull in openjdk-25-jre-headless.
set -euo pipefail

here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cache=${CERTVPN_PACKAGING_CACHE:-$HOME/.cache/certvpn-packaging}
suite=${CERTVPN_DEB_SUITE:-bookworm}
rootfs_tar="$cache/$suite-minbase-systemd.tar.gz"

say() { printf '\n== %s\n' "$*"; }
fail() { printf 'test-deb: FAILED: %s\n' "$*" >&2; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "needs root (debootstrap, chroot, mounts)"
command -v debootstrap >/dev/null || fail "debootstrap is not installed (apt install debootstrap)"
command -v unshare >/dev/null || fail "unshare (util-linux) is not installed"

if [ -z "${JAVA_HOME:-}" ] || ! "$JAVA_HOME/bin/java" -version 2>&1 | grep -q '"25'; then
  JAVA_HOME=/usr/lib/jvm/temurin-25-jdk-amd64
fi
[ -x "$JAVA_HOME/bin/java" ] || fail "no JDK 25 at $JAVA_HOME (the build needs one); set JAVA_HOME"
export JAVA_HOME

say "build the package"
(cd "$here" && ./mvnw -q -B -Pdeb -DskipTests package)
deb=$(ls -t "$here"/target/certvpn_*_all.deb | head -n 1)
echo "$deb"
dpkg-deb --field "$deb" Package Version Architecture Depends

if [ ! -f "$rootfs_tar" ]; then
  say "debootstrap --variant=minbase --include=systemd $suite (cached in $cache)"
  mkdir -p "$cache"
  build=$(mktemp -d "$cache/build.XXXXXX")
  debootstrap --variant=minbase --include=systemd "$suite" "$build/root" ${DEBIAN_MIRROR:-} >"$cache/debootstrap.log" 2>&1 \
    || { tail -n 20 "$cache/debootstrap.log" >&2; rm -rf --one-file-system "$build"; fail "debootstrap failed"; }
  tar --numeric-owner -C "$build/root" -czf "$rootfs_tar.part" .
  mv "$rootfs_tar.part" "$rootfs_tar"
  rm -rf --one-file-system "$build"
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/certvpn-deb.XXXXXX")
cleanup() { rm -rf --one-file-system "$work"; }
trap cleanup EXIT

say "fresh root from $rootfs_tar"
mkdir "$work/root"
tar --numeric-owner -C "$work/root" -xzf "$rootfs_tar"
cp "$deb" "$work/root/tmp/certvpn.deb"
grep PRETTY_NAME "$work/root/etc/os-release"

# Everything that needs mounts runs in its own mount namespace; the mounts vanish when it exits.
unshare --mount --propagation private -- env ROOT="$work/root" JDK="$JAVA_HOME" SUITE="$suite" bash -euo pipefail -c '
say() { printf "\n== %s\n" "$*"; }
fail() { printf "test-deb: FAILED: %s\n" "$*" >&2; exit 1; }
in_root() { chroot "$ROOT" env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 "$@"; }

mount -t proc proc "$ROOT/proc"
mount --bind /dev "$ROOT/dev"
if [ "$SUITE" = bookworm ]; then
  mkdir -p "$ROOT/usr/lib/jvm/temurin-25-jdk-amd64"
  mount --bind -o ro "$JDK" "$ROOT/usr/lib/jvm/temurin-25-jdk-amd64"

  say "dpkg -i without a Java 25 package: must refuse for the Java dependency"
  if in_root dpkg -i /tmp/certvpn.deb >"$ROOT/tmp/dpkg-plain.log" 2>&1; then
    cat "$ROOT/tmp/dpkg-plain.log"; fail "dpkg accepted the package without any Java 25 package"
  fi
  grep -E "depends on|dependency problems" "$ROOT/tmp/dpkg-plain.log"
  grep -q "openjdk-25-jre-headless | java25-runtime-headless" "$ROOT/tmp/dpkg-plain.log" \
    || { cat "$ROOT/tmp/dpkg-plain.log"; fail "dpkg refused for another reason"; }

  say "dpkg -i --force-depends (the JDK 25 is the host'"'"'s, bind-mounted at /usr/lib/jvm/temurin-25-jdk-amd64)"
  in_root dpkg -i --force-depends /tmp/certvpn.deb
else
  say "apt-get install ./certvpn.deb: apt must resolve the Java 25 dependency from $SUITE"
  cp /etc/resolv.conf "$ROOT/etc/resolv.conf"
  # A frozen archive snapshot serves Release files past their Valid-Until date; the signatures are still checked.
  in_root apt-get -qq -o Acquire::Check-Valid-Until=false update
  in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends /tmp/certvpn.deb \
    >"$ROOT/tmp/apt-install.log" 2>&1 || { cat "$ROOT/tmp/apt-install.log"; fail "apt-get install failed"; }
  sed -n -e "/^The following NEW/,/^[^ ]/{/^Setting up/!p}" -e "/^Setting up/p" "$ROOT/tmp/apt-install.log"
  in_root dpkg-query -W -f "\${Package} \${Version}\n" openjdk-25-jre-headless \
    || fail "apt did not install openjdk-25-jre-headless"
fi
in_root dpkg-query -W -f "\${Package} \${Version} \${Status}\n" certvpn

say "/usr/bin/certvpn --version"
version=$(in_root /usr/bin/certvpn --version)
echo "$version"
echo "$version" | grep -Eq "^certvpn [0-9]" || fail "--version did not print the packaged version"

say "systemd-analyze verify /usr/lib/systemd/system/certvpn.service (systemd $(in_root systemd-analyze --version | head -n 1 | cut -d" " -f2))"
in_root systemd-analyze verify /usr/lib/systemd/system/certvpn.service
echo "no complaints"

say "layout"
in_root stat -c "%A %U:%G %n" /usr/bin/certvpn /usr/share/certvpn/certvpn.jar /usr/share/certvpn/certvpn.example.toml \
  /etc/default/certvpn /etc/certvpn /var/lib/certvpn /usr/share/bash-completion/completions/certvpn
[ "$(in_root stat -c %a /etc/certvpn)" = 750 ] || fail "/etc/certvpn is not 0750"
[ "$(in_root stat -c %a /var/lib/certvpn)" = 700 ] || fail "/var/lib/certvpn is not 0700"

say "bash completion"
in_root bash -n /usr/share/bash-completion/completions/certvpn
# generate-completion prints one more newline at the end than the file the build wrote; $(...) drops both.
printf "%s\n" "$(in_root /usr/bin/certvpn generate-completion)" >"$ROOT/tmp/completion.now"
printf "%s\n" "$(cat "$ROOT/usr/share/bash-completion/completions/certvpn")" >"$ROOT/tmp/completion.installed"
cmp "$ROOT/tmp/completion.now" "$ROOT/tmp/completion.installed" \
  || fail "installed completion differs from certvpn generate-completion"
echo "valid, and the same as certvpn generate-completion prints"

say "dpkg -r, then --purge"
in_root dpkg -r certvpn
[ ! -e "$ROOT/usr/bin/certvpn" ] || fail "/usr/bin/certvpn left after dpkg -r"
in_root dpkg --purge certvpn
[ ! -e "$ROOT/etc/default/certvpn" ] || fail "/etc/default/certvpn left after purge"
'

say "test-deb: OK"
