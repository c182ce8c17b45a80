#!/bin/bash
# Test stand-in for a DRBD 8.4 resource on two nodes, A and B (test code, never shipped). It answers as
# drbdadm of drbd-utils 9.22 does on the stock Debian bookworm kernel's DRBD 8.4.11, and keeps each node's
# /proc/drbd view (A.proc, B.proc) in the 8.4 format. Every message, exit code and /proc/drbd line it produces
# was recorded from the real pair in the qemu testbed (resources-drbd: src/test/resources/recorded/drbd-8.4.11-qemu, compared
# by DrbdStandInFidelityTest).
#
# Simulated: the roles, connection states (Unconfigured, StandAlone, WFConnection, Connected) and disk states of
# both nodes; promotion refused while the connected peer is Primary (-1, exit 11) or without good data
# (-2, exit 17); demotion refused while the device is held open (-12, exit 11); commands on a resource the
# kernel does not know (127 / 158, exit 10) or drbd.conf does not define (exit 1); connect (from StandAlone; 102 otherwise); the handshake when both
# sides wait for each other on a working link, with DRBD's split-brain detection (both sides were Primary while
# apart -> both StandAlone, kernel log line).
# Not simulated: time (connect-int, ping timeouts, resync all take none; the good side brings the other
# UpToDate at once), the I/O counters line (always zero), promoting a Consistent disk, fencing policies,
# handlers, several volumes.
# Anything else answers exit 64 so that a test notices an unsimulated call.
#
# Usage: drbd-8.4-stand-in.sh A|B drbdadm primary|secondary|connect RESOURCE
#        drbd-8.4-stand-in.sh - sim link up|down
#        drbd-8.4-stand-in.sh - sim set A_role=Primary B_conn=Unconfigured ...
set -u
here=$(cd "$(dirname "$0")" && pwd)
node=$1
tool=$2
shift 2
exec 9>"$here/state.lock"
flock 9
. "$here/state"
echo "$node $tool $*" >> "$here/calls.log"

v() { local name="$1_$2"; printf '%s' "${!name}"; }
put() { printf -v "$1_$2" '%s' "$3"; }
other() { if [ "$1" = A ]; then echo B; else echo A; fi; }

render() {
    local n=$1 p pr=Unknown pd=DUnknown protocol=C conn
    p=$(other "$n")
    conn=$(v "$n" conn)
    {
        echo "version: 8.4.11 (api:1/proto:86-101)"
        echo "srcversion: F73C670A7EC572DB9CF3E5B "
        if [ "$conn" != Unconfigured ]; then
            if [ "$conn" = Connected ]; then pr=$(v "$p" role); pd=$(v "$p" disk); fi
            # Without a network configuration 8.4 prints a blank for the protocol letter.
            if [ "$conn" = StandAlone ]; then protocol=' '; fi
            printf ' %d: cs:%s ro:%s/%s ds:%s/%s %s r-----\n' "$minor" "$conn" "$(v "$n" role)" "$pr" \
                "$(v "$n" disk)" "$pd" "$protocol"
            echo "    ns:0 nr:0 dw:0 dr:0 al:0 bm:0 lo:0 pe:0 ua:0 ap:0 ep:1 wo:f oos:0"
        fi
    } > "$here/$n.proc.tmp"
    mv "$here/$n.proc.tmp" "$here/$n.proc"
}

save() {
    {
        echo "link=$link"
        echo "resource=$resource"
        echo "minor=$minor"
        printf 'net_options=%q\n' "$net_options"
        for n in A B; do
            for key in conn role disk solo open addr; do echo "${n}_$key=$(v "$n" $key)"; done
        done
    } > "$here/state.tmp"
    mv "$here/state.tmp" "$here/state"
    render A
    render B
}

# drbdsetup-84's complaint about OBJECT (a minor or the resource), drbdadm's line naming the drbdsetup call,
# and drbdsetup's exit code, which drbdadm passes on.
refuse() {
    local code=$1 object=$2 message=$3 call=$4
    printf '%s: %s\n' "$object" "$message" >&2
    echo "Command 'drbdsetup-84 $call' terminated with exit code $code" >&2
    exit "$code"
}

