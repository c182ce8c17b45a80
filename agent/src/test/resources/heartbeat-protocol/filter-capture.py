#!/usr/bin/python3
"""Turns record.sh's tcpdump file into a capture fixture: one line per event and per kept UDP packet.

    event <ms since the first event> <name>
    packet <ms since the first event> <source ip>:<port> <destination ip>:<port> <payload in hex>

Kept: every packet whose type is not a plain heartbeat (t=status), the first two heartbeats of each sender
after each event, every heartbeat whose status differs from the sender's previous one, every packet seen
before with the same bytes (a retransmission), and everything in the five seconds after the lost-packets event.
"""
import re
import struct
import sys

TYPE = re.compile(rb'[0-9]+:\(0\)t=([^,]*),')
STATUS = re.compile(rb'[0-9]+:\(0\)st=([^,]*),')


def packets(path):
    with open(path, 'rb') as f:
        data = f.read()
    magic = struct.unpack('<I', data[:4])[0]
    endian = '<' if magic in (0xa1b2c3d4, 0xa1b23c4d) else '>'
    nanos = magic in (0xa1b23c4d, 0x4d3cb2a1)
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    offset = 24
    while offset + 16 <= len(data):
        seconds, fraction, caplen, _ = struct.unpack(endian + 'IIII', data[offset:offset + 16])
        frame = data[offset + 16:offset + 16 + caplen]
        offset += 16 + caplen
        millis = seconds * 1000 + (fraction // 1000000 if nanos else fraction // 1000)
        ip = frame[14:] if linktype == 1 else frame[16:]
        if linktype == 1 and frame[12:14] != b'\x08\x00':
            continue
        header = (ip[0] & 0x0f) * 4
        if ip[9] != 17:
            continue
        source = '.'.join(str(b) for b in ip[12:16])
        destination = '.'.join(str(b) for b in ip[16:20])
        sport, dport, length = struct.unpack('>HHH', ip[header:header + 6])
        yield millis, f'{source}:{sport}', f'{destination}:{dport}', ip[header + 8:header + length]


def main(pcap, events_path):
    events = []
    with open(events_path) as f:
        for line in f:
            at, name = line.split(maxsplit=1)
            events.append((int(at), name.strip()))
    start = events[0][0]
    lossy = [(at, at + 5000) for at, name in events if name == 'lost-packets']
    out = [(at, 0, f'event {at - start} {name}') for at, name in events]
    seen = set()
    last_status = {}
    heartbeats_since_event = {}
    for millis, source, destination, payload in packets(pcap):
        kind = TYPE.search(payload)
        kind = kind.group(1) if kind else b''
        last_event = max((at for at, _ in events if at <= millis), default=start)
        keep = kind != b'status' or payload in seen or any(a <= millis <= b for a, b in lossy)
        if kind == b'status':
            status = STATUS.search(payload)
            status = status.group(1) if status else b''
            key = (source, last_event)
            heartbeats_since_event[key] = heartbeats_since_event.get(key, 0) + 1
            keep = keep or heartbeats_since_event[key] <= 2 or last_status.get(source) != status
            last_status[source] = status
        seen.add(payload)
        if keep:
            out.append((millis, 1, f'packet {millis - start} {source} {destination} {payload.hex()}'))
    for _, _, line in sorted(out, key=lambda e: (e[0], e[1])):
        print(line)


if __name__ == '__main__':
    main(sys.argv[1], sys.argv[2])
