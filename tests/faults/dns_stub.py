#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A DNS server stub on a loopback address, for check_winbuild's name-resolution fault tests.

It answers UDP queries on ADDRESS port 53 (glibc's resolver cannot be given another port), in
one of two modes, for every name but those given with --record:

  nxdomain  every query gets NXDOMAIN (RCODE 3, authoritative, the question echoed back)
  stall     every query is read, logged and never answered

--record NAME=IPV4 answers A queries for NAME with IPV4 (TTL 0) and any other type for NAME
with an empty NOERROR answer, in both modes: the tests' proof that the resolver they set up is
the one the plugin asks. Only loopback addresses are accepted: the stub must never stand in
for a real server. TCP is not served (glibc uses it only for truncated answers, and these never
are). Standard library only; written here, nothing copied.

The address is printed on stdout and written to --ready-file (atomically, once listening).
SIGTERM or SIGINT: the stub stops, removes the ready file and exits 0. --log gets one line per
query: client, name, type, what was done.
"""

import argparse
import ipaddress
import os
import random
import select
import signal
import socket
import struct
import sys

QTYPES = {1: "A", 2: "NS", 5: "CNAME", 6: "SOA", 12: "PTR", 15: "MX", 16: "TXT", 28: "AAAA",
          33: "SRV", 41: "OPT", 65: "HTTPS"}
NOERROR, FORMERR, NXDOMAIN = 0, 1, 3
MAX_QUERY = 512  # classic DNS over UDP; glibc sends no more without EDNS


class Query:
    def __init__(self, ident, flags, name, qtype, question):
        self.ident, self.flags, self.name = ident, flags, name
        self.qtype, self.question = qtype, question


def parse_query(data):
    """The first question of a query, or None for anything that is not a plain query."""
    if len(data) < 12:
        return None
    ident, flags, qdcount = struct.unpack("!HHH", data[:6])
    if flags & 0x8000 or qdcount < 1:  # an answer, or no question
        return None
    labels, pos = [], 12
    while True:
        if pos >= len(data):
            return None
        n = data[pos]
        if n == 0:
            pos += 1
            break
        if n > 63 or pos + 1 + n > len(data) or len(labels) >= 127:
            return None  # compression or junk: queries carry neither
        labels.append(data[pos + 1:pos + 1 + n].decode("ascii", "replace"))
        pos += 1 + n
    if pos + 4 > len(data):
        return None
    qtype, _qclass = struct.unpack("!HH", data[pos:pos + 4])
    return Query(ident, flags, ".".join(labels).lower(), qtype, data[12:pos + 4])


def answer(query, rcode, records=()):
    """A response to query: QR, the query's opcode and RD, AA and RA set; records are A
    addresses for the question's name."""
    flags = 0x8000 | (query.flags & 0x7900) | 0x0400 | 0x0080 | rcode
    head = struct.pack("!HHHHHH", query.ident, flags, 1, len(records), 0, 0)
    body = b""
    for addr in records:
        # the name as a pointer to the question (offset 12), type A, class IN, TTL 0
        body += struct.pack("!HHHIH", 0xC00C, 1, 1, 0, 4) + socket.inet_aton(addr)
    return head + query.question + body


def bind_stub(address, port):
    """A UDP socket on address (or on a free random 127.53.x.y for "auto")."""
    candidates = [address] if address != "auto" else [
        "127.53.%d.%d" % (random.randint(0, 255), random.randint(1, 254)) for _ in range(50)]
    last = None
    for addr in candidates:
        s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        try:
            s.bind((addr, port))
            return s, addr
        except OSError as e:
            s.close()
            last = e
    raise SystemExit("dns_stub: cannot listen on %s port %d: %s" % (address, port, last))


def loopback_v4(text):
    try:
        return ipaddress.IPv4Address(text).is_loopback
    except ValueError:
        return False


def main(argv=None):
    p = argparse.ArgumentParser(description="DNS stub on a loopback address (see the docstring).")
    p.add_argument("--mode", choices=["nxdomain", "stall"], required=True)
    p.add_argument("--address", default="auto",
                   help="a 127.x.y.z address, or auto (default): a free 127.53.x.y")
    p.add_argument("--port", type=int, default=53)
    p.add_argument("--record", action="append", default=[], metavar="NAME=IPV4")
    p.add_argument("--ready-file", help="written with the address once listening")
    p.add_argument("--log", help="append one line per query")
    a = p.parse_args(argv)
    if a.address != "auto" and not loopback_v4(a.address):
        p.error("--address must be an IPv4 loopback address (127.0.0.0/8)")
    records = {}
    for r in a.record:
        name, _, addr = r.partition("=")
        if not name or not loopback_v4(addr):
            p.error("--record %s: NAME=IPV4 with a loopback address" % r)
        records[name.lower().rstrip(".")] = addr

    sock, address = bind_stub(a.address, a.port)
    stop = []

    def on_signal(signum, frame):
        stop.append(signum)
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    log = open(a.log, "a", encoding="utf-8", buffering=1) if a.log else None
    if a.ready_file:
        tmp = a.ready_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(address + "\n")
        os.replace(tmp, a.ready_file)
    print(address, flush=True)

    while not stop:
        try:
            readable, _, _ = select.select([sock], [], [], 0.2)
        except InterruptedError:
            continue
        if not readable:
            continue
        try:
            data, client = sock.recvfrom(MAX_QUERY)
        except OSError:
            continue
        q = parse_query(data)
        if q is None:
            done = "ignored (not a query)"
            reply = None
        elif q.name in records:
            addrs = [records[q.name]] if q.qtype == 1 else []
            reply = answer(q, NOERROR, addrs)
            done = "answered %s" % (addrs[0] if addrs else "NOERROR, no records")
        elif a.mode == "nxdomain":
            reply = answer(q, NXDOMAIN)
            done = "NXDOMAIN"
        else:
            reply = None
            done = "not answered (stall)"
        if reply is not None:
            try:
                sock.sendto(reply, client)
            except OSError as e:
                done += " (send failed: %s)" % e
        if log:
            name = q.name if q else "-"
            qtype = QTYPES.get(q.qtype, str(q.qtype)) if q else "-"
            log.write("%s %s %s %s\n" % (client[0], name, qtype, done))

    sock.close()
    if log:
        log.close()
    if a.ready_file:
        try:
            os.unlink(a.ready_file)
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