connect_call() {
    echo "connect $resource ipv4:$(v "$node" addr) ipv4:$(v "$(other "$node")" addr) $net_options"
}

handshake() {
    if [ "$link" != up ] || [ "$A_conn" != WFConnection ] || [ "$B_conn" != WFConnection ]; then
        return
    fi
    if [ "$A_solo" = 1 ] && [ "$B_solo" = 1 ]; then
        A_conn=StandAlone
        B_conn=StandAlone
        echo "block drbd$minor: Split-Brain detected but unresolved, dropping connection!" >> "$here/kern.log"
        return
    fi
    A_conn=Connected
    B_conn=Connected
    if [ "$A_disk" = UpToDate ] || [ "$B_disk" = UpToDate ]; then
        A_disk=UpToDate
        B_disk=UpToDate
    fi
    A_solo=0
    B_solo=0
}

drbdadm() {
    local command=$1 res=${2:-} peer conn
    case "$command" in
        primary | secondary | connect) ;;
        *) echo "stand-in: 'drbdadm $*' is not simulated" >&2; exit 64 ;;
    esac
    if [ "$res" != "$resource" ]; then
        echo "'$res' not defined in your config (for this host)." >&2
        exit 1
    fi
    peer=$(other "$node")
    conn=$(v "$node" conn)
    if [ "$conn" = Unconfigured ]; then
        case "$command" in
            connect) refuse 10 "$resource" $'Failure: (158) Unknown resource\nadditional info from kernel:\nunknown resource' "$(connect_call)" ;;
            *) refuse 10 "$minor" $'Failure: (127) Device minor not allocated\nadditional info from kernel:\nunknown minor' "$command $minor" ;;
        esac
    fi
    case "$command" in
        primary)
            if [ "$(v "$node" role)" = Primary ]; then exit 0; fi
            if [ "$conn" = Connected ] && [ "$(v "$peer" role)" = Primary ]; then
                refuse 11 "$minor" "State change failed: (-1) Multiple primaries not allowed by config" "primary $minor"
            fi
            case "$(v "$node" disk)" in
                UpToDate) ;;
                Consistent)
                    echo "stand-in: promoting a Consistent disk is not simulated (not recorded)" >&2
                    exit 64 ;;
                *)
                    if [ "$conn" != Connected ] || [ "$(v "$peer" disk)" != UpToDate ]; then
                        refuse 17 "$minor" "State change failed: (-2) Need access to UpToDate data" "primary $minor"
                    fi ;;
            esac
            put "$node" role Primary
            if [ "$conn" != Connected ]; then put "$node" solo 1; fi ;;
        secondary)
            if [ "$(v "$node" open)" = 1 ]; then
                refuse 11 "$minor" "State change failed: (-12) Device is held open by someone" "secondary $minor"
            fi
            put "$node" role Secondary ;;
        connect)
            if [ "$conn" != StandAlone ]; then
                refuse 10 "$resource" "Failure: (102) Local address(port) already in use." "$(connect_call)"
            fi
            put "$node" conn WFConnection
            handshake ;;
    esac
    save
}

sim() {
    case "$1" in
        link)
            link=$2
            if [ "$link" = down ]; then
                for n in A B; do
                    if [ "$(v "$n" conn)" = Connected ]; then put "$n" conn WFConnection; fi
                    if [ "$(v "$n" role)" = Primary ]; then put "$n" solo 1; fi
                done
            fi ;;
        set)
            shift
            for assignment in "$@"; do
                case "${assignment%%=*}" in
                    link | net_options | [AB]_conn | [AB]_role | [AB]_disk | [AB]_solo | [AB]_open | [AB]_addr) printf -v "${assignment%%=*}" '%s' "${assignment#*=}" ;;
                    *) echo "stand-in: cannot set ${assignment%%=*}" >&2; exit 64 ;;
                esac
            done ;;
        *)
            echo "stand-in: 'sim $*' is not simulated" >&2
            exit 64 ;;
    esac
    handshake
    save
}

case "$tool" in
    drbdadm) drbdadm "$@" ;;
    sim) sim "$@" ;;
    *) echo "stand-in: $tool is not simulated" >&2; exit 64 ;;
esac
