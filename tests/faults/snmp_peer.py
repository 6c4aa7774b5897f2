#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""A misbehaving SNMP agent on loopback, for the fault tests.

It answers SNMPv1/v2c GETs the way --mode says (a right answer, or one broken in one chosen way),
over UDP or TCP, on 127.0.0.1 or ::1 only; the table modes answer GETNEXT and GETBULK in
hrSWInstalledTable with a walk that loops or never ends. For SNMPv3 it does the engine ID discovery and then
answers every GET with the USM report --report names, authenticated as RFC 3414 says when the
report is notInTimeWindow. tests/faults/README.md says what each mode sends and why.

Standard library only. Once listening it writes its port to --ready-file; it exits on SIGTERM or
SIGINT, and by itself after --lifetime seconds.
"""

import argparse
import hashlib
import heapq
import hmac
import os
import selectors
import signal
import socket
import sys
import time

MODES = (
    "normal", "wrong-reqid", "wrong-version", "wrong-community", "truncated", "malformed",
    "garbage", "toobig", "echo", "silent", "close", "report", "loop-table", "endless-table",
)
REPORTS = {
    # name: (usmStats OID, authenticated?), RFC 3414 section 3.2
    "unknown-user": ("1.3.6.1.6.3.15.1.1.3.0", False),
    "wrong-digest": ("1.3.6.1.6.3.15.1.1.5.0", False),
    "not-in-time-window": ("1.3.6.1.6.3.15.1.1.2.0", True),
}
UNKNOWN_ENGINE_IDS = "1.3.6.1.6.3.15.1.1.4.0"
# Hash and HMAC length per -a of check_winbuild (RFC 3414 for MD5 and SHA, RFC 7860 for SHA-2).
AUTH = {
    "MD5": ("md5", 12), "SHA": ("sha1", 12), "SHA-224": ("sha224", 16),
    "SHA-256": ("sha256", 24), "SHA-384": ("sha384", 32), "SHA-512": ("sha512", 48),
}
# snmpEngineID in the RFC 3411 text format, under the enterprise number RFC 5612 reserves for
# documentation (32473): 80 00 7e d9, format 04, then the text.
ENGINE_ID = bytes.fromhex("80007ed904") + b"wb-fault-peer"
ENGINE_BOOTS = 1
MAX_REQUEST = 65535
MAX_CONNECTIONS = 16
GARBAGE = b"HTTP/1.0 400 Bad Request\r\nContent-Length: 0\r\n\r\n"

GET, GETNEXT, RESPONSE, GETBULK, REPORT = 0xA0, 0xA1, 0xA2, 0xA5, 0xA8
SEQUENCE, INTEGER, OCTETS, NULL, OID = 0x30, 0x02, 0x04, 0x05, 0x06
COUNTER32, TIMETICKS, NO_SUCH_OBJECT, END_OF_MIB_VIEW = 0x41, 0x43, 0x80, 0x82
# hrSWInstalledTable's entry (HOST-RESOURCES-MIB): the table modes answer its name (.2) and
# date (.5) columns; LOOP_ROWS is where loop-table goes back to its first row.
SW_ENTRY = "1.3.6.1.2.1.25.6.3.1"
LOOP_ROWS = 3
TOO_BIG, NO_SUCH_NAME = 1, 2


class Stop(Exception):
    """SIGTERM or SIGINT: leave the loop and clean up."""


class BerError(Exception):
    """Bytes that are not the BER this peer reads."""


# --- BER ------------------------------------------------------------------------------------------

def ber_length(n):
    if n < 0x80:
        return bytes([n])
    body = n.to_bytes((n.bit_length() + 7) // 8, "big")
    return bytes([0x80 | len(body)]) + body


def tlv(tag, body):
    return bytes([tag]) + ber_length(len(body)) + body


def ber_int(value, tag=INTEGER):
    size = 1
    while not -(1 << (8 * size - 1)) <= value < (1 << (8 * size - 1)):
        size += 1
    return tlv(tag, value.to_bytes(size, "big", signed=True))


def ber_octets(data):
    return tlv(OCTETS, data)


def ber_oid(dotted):
    arcs = [int(a) for a in dotted.strip(".").split(".")]
    if len(arcs) < 2 or arcs[0] > 2:
        raise ValueError("not an OID: %s" % dotted)
    body = bytearray()
    for arc in [arcs[0] * 40 + arcs[1]] + arcs[2:]:
        chunk = [arc & 0x7F]
        arc >>= 7
        while arc:
            chunk.append(0x80 | (arc & 0x7F))
            arc >>= 7
        body.extend(reversed(chunk))
    return tlv(OID, bytes(body))


def ber_seq(*parts):
    return tlv(SEQUENCE, b"".join(parts))


def read_tlv(buf, pos, end):
    """The element at buf[pos:end]: (tag, body start, body end). DER-style lengths only."""
    if pos + 2 > end:
        raise BerError("element header past the end")
    tag, first = buf[pos], buf[pos + 1]
    pos += 2
    if first < 0x80:
        length = first
    else:
        count = first & 0x7F
        if count == 0 or count > 4 or pos + count > end:
            raise BerError("length octets")
        length = int.from_bytes(buf[pos:pos + count], "big")
        pos += count
    if pos + length > end:
        raise BerError("element longer than what holds it")
    return tag, pos, pos + length


def read_items(buf, start, end):
    """The elements inside a constructed body, in order."""
    items, pos = [], start
    while pos < end:
        tag, body, pos = read_tlv(buf, pos, end)
        items.append((tag, body, pos))
    return items


def expect(item, tag, what):
    if item[0] != tag:
        raise BerError("%s: tag 0x%02x, expected 0x%02x" % (what, item[0], tag))
    return item


def int_of(buf, item):
    return int.from_bytes(buf[item[1]:item[2]], "big", signed=True)


def oid_of(buf, item):
    arcs, value = [], 0
    for byte in buf[item[1]:item[2]]:
        value = (value << 7) | (byte & 0x7F)
        if not byte & 0x80:
            arcs.append(value)
            value = 0
    if not arcs:
        raise BerError("empty OID")
    first = min(arcs[0] // 40, 2)
    return ".".join(str(a) for a in [first, arcs[0] - 40 * first] + arcs[1:])


def message_length(buf):
    """Bytes of the first whole BER message in buf, 0 if not all in yet."""
    if len(buf) < 2:
        return 0
    if buf[0] != SEQUENCE:
        raise BerError("not a SEQUENCE")
    first = buf[1]
    if first < 0x80:
        return 2 + first if len(buf) >= 2 + first else 0
    count = first & 0x7F
    if count == 0 or count > 4:
        raise BerError("length octets")
    if len(buf) < 2 + count:
        return 0
    total = 2 + count + int.from_bytes(buf[2:2 + count], "big")
    return total if len(buf) >= total else 0


# --- requests -------------------------------------------------------------------------------------

def parse_pdu(buf, item):
    """reqid, requested OIDs and the two integers after the reqid of a PDU element (error
    status and index; non-repeaters and max-repetitions in a GetBulk)."""
    fields = read_items(buf, item[1], item[2])
    if len(fields) != 4:
        raise BerError("PDU with %d fields" % len(fields))
    reqid = int_of(buf, expect(fields[0], INTEGER, "request-id"))
    oids = []
    for vb in read_items(buf, *expect(fields[3], SEQUENCE, "varbinds")[1:]):
        pair = read_items(buf, *expect(vb, SEQUENCE, "varbind")[1:])
        if len(pair) != 2:
            raise BerError("varbind with %d fields" % len(pair))
        oids.append(oid_of(buf, expect(pair[0], OID, "name")))
    return reqid, oids, (int_of(buf, fields[1]), int_of(buf, fields[2]))


def parse_request(buf):
    """The fields of one SNMP message this peer answers, as a dict."""
    top = read_items(buf, *expect(read_tlv(buf, 0, len(buf)), SEQUENCE, "message")[1:])
    if len(top) < 3:
        raise BerError("message with %d fields" % len(top))
    version = int_of(buf, expect(top[0], INTEGER, "version"))
    if version in (0, 1):
        pdu = top[2]
        reqid, oids, bulk = parse_pdu(buf, pdu)
        return {"version": version, "community": bytes(buf[top[1][1]:top[1][2]]),
                "command": pdu[0], "reqid": reqid, "oids": oids, "bulk": bulk}
    if version != 3 or len(top) != 4:
        raise BerError("SNMP version %d" % version)
    header = read_items(buf, *expect(top[1], SEQUENCE, "msgGlobalData")[1:])
    if len(header) != 4:
        raise BerError("msgGlobalData with %d fields" % len(header))
    flags = bytes(buf[header[2][1]:header[2][2]])
    secbuf = bytes(buf[top[2][1]:top[2][2]])
    sec = read_items(secbuf, *expect(read_tlv(secbuf, 0, len(secbuf)), SEQUENCE, "USM")[1:])
    if len(sec) != 6:
        raise BerError("USM parameters with %d fields" % len(sec))
    req = {"version": 3, "msgid": int_of(buf, header[0]), "flags": flags[0] if flags else 0,
           "user": secbuf[sec[3][1]:sec[3][2]], "reqid": 0, "oids": []}
    if top[3][0] == SEQUENCE:  # a plain ScopedPDU: neither encrypted nor hidden
        scoped = read_items(buf, top[3][1], top[3][2])
        if len(scoped) == 3:
            req["reqid"], req["oids"], _ = parse_pdu(buf, scoped[2])
    return req


def load_snmprec(path):
    """OID -> encoded value, from a .snmprec file (tags 2, 4, 4x, 6, 67)."""
    values = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            oid, tag, value = line.split("|", 2)
            if tag == "4":
                values[oid] = ber_octets(value.encode("utf-8"))
            elif tag == "4x":
                values[oid] = ber_octets(bytes.fromhex(value))
            elif tag == "6":
                values[oid] = ber_oid(value)
            elif tag == "2":
                values[oid] = ber_int(int(value))
            elif tag == "67":
                values[oid] = ber_int(int(value), TIMETICKS)
    return values


# --- answers --------------------------------------------------------------------------------------

class Peer:
    def __init__(self, args):
        self.args = args
        self.values = load_snmprec(args.snmprec)
        self.start = time.monotonic()
        self.counters = {}
        self.keys = {}
        self.log_file = open(args.log, "a", encoding="utf-8") if args.log else None

    def log(self, text):
        if self.log_file:
            self.log_file.write("%.3f %s\n" % (time.monotonic() - self.start, text))
            self.log_file.flush()

    def varbinds(self, req, descr_pad=0):
        """The values asked for; v1 marks the first unknown one in the error fields instead."""
        binds, errstat, errindex = [], 0, 0
        for i, oid in enumerate(req["oids"], 1):
            value = self.values.get(oid)
            if value is not None and descr_pad and oid == "1.3.6.1.2.1.1.1.0":
                text = self.descr_text() + b" " + b"x" * (descr_pad - 1)
                value = ber_octets(text)
            if value is None and req["version"] == 0:
                errstat, errindex = errstat or NO_SUCH_NAME, errindex or i
                value = tlv(NULL, b"")
            elif value is None:
                value = tlv(NO_SUCH_OBJECT, b"")
            binds.append(ber_seq(ber_oid(oid), value))
        return ber_seq(*binds), errstat, errindex

    def descr_text(self):
        raw = self.values["1.3.6.1.2.1.1.1.0"]
        _, start, end = read_tlv(raw, 0, len(raw))
        return raw[start:end]

    def response(self, req, version=None, community=None, reqid=None, errstat=None,
                 binds=None, pad=0):
        vbl, err, index = self.varbinds(req, pad)
        if errstat is not None:
            err, index = errstat, 0
        if binds is not None:
            vbl = binds
        pdu = tlv(RESPONSE, ber_int(req["reqid"] if reqid is None else reqid) + ber_int(err)
                  + ber_int(index) + vbl)
        return ber_seq(ber_int(req["version"] if version is None else version),
                       ber_octets(req["community"] if community is None else community), pdu)

    def sized_response(self, req, size):
        """The right answer, sysDescr padded with "x" until the message is size bytes."""
        pad = 1
        for _ in range(8):
            got = len(self.response(req, pad=pad))
            if got == size:
                return self.response(req, pad=pad)
            pad += size - got
            if pad < 1:
                break
        sys.exit("snmp_peer: cannot make an answer of exactly %d bytes" % size)

    def malformed(self, req):
        """The right header around a varbind list in BER's indefinite-length form."""
        vbl, _, _ = self.varbinds(req)
        _, start, end = read_tlv(vbl, 0, len(vbl))
        indefinite = bytes([SEQUENCE, 0x80]) + vbl[start:end] + b"\x00\x00"
        pdu = tlv(RESPONSE, ber_int(req["reqid"]) + ber_int(0) + ber_int(0) + indefinite)
        return ber_seq(ber_int(req["version"]), ber_octets(req["community"]), pdu)

    def table_next(self, oid):
        """The varbind after oid in the table modes' hrSWInstalledTable, which has every row
        (endless-table) or whose row LOOP_ROWS is followed by row 1 again (loop-table)."""
        arcs = oid.split(".")
        entry = SW_ENTRY.split(".")
        column = int(arcs[len(entry)]) if len(arcs) > len(entry) else 0
        if arcs[:len(entry)] != entry or column not in (2, 5) or len(arcs) > len(entry) + 2:
            return ber_seq(ber_oid(oid), tlv(END_OF_MIB_VIEW, b""))
        row = int(arcs[len(entry) + 1]) + 1 if len(arcs) == len(entry) + 2 else 1
        if self.args.mode == "loop-table" and row > LOOP_ROWS:
            row = 1
        if column == 2:
            value = ber_octets(b"Update for Windows Server 2003 (KB%d)" % (900000 + row))
        else:  # 2007-09-15 15:13:18, in the 8 octets Windows sends
            value = ber_octets(bytes.fromhex("07d7090f0f0d1200"))
        return ber_seq(ber_oid("%s.%d.%d" % (SW_ENTRY, column, row)), value)

    def table_answer(self, req):
        """A GetNext or GetBulk in the table modes (RFC 3416 4.2.3: the repeaters' successors
        row by row, interleaved); a Get is answered from the fixture as in normal mode."""
        if req["command"] == GETNEXT:
            binds = [self.table_next(oid) for oid in req["oids"]]
        else:
            non_repeaters, repetitions = req["bulk"]
            non_repeaters = max(0, min(non_repeaters, len(req["oids"])))
            binds = [self.table_next(oid) for oid in req["oids"][:non_repeaters]]
            cursors = req["oids"][non_repeaters:]
            for _ in range(max(0, min(repetitions, 100))):
                for i, cursor in enumerate(cursors):
                    bind = self.table_next(cursor)
                    binds.append(bind)
                    _, start, end = read_tlv(bind, 0, len(bind))
                    cursors[i] = oid_of(bind, read_tlv(bind, start, end))
        return self.response(req, errstat=0, binds=ber_seq(*binds))

    def answer(self, req, raw):
        """What to do with one request: a list of ("send", bytes) and ("close", None)."""
        mode = self.args.mode
        if req["version"] == 3:
            return self.answer_v3(req)
        if mode == "report":
            return []
        if mode == "silent":
            return []
        if mode == "close":
            return [("close", None)]
        if mode == "echo":
            return [("send", raw)]
        if mode == "garbage":
            return [("send", GARBAGE)]
        if mode in ("loop-table", "endless-table") and req["command"] in (GETNEXT, GETBULK):
            return [("send", self.table_answer(req))]
        if mode in ("normal", "loop-table", "endless-table"):
            if self.args.size:
                return [("send", self.sized_response(req, self.args.size))]
            return [("send", self.response(req))]
        if mode == "wrong-reqid":
            return [("send", self.response(req, reqid=(req["reqid"] + 1) & 0x7FFFFFFF))]
        if mode == "wrong-version":
            return [("send", self.response(req, version=1 if req["version"] == 0 else 0))]
        if mode == "wrong-community":
            return [("send", self.response(req, community=req["community"] + b"-not"))]
        if mode == "truncated":
            whole = self.response(req)
            return [("send", whole[:len(whole) // 2]), ("close", None)]
        if mode == "malformed":
            return [("send", self.malformed(req))]
        if mode == "toobig":
            # RFC 3416 4.2.1: v2c answers tooBig with no varbinds; RFC 1157 4.1.2: v1 echoes them
            binds = ber_seq() if req["version"] == 1 else None
            if binds is None:
                binds = ber_seq(*(ber_seq(ber_oid(o), tlv(NULL, b"")) for o in req["oids"]))
            return [("send", self.response(req, errstat=TOO_BIG, binds=binds))]
        raise AssertionError(mode)

    # --- SNMPv3 ---

    def engine_time(self):
        return int(time.monotonic() - self.start) + 1000

    def key(self):
        """The user's authentication key localised to our engine ID (RFC 3414 A.2)."""
        proto = self.args.auth_proto
        if proto not in self.keys:
            name = AUTH[proto][0]
            password = self.args.auth_pass.encode("utf-8")
            if not password:
                sys.exit("snmp_peer: --auth-pass is needed for an authenticated report")
            stream = (password * (1048576 // len(password) + 1))[:1048576]
            ku = hashlib.new(name, stream).digest()
            self.keys[proto] = hashlib.new(name, ku + ENGINE_ID + ku).digest()
        return self.keys[proto]

    def report(self, req, oid, authenticated):
        count = self.counters.get(oid, 0) + 1
        self.counters[oid] = count
        pdu = tlv(REPORT, ber_int(req["reqid"]) + ber_int(0) + ber_int(0)
                  + ber_seq(ber_seq(ber_oid(oid), ber_int(count, COUNTER32))))
        return self.v3_message(req, pdu, authenticated)

    def v3_message(self, req, pdu, authenticated):
        """An SNMPv3 message around pdu, from our engine, to the request's user, in clear."""
        scoped = ber_seq(ber_octets(ENGINE_ID), ber_octets(b""), pdu)
        mac_len = AUTH[self.args.auth_proto][1] if authenticated else 0

        def message(mac):
            usm = ber_seq(ber_octets(ENGINE_ID), ber_int(ENGINE_BOOTS),
                          ber_int(self.engine_time()), ber_octets(req["user"]),
                          ber_octets(mac), ber_octets(b""))
            header = ber_seq(ber_int(req["msgid"]), ber_int(65507),
                             ber_octets(b"\x01" if authenticated else b"\x00"), ber_int(3))
            return ber_seq(ber_int(3), header, ber_octets(usm), scoped)

        if not authenticated:
            return message(b"")
        # RFC 3414 6.3.1 / RFC 7860: the MAC over the whole message with the MAC field zeroed
        name = AUTH[self.args.auth_proto][0]
        mac = hmac.new(self.key(), message(bytes(mac_len)), name).digest()[:mac_len]
        return message(mac)

    def answer_v3(self, req):
        if self.args.mode == "wrong-version":
            # a v2c Response to the engine ID probe, the one v3 request in plain text
            plain = {"version": 1, "community": b"public", "reqid": req["reqid"],
                     "oids": req["oids"]}
            return [("send", self.response(plain))]
        if self.args.mode != "report":
            return []
        if not req["flags"] & 0x01 and not req["user"]:
            # RFC 3414 4: the discovery probe, answered with our engine ID, boots and time
            return [("send", self.report(req, UNKNOWN_ENGINE_IDS, False))]
        oid, authenticated = REPORTS[self.args.report]
        return [("send", self.report(req, oid, authenticated))]


# --- the loop -------------------------------------------------------------------------------------

def loopback(address):
    host = address[0]
    return host in ("127.0.0.1", "::1") or host.startswith("::ffff:127.")


class Server:
    def __init__(self, peer, args):
        self.peer, self.args = peer, args
        self.sel = selectors.DefaultSelector()
        self.pending = []  # (due, n, target, action, data)
        self.sequence = 0
        self.conns = {}  # socket -> bytearray of what came in
        family = socket.AF_INET6 if args.address == "::1" else socket.AF_INET
        kind = socket.SOCK_STREAM if args.transport == "tcp" else socket.SOCK_DGRAM
        self.sock = socket.socket(family, kind)
        if kind == socket.SOCK_STREAM:
            self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind((args.address, args.port))
        if kind == socket.SOCK_STREAM:
            self.sock.listen(4)
        self.sock.setblocking(False)
        self.sel.register(self.sock, selectors.EVENT_READ)
        self.port = self.sock.getsockname()[1]

    def close(self):
        for conn in list(self.conns):
            self.drop(conn)
        self.sel.close()
        self.sock.close()

    def drop(self, conn):
        self.sel.unregister(conn)
        del self.conns[conn]
        conn.close()
        self.pending = [p for p in self.pending if p[2] is not conn]
        heapq.heapify(self.pending)

    def handle(self, raw, target):
        try:
            req = parse_request(raw)
        except (BerError, ValueError, IndexError) as e:
            self.peer.log("unreadable request (%s), ignored" % e)
            return
        actions = self.peer.answer(req, raw)
        self.peer.log("v%s reqid %s %s -> %s" % (
            {0: "1", 1: "2c", 3: "3"}[req["version"]], req["reqid"], req["oids"],
            ", ".join("%s %d bytes" % (a, len(d)) if d else a for a, d in actions) or "nothing"))
        due = time.monotonic() + self.args.delay
        for action, data in actions:
            self.sequence += 1
            heapq.heappush(self.pending, (due, self.sequence, target, action, data))

    def readable(self, sock):
        if sock is self.sock and self.args.transport == "udp":
            raw, source = sock.recvfrom(MAX_REQUEST)
            if loopback(source):
                self.handle(raw, source)
        elif sock is self.sock:
            conn, source = sock.accept()
            if not loopback(source) or len(self.conns) >= MAX_CONNECTIONS:
                conn.close()
                return
            conn.setblocking(False)
            self.conns[conn] = bytearray()
            self.sel.register(conn, selectors.EVENT_READ)
        else:
            self.stream(sock)

    def stream(self, conn):
        try:
            data = conn.recv(65536)
        except OSError:
            data = b""
        if not data:
            self.drop(conn)
            return
        buf = self.conns[conn]
        buf.extend(data)
        for _ in range(64):  # whole messages in this read
            try:
                n = message_length(buf)
            except BerError:
                self.drop(conn)
                return
            if n == 0:
                break
            raw = bytes(buf[:n])
            del buf[:n]
            self.handle(raw, conn)
        if len(buf) > MAX_REQUEST:
            self.drop(conn)

    def due(self):
        now = time.monotonic()
        while self.pending and self.pending[0][0] <= now:
            _, _, target, action, data = heapq.heappop(self.pending)
            if isinstance(target, socket.socket):
                if target not in self.conns:
                    continue
                if action == "close":
                    self.drop(target)
                    continue
                try:
                    target.setblocking(True)
                    target.settimeout(5)
                    target.sendall(data)
                    target.setblocking(False)
                except OSError:
                    self.drop(target)
            elif action == "send":  # a datagram has no connection to close
                try:
                    self.sock.sendto(data, target)
                except OSError as e:
                    self.peer.log("sendto: %s" % e)

    def run(self, lifetime):
        end = time.monotonic() + lifetime
        while time.monotonic() < end:
            wait = end - time.monotonic()
            if self.pending:
                wait = min(wait, max(0.0, self.pending[0][0] - time.monotonic()))
            for key, _ in self.sel.select(max(0.0, wait)):
                self.readable(key.fileobj)
            self.due()


def write_ready(path, port):
    tmp = "%s.%d.tmp" % (path, os.getpid())
    with open(tmp, "w", encoding="ascii") as f:
        f.write("%d\n" % port)
    os.replace(tmp, path)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--mode", choices=MODES, required=True)
    p.add_argument("--transport", choices=("udp", "tcp"), default="udp")
    p.add_argument("--address", choices=("127.0.0.1", "::1"), default="127.0.0.1")
    p.add_argument("--port", type=int, default=0, help="0: the kernel picks one")
    p.add_argument("--ready-file", required=True, help="gets the port once listening")
    p.add_argument("--snmprec", default=os.path.join(here, "..", "fixtures", "snmprec",
                                                     "win2022.snmprec"),
                   help="the host's values (default: the win2022 fixture)")
    p.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    p.add_argument("--size", type=int, default=0, help="normal: pad the answer to SIZE bytes")
    p.add_argument("--report", choices=sorted(REPORTS), default="not-in-time-window")
    p.add_argument("--auth-proto", choices=sorted(AUTH), default="SHA-256")
    p.add_argument("--auth-pass", default="", help="the v3 user's authentication passphrase")
    p.add_argument("--lifetime", type=float, default=300.0, help="exit after this many seconds")
    p.add_argument("--log", help="append one line per request to this file")
    args = p.parse_args()
    if not 0 <= args.port <= 65535 or args.delay < 0 or args.size < 0 or args.lifetime <= 0:
        p.error("out-of-range number")

    def stop(signum, frame):
        raise Stop()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    peer = Peer(args)
    server = None
    try:
        server = Server(peer, args)
        peer.log("listening on %s %s port %d, mode %s" % (args.transport, args.address,
                                                          server.port, args.mode))
        write_ready(args.ready_file, server.port)
        server.run(args.lifetime)
    except Stop:
        pass
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if server is not None:
            server.close()
        try:
            os.unlink(args.ready_file)
        except OSError:
            pass
        peer.log("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())
