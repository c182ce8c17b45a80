#!/bin/bash
# Re-records the tool output the unit tests are fed (root; needs iproute2, arping, ndisc6, resource-agents).
# Builds its own namespaces on a private bridge, 10.79.0.0/24 and fd79::/64, and removes them at the end.
# Recorded on Debian 12: iproute2 6.1.0, arping 2.23 (Habets), ndisc6 1.0.5.
set -u
cd "$(dirname "$0")"
P=jhbrec
trap 'for n in a b sw; do ip netns del $P-$n 2>/dev/null; done' EXIT
ip netns add $P-sw; ip -n $P-sw link add br0 type bridge; ip -n $P-sw link set br0 up
i=1
for n in a b; do
  ip netns add $P-$n
  ip netns exec $P-$n sysctl -qw net.ipv6.conf.all.accept_dad=0 net.ipv6.conf.default.accept_dad=0
  ip link add name eth0 netns $P-$n type veth peer name v$n netns $P-sw
  ip -n $P-sw link set v$n master br0 up
  ip -n $P-$n link set lo up; ip -n $P-$n addr add 10.79.0.$i/24 dev eth0; ip -n $P-$n -6 addr add fd79::$i/64 dev eth0
  ip -n $P-$n link set eth0 up; i=$((i+1))
done
ip -n $P-a route add default via 10.79.0.254
A="ip netns exec $P-a"; B="ip netns exec $P-b"
rec() { name=$1; shift; "$@" > $name.out 2> $name.err; echo $? > $name.rc; }
rec ip-addr-show-without-vip $A ip -j addr show
ip -n $P-a addr add 10.79.0.100/24 broadcast + dev eth0 label eth0:0
ip -n $P-a -6 addr add fd79::100/64 dev eth0 nodad
rec ip-addr-show-with-vip $A ip -j addr show
rec ip-addr-add-existing $A ip addr add 10.79.0.100/24 broadcast + dev eth0
rec ip-addr-del-absent $A ip addr del 10.79.0.101/24 dev eth0
rec ip-route-match-connected-and-default $A ip -j -4 route show match 10.79.0.200
rec ip-route-match-default-only $A ip -j -4 route show match 192.0.2.1
rec ip-route-match-ipv6 $A ip -j -6 route show match fd79::200
rec ip-addr-show-unknown-device $A ip -j addr show dev eth9
rec arping-probe-answered $B arping -0 -C 1 -c 2 -W 0.100 -w 0.200 -i eth0 10.79.0.100
rec arping-probe-unanswered $B arping -0 -C 1 -c 2 -W 0.100 -w 0.200 -i eth0 10.79.0.101
rec arping-probe-unknown-device $B arping -0 -C 1 -c 2 -W 0.100 -w 0.200 -i eth9 10.79.0.101
# The kernel's own ARP asked by a datagram (what KernelArpProbe reads): a's 10.79.0.100 answers, .101 does not.
rec proc-net-arp-after-asking $B bash -c 'printf x > /dev/udp/10.79.0.100/9; printf x > /dev/udp/10.79.0.101/9; sleep 0.05; cat /proc/net/arp'
rec arping-announce $A arping -q -U -S 10.79.0.100 -c 1 -w 0 -i eth0 10.79.0.100
rec arping-announce-unknown-device $A arping -q -U -S 10.79.0.100 -c 1 -w 0 -i eth9 10.79.0.100
rec ndisc6-answered $B ndisc6 -1 -r 2 -w 100 fd79::100 eth0
rec ndisc6-unanswered $B ndisc6 -1 -r 2 -w 100 fd79::101 eth0
rec send-ua $A /usr/libexec/heartbeat/send_ua -i 1 -c 1 fd79::100 64 eth0
# The kernel's own duplicate address detection failing: b adds a's address with DAD on.
ip netns exec $P-b sysctl -qw net.ipv6.conf.eth0.accept_dad=1
ip -n $P-b -6 addr add fd79::100/64 dev eth0
sleep 3
rec ip-addr-show-ipv6-dadfailed $B ip -j addr show dev eth0
