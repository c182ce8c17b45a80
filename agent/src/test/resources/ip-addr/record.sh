#!/usr/bin/env bash
# Records what `ip -j addr show dev eth0` prints on a node that holds a virtual address, for InterfacesTest (root).
# A throwaway namespace with a veth eth0: the node's own address, the virtual address a restarted agent finds
# there (same subnet, so the kernel marks it secondary), and one in another subnet (a primary of its own).
set -euo pipefail
cd "$(dirname "$0")"
ns=jhb-record-ip-$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link add eth0 type veth peer name eth0peer
ip -n "$ns" addr add 10.79.0.1/24 brd + dev eth0
ip -n "$ns" addr add 10.79.0.100/24 dev eth0
ip -n "$ns" addr add 192.168.7.5/24 dev eth0
ip -n "$ns" link set eth0 up
ip -n "$ns" -j addr show dev eth0 > eth0-with-virtual-addresses.json
