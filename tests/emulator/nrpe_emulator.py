#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""NSClient++ NRPE server emulator for check_winbuild's black-box tests.

The NRPE side of nscp_emulator.py: the same generations, hosts and commands (imported from it),
served as NSClient++'s NRPEServer serves them (reference 2; the 0.16.4 captures win where they
disagree):
- 0.4.4.23 and 0.5.2.35 read only version 2 packets: anything else is answered with a v2
  packet, result 3 (the fallback check_nrpe 4 makes on it);
- 0.6.0.1 to 0.12.3 answer v3/v4 queries in the query's version; protocol errors (arguments,
  nasty characters, a bad packet) always come as v2, result 3;
- 0.16.4 never answers a v4 query (the connection closes) and sends errors in the query's
  version;
- `allow arguments` and `allow nasty characters` off unless --allow-arguments/--allow-nasty;
  _NRPE_CHECK answered before those checks;
- v2 output longer than payload-1 bytes: type 3 chunks of payload-1 bytes, the last type 2
  (`extended response`), or cut at payload-1 with --no-extended-response;
- TLS: none, cert (--cert/--key), adh (ADH at @SECLEVEL=0, --dh), anon-ecdh (AECDH).
Faults for the client's failure tests: crc, short, version, stall.

Standard library only.
"""

import argparse
import os
import signal
import socket
import socketserver
import ssl
import struct
import sys
import threading
import zlib

import nscp_emulator as emu

NASTY = set("|`&><'\"\\[]{}")
FAULTS = ["crc", "short", "version", "stall"]


def crc_of(packet):
    return zlib.crc32(bytes(packet)) & 0xFFFFFFFF


def build(version, ptype, result, text, payload):
    """One packet as NSClient++ writes it: v2 zero-filled to 12+payload bytes, NUL-terminated;
    v3 19+len and v4 16+len bytes, buffer_length = len, no NUL counted."""
    data = text.encode("cp1252", "replace")
    if version == 2:
        pkt = bytearray(12 + payload)
        data = data[:payload - 1]
        pkt[10:10 + len(data)] = data
    else:
        tail = 3 if version == 3 else 0
        pkt = bytearray(16 + len(data) + tail)
        struct.pack_into(">I", pkt, 12, len(data))
        pkt[16:16 + len(data)] = data
    struct.pack_into(">hhIh", pkt, 0, version, ptype, 0, result)
    struct.pack_into(">I", pkt, 4, crc_of(pkt))
    return bytes(pkt)


def read_exact(conn, n):
    buf = b""
    while len(buf) < n:
        chunk = conn.recv(n - len(buf))
        if not chunk:
            return None
        buf += chunk
    return buf


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        cfg = self.server.cfg
        conn = self.request
        conn.settimeout(10)
        if cfg.ctx is not None:
            try:
                conn = cfg.ctx.wrap_socket(conn, server_side=True)
            except (ssl.SSLError, OSError) as e:
                cfg.log("handshake failed: %s" % e)
                return
        try:
            self.serve(cfg, conn)
        except (OSError, ssl.SSLError):
            pass
        finally:
            try:
                conn.close()
            except OSError:
                pass

    def serve(self, cfg, conn):
        head = read_exact(conn, 16)
        if head is None:
            return
        version = struct.unpack(">h", head[:2])[0]
        if version == 2 or not cfg.v3:
            rest = read_exact(conn, 12 + cfg.payload - 16)
        elif version in (3, 4):
            blen = struct.unpack(">I", head[12:16])[0]
            if blen > 1024 * 1024:
                return
            rest = read_exact(conn, blen + (3 if version == 3 else 0))
        else:
            rest = b""
        if rest is None:
            return
        pkt = bytearray(head + rest)
        cfg.log("query v%d %d bytes" % (version, len(pkt)))
        if cfg.fault == "stall":
            cfg.stop.wait(emu.FAULT_HOLD)
            return
        if cfg.gen.v >= (0, 16) and version == 4:
            return  # 0.16.4: no reply to a v4 query (captures)
        # errors: v2 before 0.16, the query's version from 0.16 on
        err_version = version if cfg.gen.v >= (0, 16) and version in (2, 3) else 2

        def reply(v, result, text):
            self.send(cfg, conn, v, result, text)

        if version not in (2, 3, 4) or (version != 2 and not cfg.v3):
            return reply(2, 3, "Invalid packet version.")
        want = struct.unpack(">I", pkt[4:8])[0]
        pkt[4:8] = b"\0\0\0\0"
        if crc_of(pkt) != want:
            return reply(err_version, 3, "Invalid checksum.")
        start = 10 if version == 2 else 16
        body = bytes(pkt[start:])
        query = body.split(b"\0", 1)[0].decode("cp1252", "replace")
        cfg.log("query text %s" % query)
        command, _, argtext = query.partition("!")
        if command == "_NRPE_CHECK":
            return reply(version, 0, "I (%s) seem to be doing fine..." % cfg.gen.agent_version)
        args = [a for a in argtext.split("!") if a]
        if args and not cfg.allow_arguments:
            return reply(err_version, 3, "Exception processing request: Request contained "
                         "arguments (not currently allowed, check the allow arguments option).")
        if not cfg.allow_nasty and (NASTY & set(query)):
            return reply(err_version, 3, "Exception processing request: Request command "
                         "contained illegal metachars!")
        r = emu.run_command(cfg.emu, command, args)
        text = r.message
        if r.perf:
            text += "|" + " ".join(p.nagios() for p in r.perf)
        return reply(version, r.state, text)

    def send(self, cfg, conn, version, result, text):
        if cfg.fault == "crc":
            pkt = bytearray(build(version, 2, result, text, cfg.payload))
            pkt[7] ^= 0x55
            conn.sendall(bytes(pkt))
            return
        if cfg.fault == "short":
            conn.sendall(build(version, 2, result, text, cfg.payload)[:500])
            return
        if cfg.fault == "version":
            pkt = bytearray(build(version, 2, result, text, cfg.payload))
            struct.pack_into(">h", pkt, 0, 7)
            conn.sendall(bytes(pkt))
            return
        room = cfg.payload - 1
        if version != 2 or len(text.encode("cp1252", "replace")) <= room:
            conn.sendall(build(version, 2, result, text, cfg.payload))
            return
        if not cfg.extended:
            conn.sendall(build(version, 2, result, text[:room], cfg.payload))
            return
        chunks = [text[i:i + room] for i in range(0, len(text), room)]
        for i, chunk in enumerate(chunks):
            last = i == len(chunks) - 1
            conn.sendall(build(2, 2 if last else 3, result, chunk, cfg.payload))


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


class EmuConfig:
    """What nscp_emulator.run_command needs: gen, host, disabled."""

    def __init__(self, gen, host, disabled):
        self.gen, self.host, self.disabled = gen, host, disabled


class Config:
    def __init__(self, a):
        self.gen = emu.Gen(a.generation)
        self.emu = EmuConfig(self.gen, emu.load_host(a.host),
                             {m.lower() for m in a.disable_module})
        self.v3 = self.gen.v >= (0, 6, 0, 1)
        self.payload = a.payload
        self.allow_arguments = a.allow_arguments
        self.allow_nasty = a.allow_nasty
        self.extended = not a.no_extended_response
        self.fault = a.fault
        self.log_path = a.log
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.ctx = None
        if a.tls != "none":
            ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
            if a.tls == "cert":
                if a.dh:
                    # an old agent's DHE with its own (small) parameters, RSA certificate
                    ctx.maximum_version = ssl.TLSVersion.TLSv1_2
                    ctx.set_ciphers("DHE-RSA-AES256-GCM-SHA384:DHE-RSA-AES128-GCM-SHA256"
                                    ":@SECLEVEL=0")
                    ctx.load_dh_params(a.dh)
                ctx.load_cert_chain(a.cert, a.key)
                if a.client_ca:
                    ctx.verify_mode = ssl.CERT_REQUIRED
                    ctx.load_verify_locations(a.client_ca)
            else:
                ctx.maximum_version = ssl.TLSVersion.TLSv1_2
                ctx.set_ciphers(("ADH" if a.tls == "adh" else "AECDH") + ":@SECLEVEL=0")
                if a.dh:
                    ctx.load_dh_params(a.dh)
            self.ctx = ctx

    def log(self, line):
        if self.log_path:
            with self.lock, open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line + "\n")


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description="NSClient++ NRPE emulator (see README.md).")
    p.add_argument("--generation", choices=list(emu.GENERATIONS), default="0.16.4")
    p.add_argument("--host", default=os.path.join(here, "hosts", "win2008sp2.json"))
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--tls", choices=["none", "cert", "adh", "anon-ecdh"], default="none")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--dh", help="DH parameters (PEM): --tls adh, or --tls cert with DHE only")
    p.add_argument("--client-ca", help="--tls cert: require a client certificate from this CA")
    p.add_argument("--payload", type=int, default=1024)
    p.add_argument("--allow-arguments", action="store_true")
    p.add_argument("--allow-nasty", action="store_true")
    p.add_argument("--no-extended-response", action="store_true")
    p.add_argument("--disable-module", action="append", default=[],
                   choices=["CheckWMI", "CheckSystem", "CheckDisk"])
    p.add_argument("--fault", choices=FAULTS)
    p.add_argument("--ready-file")
    p.add_argument("--log")
    a = p.parse_args(argv)
    if a.tls == "cert" and not (a.cert and a.key):
        p.error("--tls cert needs --cert and --key")
    try:
        cfg = Config(a)
    except (emu.HostError, OSError, ssl.SSLError) as e:
        print("nrpe_emulator: %s" % e, file=sys.stderr)
        return 2
    server = Server(("127.0.0.1", a.port), Handler)
    server.cfg = cfg
    port = server.server_address[1]
    t = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                         daemon=True)
    t.start()

    def on_signal(signum, frame):
        cfg.stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    if a.ready_file:
        with open(a.ready_file + ".tmp", "w") as f:
            f.write("%d\n" % port)
        os.replace(a.ready_file + ".tmp", a.ready_file)
    print(port, flush=True)
    while not cfg.stop.wait(1.0):
        pass
    server.shutdown()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
