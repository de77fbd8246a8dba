# The suite's own network: one namespace holding two bridges and the NAT between them.
#
#   lab0  192.0.2.0/24      "the Internet": the gateway listens on 192.0.2.1 here (host side, or
#                           the reference server VM in its place); direct clients sit here.
#   home0 198.51.100.0/24   a home/hotel LAN; 198.51.100.1 is the NAT router, which appears on
#                           lab0 as 192.0.2.254.
#   lan0                    (only with the gateway under test) one end of a veth pair whose other end
#                           is 198.51.100.200/32 in a namespace of its own: the LAN host "behind" the
#                           gateway, the clients' iperf3 and ping target. The lab namespace routes that
#                           /32 to lan0 (it beats home0's /24) and forwards it to and from the
#                           gateway's TUN device; the LAN host routes the pool 203.0.113.0/24 back
#                           through lan0, where proxy ARP answers for it. No other address, no NAT.
#
# masquerade does nothing for packets delivered locally, so a gateway in the namespace itself
# would see NAT'd clients with their private source: the NAT therefore has its own address and
# uses snat in both the postrouting (forwarded, e.g. to the reference VM) and nat input (local
# delivery, to the gateway under test) hooks.

NETNS= LAN_NETNS=
NAT_ADDR=192.0.2.254
LAN_HOST=198.51.100.200
GW_ADDR=192.0.2.1
HOME_GW=198.51.100.1

in_ns() { ip netns exec "$NETNS" "$@"; }

net_up() {
  local host_has_gateway=$1   # yes: 192.0.2.1 is on the host side; no: a VM takes it
  NETNS="certvpn-interop-$$"
  ip netns add "$NETNS" || die "cannot create network namespace $NETNS"
  on_exit "net_down"
  in_ns ip link set lo up
  in_ns ip link add lab0 type bridge
  in_ns ip link add home0 type bridge
  in_ns ip link set lab0 up
  in_ns ip link set home0 up
  in_ns ip addr add "$NAT_ADDR/24" dev lab0
  [ "$host_has_gateway" = yes ] && in_ns ip addr add "$GW_ADDR/24" dev lab0
  in_ns ip addr add "$HOME_GW/24" dev home0
  in_ns sysctl -qw net.ipv4.ip_forward=1
  in_ns sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  in_ns nft -f - <<'NFT' || die "nftables NAT setup failed"
table ip interop_nat {
  chain postrouting {
    type nat hook postrouting priority srcnat; policy accept;
    ip saddr 198.51.100.0/24 oifname "lab0" snat to 192.0.2.254
  }
  chain input {
    type nat hook input priority 100; policy accept;
    ip saddr 198.51.100.0/24 snat to 192.0.2.254
  }
}
NFT
}

# lanhost_up : the LAN host behind the gateway (see the header). The gateway's TUN device, and with it
# the route to the pool, appears only when a gateway starts: proxy ARP answers once it is there.
lanhost_up() {
  LAN_NETNS="$NETNS-lan"
  ip netns add "$LAN_NETNS" || die "cannot create network namespace $LAN_NETNS"
  on_exit "lanhost_down"
  in_lan ip link set lo up
  in_lan sysctl -qw net.ipv6.conf.all.disable_ipv6=1
  in_ns ip link add lan0 type veth peer name eth0 netns "$LAN_NETNS" || die "cannot create the LAN host's veth pair"
  in_ns sysctl -qw net.ipv4.conf.lan0.proxy_arp=1
  in_ns ip link set lan0 up
  in_ns ip route add "$LAN_HOST/32" dev lan0
  in_lan ip addr add "$LAN_HOST/32" dev eth0
  in_lan ip link set eth0 up
  in_lan ip route add "${POOL_PREFIX}0/24" dev eth0
}

in_lan() { ip netns exec "$LAN_NETNS" "$@"; }

lanhost_down() {
  [ -n "$LAN_NETNS" ] || return 0
  ip netns pids "$LAN_NETNS" 2>/dev/null | while read -r p; do
    warn "process $p ($(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null | cut -c1-80)) still in $LAN_NETNS; stopping it"
    kill -TERM "$p" 2>/dev/null
  done
  ip netns del "$LAN_NETNS" 2>/dev/null || true
  LAN_NETNS=
}

# net_tap NAME BRIDGE : a TAP for a VM, enslaved to a bridge.
net_tap() {
  in_ns ip tuntap add dev "$1" mode tap || die "cannot create TAP $1"
  in_ns ip link set "$1" master "$2"
  in_ns ip link set "$1" up
}

net_tap_del() { in_ns ip link del "$1" 2>/dev/null || true; }

net_down() {
  [ -n "$NETNS" ] || return 0
  ip netns pids "$NETNS" 2>/dev/null | while read -r p; do
    # Only processes the suite started live in its namespace; report any that outlived their owner.
    warn "process $p ($(tr '\0' ' ' < /proc/$p/cmdline 2>/dev/null | cut -c1-80)) still in $NETNS; stopping it"
    kill -TERM "$p" 2>/dev/null
  done
  ip netns del "$NETNS" 2>/dev/null || true
  NETNS=
}

# Capture on every interface of the namespace (bridges and TAPs), headers only (the first 256 bytes;
# CERTVPN_INTEROP_SNAPLEN=65535 keeps whole packets, e.g. to check key derivation against a client's
# key log).
capture_start() {
  local pcap=$1
  # Started directly (not through the in_ns function) so that $! is tcpdump itself.
  ip netns exec "$NETNS" tcpdump -i any -s "${CERTVPN_INTEROP_SNAPLEN:-256}" -U -w "$pcap" 'not arp' >/dev/null 2>"$pcap.log" &
  CAPTURE_PID=$!
  on_exit "stop_pid $CAPTURE_PID"
  wait_for 5 grep -qs listening "$pcap.log" || warn "tcpdump did not report listening"
}

capture_stop() { stop_pid "${CAPTURE_PID:-}" 2; CAPTURE_PID=; }

# Counts in a capture: cleartext L2TP (UDP 1701 outside ESP) and ESP (raw or UDP-encapsulated).
pcap_count() {
  local pcap=$1 filter=$2
  tcpdump -r "$pcap" -nn "$filter" 2>/dev/null | wc -l
}
pcap_l2tp_cleartext() { pcap_count "$1" 'udp port 1701'; }
pcap_esp() { pcap_count "$1" 'ip proto 50 or (udp port 4500 and udp[8:4] != 0)'; }
