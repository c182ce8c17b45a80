#!/bin/bash
# Records what iproute2 and the kernel say to each other over rtnetlink, for RtnetlinkMessagesTest: the requests
# ip sends to add and delete an address, and the kernel's answers to its link and address listings, with the JSON
# ip printed from those answers. Runs as root inside a network namespace of its own, removed again at the end.
# Each .hex file holds one netlink datagram per line, as strace dumped it.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
ns=jhb-rtnl-record-$$
ip netns add "$ns"
trap 'ip netns del "$ns"' EXIT
ip -n "$ns" link add d0 type veth peer name d1
ip -n "$ns" link set d0 address 02:fc:00:00:00:01
ip -n "$ns" link set d0 up

# The datagrams strace dumped for one system call each (sendmsg or recvmsg), one line of hex per datagram.
datagrams() {
    awk -v call="$1" '
        $0 ~ "^" call "\\(" { if (hex != "") print hex; hex = ""; inside = 1; next }
        /^ \* / && inside { next }
        /^ \| [0-9a-f][0-9a-f][0-9a-f][0-9a-f][0-9a-f]  / && inside {
            line = substr($0, 11, 48); gsub(/ /, "", line); hex = hex line; next }
        { if (hex != "") print hex; hex = ""; inside = 0 }
        END { if (hex != "") print hex }'
}

# The request ip sends last (after its interface lookups) is the change itself.
request() {
    local name=$1; shift
    ip netns exec "$ns" strace -qq -e trace=sendmsg -e write=all -o "$here/.trace" ip addr "$@"
    datagrams sendmsg < "$here/.trace" | tail -n 1 > "$here/$name.hex"
}
request add-ipv4 add 10.79.0.100/24 broadcast 10.79.0.255 dev d0 label d0:0
request delete-ipv4 del 10.79.0.100/24 dev d0
request add-ipv6-nodad add fd79::100/64 dev d0 nodad

ip -n "$ns" addr add 10.79.0.100/24 broadcast 10.79.0.255 dev d0 label d0:0
ip -n "$ns" addr add fd79::200/64 dev d0
ip netns exec "$ns" strace -qq -e trace=recvmsg -e read=all -o "$here/.trace" ip -j addr show > "$here/ip-addr-show.json"
datagrams recvmsg < "$here/.trace" > "$here/listing.hex"
rm -f "$here/.trace"
