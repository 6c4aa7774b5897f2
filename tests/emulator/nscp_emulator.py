#!/usr/bin/python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""NSClient++ WEBServer (REST) emulator for check_winbuild's black-box tests.

One process emulates one agent generation (--generation) on one host (--host, a JSON file of
host facts). Every answer is derived from the host facts and rendered in the generation's
format: JSON era, number formatting, key order, 403 texts, status-line and header shape,
check_os_version name table and detail format, and the known bugs. README.md beside this file
says where each behaviour comes from and which parts are guesses.

Standard library only; runs under /usr/bin/python3 (3.11).
"""

import argparse
import base64
import decimal
import fnmatch
import gzip
import json
import os
import re
import secrets
import signal
import socketserver
import socket
import ssl
import string
import sys
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

OK, WARNING, CRITICAL, UNKNOWN = 0, 1, 2, 3
STATE_NAMES = {OK: "OK", WARNING: "WARNING", CRITICAL: "CRITICAL", UNKNOWN: "UNKNOWN"}

# The generations this emulator knows, with the agent version string /api/v1/info reports.
# Only 0.5.2.35 (reference 1.6), 0.9.15 (reference 2.2) and 0.16.4.55 (captures) carry a date
# from a source; the other dates are constructed.
GENERATIONS = {
    "0.4.4.23": "0.4.4.23 2016-04-05",
    "0.5.2.35": "0.5.2.35 2018-01-28",
    "0.6.0.1": "0.6.0.1 2024-01-17",
    "0.7.0": "0.7.0 2025-03-16",
    "0.9.5": "0.9.5 2025-06-15",
    "0.9.15": "0.9.15 2025-08-16",
    "0.11.32": "0.11.32 2026-03-22",
    "0.12.3": "0.12.3 2026-05-17",
    "0.16.4": "0.16.4.55 2026-11-22",
}

MODULES = {
    "check_os_version": "CheckSystem",
    "check_registry_value": "CheckSystem",
    "check_wmi": "CheckWMI",
    "check_files": "CheckDisk",
}

FOUR_MIB = 4 * 1024 * 1024

FAULTS = ["stall", "cut", "oversized", "malformed", "tls-stall", "slow-body", "chunked-endless",
          "redirect", "gzip", "http10", "unauthorized", "html"]
# The longest a fault keeps a connection open or keeps sending (seconds); SIGTERM ends it sooner.
FAULT_HOLD = 120.0


class Gen:
    """What one generation does; every trait is derived from the version number."""

    def __init__(self, name):
        self.name = name
        self.agent_version = GENERATIONS[name]
        v = tuple(int(p) for p in name.split("."))
        self.v = v
        # REST surface (reference 3.1)
        self.has_v1 = v >= (0, 5, 2, 6)
        self.has_v2 = v >= (0, 10)
        self.basic_auth = v >= (0, 5, 2)
        self.qs_password = v < (0, 5)
        # JSON: legacy /query eras (reference 3.4 a/b/c), libraries (3.7)
        if v < (0, 6):
            self.legacy_era = "pb2"
        elif v < (0, 9):
            self.legacy_era = "pb3"
        else:
            self.legacy_era = "hand"
        self.json_lib = "spirit" if v < (0, 10) else "boost"
        self.v1_int_perf = v < (0, 6)  # 0.5.2: ints and minimum/maximum always (3.5)
        # HTTP shape: old mongoose-cpp (403 with an empty reason phrase, no Content-Type)
        self.old_http = v < (0, 6)
        self.cookies = v >= (0, 6)
        # 403 texts (reference 3.3; the 0.6-0.12 split is a guess, see README)
        if v < (0, 5):
            self.no_creds_text = self.bad_creds_text = "403 Please login first"
        elif v < (0, 6):
            self.no_creds_text, self.bad_creds_text = "403 Please login first", "403 Your not allowed"
        elif v < (0, 13):
            self.no_creds_text, self.bad_creds_text = "403 Please login first", "403 You're not allowed"
        else:
            self.no_creds_text = self.bad_creds_text = "403 You're not allowed"
        self.bad_scheme_is_400 = v < (0, 13)
        self.rate_limit = v >= (0, 16)
        # check_os_version (reference 4.1-4.6)
        if v < (0, 5):
            self.name_table = "0.4"
        elif v < (0, 6, 15):
            self.name_table = "0.5"
        else:
            self.name_table = "0.6.15"
        self.server2008_bug = (0, 6, 15) <= v < (0, 15)
        self.os_version_015 = v >= (0, 15)
        # legacy /query always "OK" (reference 3.4, fixed 0.9.8)
        self.legacy_always_ok = (0, 9, 0) <= v < (0, 9, 8)
        self.has_registry = v >= (0, 11, 32)
        # check_nt server (reference 1.1, 1.3): 0.12.2-0.16.2 answer only a request that ends
        # in "\n"; 0.12.2+ say "Bad request." for a wrong password and refuse everything when no
        # password is set; 0.11.31+ name a non-numeric code; 0.13.0+ have the allow list
        self.nt_waits_for_newline = (0, 12, 2) <= v < (0, 16, 3)
        self.nt_oracle_errors = v >= (0, 12, 2)
        self.nt_names_bad_code = v >= (0, 11, 31)
        self.nt_allow_list = v >= (0, 13)


# --- JSON writers ----------------------------------------------------------------------------


class Real(float):
    """A number the agent holds as a double (rendered per library)."""


def spirit_number(x):
    # json_spirit: std::showpoint << std::setprecision(17)
    return "%#.17g" % x


def boost_number(x):
    # Boost.JSON: shortest round-trip digits, one digit before the point, capital E exponent.
    if x == 0:
        return "-0E0" if str(x).startswith("-") else "0E0"
    sign, digits, exponent = decimal.Decimal(repr(float(x))).as_tuple()
    digits = list(digits)
    while len(digits) > 1 and digits[-1] == 0:
        digits.pop()
        exponent += 1
    sci = exponent + len(digits) - 1
    mant = str(digits[0])
    if len(digits) > 1:
        mant += "." + "".join(str(d) for d in digits[1:])
    return ("-" if sign else "") + mant + "E" + str(sci)


def escape_string(s, lib):
    out = ['"']
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out.append('\\"')
        elif ch == "\\":
            out.append("\\\\")
        elif ch == "\b":
            out.append("\\b")
        elif ch == "\f":
            out.append("\\f")
        elif ch == "\n":
            out.append("\\n")
        elif ch == "\r":
            out.append("\\r")
        elif ch == "\t":
            out.append("\\t")
        elif o < 0x20 or (o == 0x7F and lib == "spirit"):
            out.append(("\\u%04X" if lib == "spirit" else "\\u%04x") % o)
        else:
            out.append(ch)
    out.append('"')
    return "".join(out)


def dump_json(value, lib):
    """Compact JSON. json_spirit objects are std::maps (sorted keys); Boost.JSON keeps order."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, Real):
        return spirit_number(value) if lib == "spirit" else boost_number(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return spirit_number(value) if lib == "spirit" else boost_number(value)
    if isinstance(value, str):
        return escape_string(value, lib)
    if isinstance(value, list):
        return "[" + ",".join(dump_json(v, lib) for v in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items()) if lib == "spirit" else value.items()
        return "{" + ",".join(escape_string(k, lib) + ":" + dump_json(v, lib) for k, v in items) + "}"
    raise TypeError("cannot render %r" % (value,))


# --- host facts ------------------------------------------------------------------------------


class HostError(Exception):
    pass


def load_host(path):
    try:
        with open(path, encoding="utf-8") as f:
            h = json.load(f)
    except (OSError, ValueError) as e:
        raise HostError("cannot read host facts %s: %s" % (path, e))
    need = {"caption": str, "version": str, "build": int, "ubr": int, "product_type": int,
            "csd": str, "arch": str, "ntoskrnl": str, "hotfixes": list}
    for key, typ in need.items():
        if key not in h:
            raise HostError("host facts %s: missing key %r" % (path, key))
        if not isinstance(h[key], typ) or isinstance(h[key], bool):
            raise HostError("host facts %s: %r must be %s" % (path, key, typ.__name__))
    m = re.fullmatch(r"(\d+)\.(\d+)\.(\d+)", h["version"])
    if not m or int(m.group(3)) != h["build"]:
        raise HostError("host facts %s: version must be major.minor.build matching build" % path)
    h["major"], h["minor"] = int(m.group(1)), int(m.group(2))
    for i, row in enumerate(h["hotfixes"]):
        if not (isinstance(row, list) and 2 <= len(row) <= 3 and all(isinstance(x, str) for x in row)):
            raise HostError("host facts %s: hotfixes[%d] must be [id, installed_on(, description)]"
                            % (path, i))
    return h


# --- check results ---------------------------------------------------------------------------


class Perf:
    def __init__(self, alias, value, warning=None, critical=None, unit="", minimum=None,
                 maximum=None, is_int=True):
        self.alias, self.value, self.warning, self.critical = alias, value, warning, critical
        self.unit, self.minimum, self.maximum, self.is_int = unit, minimum, maximum, is_int

    def nagios(self):
        def num(x):
            return str(int(x)) if float(x).is_integer() else repr(float(x))
        s = "'%s'=%s%s" % (self.alias, num(self.value), self.unit)
        tail = [self.warning, self.critical, self.minimum, self.maximum]
        while tail and tail[-1] is None:
            tail.pop()
        if tail:
            s += ";" + ";".join("" if t is None else num(t) for t in tail)
        return s


class Result:
    def __init__(self, command, state, message, perf=None):
        self.command, self.state, self.message = command, state, message
        self.perf = perf or []


def render_syntax(template, keywords):
    """Substitute ${name} and %(name) (exact name first, then case-insensitively)."""
    lower = {k.lower(): v for k, v in keywords.items()}

    def sub(m):
        key = m.group(1) or m.group(2)
        if key in keywords:
            return str(keywords[key])
        if key.lower() in lower:
            return str(lower[key.lower()])
        return m.group(0)
    return re.sub(r"\$\{([^}]*)\}|%\(([^)]*)\)", sub, template)


def parse_args(args):
    """NSCP command arguments -> {lower-case key: [values]} (a bare flag has value None)."""
    out = {}
    for a in args:
        k, sep, v = a.partition("=")
        out.setdefault(k.strip().lower(), []).append(v if sep else None)
    return out


def arg(opts, key, default=None):
    vals = opts.get(key)
    if not vals or vals[-1] is None:
        return default
    return vals[-1]


def top_render(opts, default_top, default_detail, items, state):
    """The filter_helper rendering: detail per item joined by ", ", then the top syntax."""
    detail = arg(opts, "detail-syntax", default_detail)
    top = arg(opts, "top-syntax", default_top)
    rendered = [render_syntax(detail, kw) for kw in items]
    keywords = {
        "status": STATE_NAMES[state], "list": ", ".join(rendered),
        "problem_list": ", ".join(rendered) if state != OK else "",
        "detail_list": ", ".join(rendered), "count": len(items),
        "problem_count": len(items) if state != OK else 0,
    }
    return render_syntax(top, keywords)


# check_os_version ------------------------------------------------------------------------------


def os_name(gen, major, minor, build, workstation):
    """${version} as a string: reference 4.3, one table per generation."""
    t = gen.name_table
    if (major, minor) == (5, 1):
        return "Windows XP"
    if (major, minor) == (5, 2):
        return "Windows Server 2003"
    if (major, minor) == (6, 0):
        if workstation:
            return "Windows Vista"
        return "Windows Server 2008" if t == "0.6.15" else "Windows 2008"
    if (major, minor) == (6, 1):
        if t == "0.6.15":  # the swapped branches (reference 4.3)
            return "Windows Server 2008 R2" if workstation else "Windows 7"
        return "Windows 7" if workstation else "Windows 2008R2"
    if (major, minor) == (6, 2):
        if workstation:
            return "Windows 8"
        return "Windows Server 2012" if t == "0.6.15" else "Windows 2012"
    if t == "0.4":
        return "Post Windows 8"
    if (major, minor) == (6, 3):
        return "Windows 8.1" if workstation else "Windows Server 2012 R2"
    if major == 10 and minor == 0:
        if workstation:
            if t == "0.6.15":
                for b, n in ((26100, "Windows 11 24H2"), (22631, "Windows 11 23H2"),
                             (22621, "Windows 11 22H2"), (22000, "Windows 11 21H2")):
                    if build >= b:
                        return n
            return "Windows 10"
        if t == "0.6.15":
            for b, n in ((26100, "Windows Server 2025"), (20348, "Windows Server 2022"),
                         (17763, "Windows Server 2019")):
                if build >= b:
                    return n
        return "Windows Server 2016"
    return "Post Windows 10" if workstation else "Post Windows 2016"


def os_enum(gen, major, minor, build, workstation):
    """The `version` perf value: an enum (reference 4.2)."""
    if gen.server2008_bug and (major, minor) == (6, 0) and not workstation:
        return 0
    table = {(5, 1): 51, (5, 2): 52, (6, 0): 60, (6, 1): 61, (6, 2): 62, (6, 3): 63}
    if (major, minor) in table:
        return table[(major, minor)]
    if (major, minor) == (10, 0):
        if gen.os_version_015 and workstation and build >= 22000:
            return 110
        return 100
    return 2147483647


ARCH = {"64-bit": "x64", "32-bit": "x86", "ARM 64-bit Processor": "arm64"}


def check_os_version(gen, host, opts):
    major, minor, build = host["major"], host["minor"], host["build"]
    if gen.v < (0, 5) and (major, minor) >= (6, 3):
        major, minor, build = 6, 2, 9200  # GetVersionEx without a manifest (issue #683)
    ws = host["product_type"] == 1
    name = os_name(gen, major, minor, build, ws)
    value = os_enum(gen, major, minor, build, ws)
    state = CRITICAL if value <= 50 else OK  # warn = crit = "version <= 50"
    ubr = host["ubr"] if major >= 10 else 0
    kw = {"version": name, "major": major, "minor": minor, "build": build}
    if gen.os_version_015:
        kw.update(ubr=ubr, arch=ARCH.get(host["arch"], "unknown"),
                  kernel_version="%d.%d.%d.%d" % (major, minor, build, ubr))
        detail = "${version} (${kernel_version}) ${arch}"
    else:
        detail = "${version} (${major}.${minor}.${build})"
    msg = top_render(opts, "${status}: ${list}", detail, [kw], state)
    return Result("check_os_version", state, msg,
                  [Perf("version", value, warning=50, critical=50)])


# check_wmi -------------------------------------------------------------------------------------


OS_COLUMNS = ["BuildNumber", "Caption", "CSDVersion", "Manufacturer", "OSArchitecture",
              "ProductType", "ServicePackMajorVersion", "ServicePackMinorVersion", "Version"]
QFE_COLUMNS = ["Caption", "Description", "HotFixID", "InstalledBy", "InstalledOn"]


def wmi_classes(host):
    """The two WMI classes the emulator knows: {lower-case name: (columns, rows as dicts)}."""
    m = re.search(r"Service Pack (\d+)", host["csd"])
    os_row = {
        "BuildNumber": str(host["build"]),
        "Caption": host["caption"],
        "CSDVersion": host["csd"] or None,  # NULL from Windows 8 on
        "Manufacturer": "Microsoft Corporation",
        "OSArchitecture": host["arch"],
        "ProductType": host["product_type"],
        "ServicePackMajorVersion": int(m.group(1)) if m else 0,
        "ServicePackMinorVersion": 0,
        "Version": host["version"],
    }
    qfe_rows = []
    for row in host["hotfixes"]:
        kb, installed = row[0], row[1]
        qfe_rows.append({
            "Caption": "http://support.microsoft.com/?kbid=" + kb[2:] if kb.startswith("KB") else "",
            "Description": row[2] if len(row) > 2 else "Update",
            "HotFixID": kb,
            "InstalledBy": "NT AUTHORITY\\SYSTEM",
            "InstalledOn": installed,
        })
    return {"win32_operatingsystem": (OS_COLUMNS, [os_row]),
            "win32_quickfixengineering": (QFE_COLUMNS, qfe_rows)}


def wmi_text(v):
    return "" if v is None else str(v)


def wmi_failed(query, code, text):
    return "WMIQuery failed: Enumeration of '%s' failed: %s (0x%08X)" % (query, text, code)


def check_wmi(gen, host, opts):
    query = arg(opts, "query")
    if not query:
        return Result("check_wmi", UNKNOWN, "No query specified")
    ns = arg(opts, "namespace", "root\\cimv2")
    if ns.lower().replace("/", "\\") != "root\\cimv2":
        return Result("check_wmi", UNKNOWN, "WMIQuery failed: ConnectServer failed: namespace=%s: "
                      "Invalid namespace (0x8004100E)" % ns)
    m = re.fullmatch(r"\s*select\s+(.+?)\s+from\s+(\w+)(?:\s+where\s+(.+?))?\s*", query,
                     re.IGNORECASE | re.DOTALL)
    if not m:
        return Result("check_wmi", UNKNOWN, wmi_failed(query, 0x80041017, "Invalid query"))
    cols_text, cls, where = m.group(1), m.group(2), m.group(3)
    classes = wmi_classes(host)
    if cls.lower() not in classes:
        return Result("check_wmi", UNKNOWN, wmi_failed(query, 0x80041010, "Invalid class"))
    schema, rows = classes[cls.lower()]
    lookup = {n.lower(): n for n in schema}
    if cols_text.strip() == "*":
        cols = list(schema)
    else:
        cols = []
        for c in cols_text.split(","):
            c = c.strip()
            if c.lower() not in lookup:
                return Result("check_wmi", UNKNOWN, wmi_failed(query, 0x80041017, "Invalid query"))
            cols.append(lookup[c.lower()])
    conds = []
    if where:
        for part in re.split(r"\s+and\s+", where.strip(), flags=re.IGNORECASE):
            cm = re.fullmatch(r"\s*(\w+)\s*(=|!=|<>)\s*(?:'([^']*)'|\"([^\"]*)\"|(\d+))\s*", part)
            if not cm or cm.group(1).lower() not in lookup:
                return Result("check_wmi", UNKNOWN, wmi_failed(query, 0x80041017, "Invalid query"))
            val = next(g for g in cm.group(3, 4, 5) if g is not None)
            conds.append((lookup[cm.group(1).lower()], cm.group(2) == "=", val))
    items = []
    for rd in rows:
        if not all((wmi_text(rd[c]).lower() == v.lower()) == eq for c, eq, v in conds):
            continue
        kw = {c: wmi_text(rd[c]) for c in cols}
        kw["line"] = ", ".join(wmi_text(rd[c]) for c in cols)
        items.append(kw)
    msg = top_render(opts, "${list}", "%(line)", items, OK)
    return Result("check_wmi", OK, msg)


# check_registry_value --------------------------------------------------------------------------

CURRENT_VERSION = "hklm\\software\\microsoft\\windows nt\\currentversion"


def check_registry_value(gen, host, opts):
    key = arg(opts, "key", "")
    norm = key.replace("/", "\\").rstrip("\\")
    if norm.lower().startswith("hkey_local_machine\\"):
        norm = "HKLM" + norm[len("hkey_local_machine"):]
    names = [v for v in opts.get("value", []) if v]
    values = {}
    if norm.lower() == CURRENT_VERSION and host["major"] >= 10:
        values["ubr"] = ("UBR", "REG_DWORD", host["ubr"])
    items, state = [], OK
    for name in names:
        found = values.get(name.lower())
        kw = {"path": norm + "\\" + name, "key": norm, "name": name}
        if found:
            kw.update(exists="true", type=found[1], int_value=found[2], string_value=str(found[2]))
        else:
            kw.update(exists="false", type="", int_value=0, string_value="")
            state = CRITICAL  # default crit = "not exists"
        items.append(kw)
    if not items:
        return Result("check_registry_value", UNKNOWN, "No value specified")
    msg = top_render(opts, "${status}: ${list}", "${path}: ${string_value} (type=${type})", items,
                     state)
    return Result("check_registry_value", state, msg)


# check_files -----------------------------------------------------------------------------------


def check_files(gen, host, opts):
    paths = [p for p in opts.get("path", []) if p] + [p for p in opts.get("file", []) if p]
    pattern = arg(opts, "pattern", "*.*")
    files = {"c:\\windows\\system32": [("ntoskrnl.exe", host["ntoskrnl"])]}
    items = []
    for p in paths:
        norm = p.replace("/", "\\").rstrip("\\")
        for fname, version in files.get(norm.lower(), []):
            if fnmatch.fnmatch(fname.lower(), pattern.lower()):
                items.append({"filename": fname, "name": fname, "file": fname, "version": version,
                              "path": norm + "\\" + fname})
    if not items:
        return Result("check_files", UNKNOWN, "No files found")  # empty-state unknown
    msg = top_render(opts, "${status}: ${problem_count}/${count} files (${problem_list})",
                     "${name}", items, OK)
    return Result("check_files", OK, msg)


COMMANDS = {
    "check_os_version": check_os_version,
    "check_wmi": check_wmi,
    "check_registry_value": check_registry_value,
    "check_files": check_files,
}


def run_command(cfg, name, args):
    fn = COMMANDS.get(name)
    if fn is None or MODULES[name].lower() in cfg.disabled or \
            (name == "check_registry_value" and not cfg.gen.has_registry):
        return Result(name, UNKNOWN, "Unknown command(s): " + name)
    return fn(cfg.gen, cfg.host, parse_args(args))


# --- JSON bodies per era ---------------------------------------------------------------------


def flat_float_perf(p):
    """A perf value as 0.9 and later write it: flat thresholds, in this key order."""
    vals = {"value": Real(p.value)}
    for k, x in (("warning", p.warning), ("critical", p.critical)):
        if x is not None:
            vals[k] = Real(x)
    vals["unit"] = p.unit
    for k, x in (("minimum", p.minimum), ("maximum", p.maximum)):
        if x is not None:
            vals[k] = Real(x)
    return vals


def legacy_body(gen, r):
    """GET /query/<cmd> (reference 3.4, captures web_query_*.txt)."""
    result = "OK" if gen.legacy_always_ok else STATE_NAMES[r.state]
    perfs = []
    for p in r.perf:
        if gen.legacy_era == "pb2":
            vals = {"value": p.value}
            if p.warning is not None:
                vals["warning"] = p.warning
            if p.critical is not None:
                vals["critical"] = p.critical
            if p.unit:
                vals["unit"] = p.unit
            if p.minimum is not None:
                vals["minimum"] = p.minimum
            if p.maximum is not None:
                vals["maximum"] = p.maximum
            perfs.append({"alias": p.alias, "int_value" if p.is_int else "float_value": vals})
        elif gen.legacy_era == "pb3":
            vals = {"value": Real(p.value)}
            for k, x in (("warning", p.warning), ("critical", p.critical),
                         ("minimum", p.minimum), ("maximum", p.maximum)):
                if x is not None:
                    vals[k] = {"value": Real(x)}
            vals["unit"] = p.unit
            perfs.append({"alias": p.alias, "float_value": vals})
        else:
            perfs.append({"alias": p.alias, "float_value": flat_float_perf(p)})
    line = {"message": r.message}
    if perfs or gen.legacy_era != "pb2":
        line["perf"] = perfs
    if gen.legacy_era == "pb2":
        doc = {"header": {"source_id": ""},
               "payload": [{"command": r.command, "lines": [line], "result": result}]}
    elif gen.legacy_era == "pb3":
        doc = {"header": {"command": "", "destination_id": "", "message_id": "",
                          "recipient_id": "", "sender_id": "", "source_id": ""},
               "payload": [{"alias": "", "command": r.command, "data": "", "id": 0,
                            "lines": [line], "result": result, "source": ""}]}
    else:
        doc = {"payload": [{"command": r.command, "result": result, "lines": [line]}]}
    return dump_json(doc, gen.json_lib)


def v1_body(gen, r, nagios):
    """/api/v1/queries/<cmd>/commands/execute[_nagios] (reference 3.5, captures web_v1_*)."""
    if nagios:
        perf = " ".join(p.nagios() for p in r.perf)
        result = STATE_NAMES[r.state]
    else:
        perf = {}
        for p in r.perf:
            if gen.v1_int_perf:
                vals = {"value": p.value, "warning": p.warning or 0, "critical": p.critical or 0,
                        "unit": p.unit, "minimum": p.minimum or 0, "maximum": p.maximum or 0}
            else:
                vals = flat_float_perf(p)
            perf[p.alias] = vals
        result = r.state
    doc = {"command": r.command, "result": result, "lines": [{"message": r.message, "perf": perf}]}
    return dump_json(doc, gen.json_lib)


def v1_text(r):
    perf = " ".join(p.nagios() for p in r.perf)
    return r.message + ("|" + perf if perf else "") + "\n"


# --- HTTP ------------------------------------------------------------------------------------

REASONS = {200: "OK", 202: "Accepted", 301: "Moved Permanently", 302: "Found",
           303: "See Other", 307: "Temporary Redirect", 308: "Permanent Redirect",
           400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
           500: "Internal Server Error", 502: "Bad Gateway", 503: "Service Unavailable"}
TEXT_STATUS = {OK: 200, WARNING: 202, CRITICAL: 500, UNKNOWN: 503}


class Reply:
    def __init__(self, status, body, ctype, json_body=False, cookies_for=None, headers=()):
        self.status, self.body, self.ctype = status, body, ctype
        self.json_body, self.cookies_for = json_body, cookies_for
        self.headers = list(headers)  # (name, value) pairs written before Content-Type


def make_token():
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(32))


def wire_bytes(gen, reply, content_length=None, framing="length", version="HTTP/1.1"):
    """The head and body bytes of reply. framing: "length" (a Content-Length, content_length
    when given), "chunked" (Transfer-Encoding: chunked; the caller writes the chunks) or
    "close" (neither: the body ends when the connection closes)."""
    body = reply.body if isinstance(reply.body, bytes) else reply.body.encode("utf-8")
    length = len(body) if content_length is None else content_length
    framing_line = {"length": "Content-Length: %d" % length,
                    "chunked": "Transfer-Encoding: chunked", "close": None}[framing]
    extra = ["%s: %s" % h for h in reply.headers]
    if gen.old_http:
        # mongoose-cpp of 0.4/0.5: "HTTP/1.1 403 " (empty reason phrase), Content-Length only
        # (raw 0.5.2.11 403 from issue #485).
        lines = ["%s %d %s" % (version, reply.status, "OK" if reply.status == 200 else "")]
        lines += extra
    else:
        lines = ["%s %d %s" % (version, reply.status, REASONS.get(reply.status, "")),
                 "Connection: close"]
        if reply.cookies_for and gen.cookies:
            attrs = "; Path=/; HttpOnly; Secure; SameSite=Strict"
            lines.append("Set-Cookie: token=" + make_token() + attrs)
            lines.append("Set-Cookie: uid=" + reply.cookies_for + attrs)
        lines += extra
        lines.append("Content-Type: " + reply.ctype)
    if framing_line:
        lines.append(framing_line)
    return ("\r\n".join(lines) + "\r\n\r\n").encode("latin-1", "replace"), body


class RateLimiter:
    """0.16.4: 10 failed logins from one address -> 403 for 60 s (captures README, point 4)."""

    LIMIT, WINDOW = 10, 60.0

    def __init__(self):
        self.lock = threading.Lock()
        self.fails = {}
        self.blocked_until = {}

    def blocked(self, ip):
        with self.lock:
            return self.blocked_until.get(ip, 0) > time.monotonic()

    def failure(self, ip):
        now = time.monotonic()
        with self.lock:
            recent = [t for t in self.fails.get(ip, []) if now - t < self.WINDOW] + [now]
            self.fails[ip] = recent
            if len(recent) >= self.LIMIT:
                self.blocked_until[ip] = now + self.WINDOW

    def success(self, ip):
        with self.lock:
            self.fails.pop(ip, None)


class Config:
    def __init__(self, a):
        self.gen = Gen(a.generation)
        self.host = load_host(a.host)
        self.password = a.password
        self.users = {"admin": a.password}
        if a.user:
            self.users[a.user] = a.password
        self.disabled = {m.lower() for m in a.disable_module}
        self.no_info_version = a.no_info_version
        self.fault = a.fault
        self.fault_route = a.fault_route
        self.fault_status = a.fault_status
        self.fault_bytes = a.fault_bytes
        self.redirect_to = a.redirect_to
        self.plain = a.plain
        self.log_path = a.log
        self.log_lock = threading.Lock()
        self.stop = threading.Event()
        self.limiter = RateLimiter()
        self.nt_no_password = a.nt_no_password
        self.nt_deny_info = a.nt_deny_info
        self.nt_fault = a.nt_fault

    def log(self, line):
        if not self.log_path:
            return
        with self.log_lock:
            with open(self.log_path, "a", encoding="utf-8") as f:
                f.write(line + "\n")


def redact_target(target):
    return re.sub(r"(?i)([?&](?:password|__token|token)=)[^&]*", r"\1***", target)


class Handler(BaseHTTPRequestHandler):
    server_version = "nscp-emulator"
    protocol_version = "HTTP/1.1"
    timeout = 30

    def log_message(self, fmt, *args):  # no stderr chatter
        pass

    def do_GET(self):
        self.serve()

    do_POST = do_PUT = do_DELETE = do_HEAD = do_GET

    # -- auth (reference 3.3; captures web_*_nopw/wrongpw/basic_wrong/qs_password) --
    def authenticate(self, cfg, params):
        gen, ip = cfg.gen, self.client_address[0]
        if gen.rate_limit and cfg.limiter.blocked(ip):
            return None, Reply(403, gen.bad_creds_text, "text/plain")
        auth = self.headers.get("Authorization")
        if auth is not None and gen.basic_auth:
            if auth.startswith("Basic "):
                try:
                    user, _, pw = base64.b64decode(auth[6:].strip(), validate=True) \
                        .decode("utf-8").partition(":")
                except (ValueError, UnicodeDecodeError):
                    user, pw = "", ""
                if pw and cfg.users.get(user) == pw:
                    cfg.limiter.success(ip)
                    return user, None
                cfg.limiter.failure(ip)
                return None, Reply(403, gen.bad_creds_text, "text/plain")
            if auth.startswith("Bearer ") and not gen.bad_scheme_is_400:
                # no /login here, so no token is ever valid
                cfg.limiter.failure(ip)
                return None, Reply(403, gen.bad_creds_text, "text/plain")
            if gen.bad_scheme_is_400:
                return None, Reply(400, "Invalid authentication scheme", "text/plain")
            return None, Reply(403, gen.bad_creds_text, "text/plain")
        pw = self.headers.get("password")
        if pw is not None:
            if pw and pw == cfg.password:
                cfg.limiter.success(ip)
                return "admin", None
            cfg.limiter.failure(ip)
            return None, Reply(403, gen.bad_creds_text, "text/plain")
        if gen.qs_password:
            qpw = [v for k, v in params if k == "password"]
            if qpw:
                if qpw[-1] == cfg.password:
                    return "admin", None
                return None, Reply(403, gen.bad_creds_text, "text/plain")
        return None, Reply(403, gen.no_creds_text, "text/plain")

    def route(self, cfg, path, params):
        """Returns (needs_auth, handler) or a Reply for an unknown route."""
        gen = cfg.gen
        m = re.fullmatch(r"/query/([^/]*)/?", path)
        if m:
            return lambda user: self.legacy_query(cfg, urllib.parse.unquote(m.group(1)), params,
                                                  user)
        m = re.fullmatch(r"/api/(v1|v2)(/.*)?", path)
        if m and gen.has_v1 and (m.group(1) == "v1" or gen.has_v2):
            rest = m.group(2) or ""
            if rest in ("/info", "/info/"):
                return lambda user: self.info(cfg, user, full=True)
            if rest == "/info/version" and not cfg.no_info_version:
                return lambda user: self.info(cfg, user, full=False)
            q = re.fullmatch(r"/queries/([^/]+)/commands/([^/]+)", rest)
            if q:
                return lambda user: self.execute(cfg, urllib.parse.unquote(q.group(1)),
                                                 urllib.parse.unquote(q.group(2)), params, user)
            if gen.name == "0.16.4" and rest in ("", "/") and m.group(1) == "v1":
                return lambda user: self.v1_root(cfg, user)
        if gen.name == "0.16.4" and path in ("/api", "/api/"):
            return lambda user: self.api_root(cfg, user)
        return self.not_found(cfg, path)

    def not_found(self, cfg, path):
        gen = cfg.gen
        if gen.old_http:
            return Reply(404, "404 Not Found", "text/plain")
        if path.startswith("/api/"):
            return Reply(404, '[500] Document not found: invalid handler for "%s:%s" in /api'
                         % (self.command, path[4:]), "text/plain")
        return Reply(404, "404 Not Found", "text/plain")

    def base_url(self, cfg):
        host = self.headers.get("Host") or "127.0.0.1:%d" % self.server.server_address[1]
        return ("http://" if cfg.plain else "https://") + host

    def info(self, cfg, user, full):
        if full:
            doc = {"name": "NSClient++", "version": cfg.gen.agent_version,
                   "version_url": self.base_url(cfg) + "/api/v1/info/version"}
        else:
            doc = {"version": cfg.gen.agent_version}
        return Reply(200, dump_json(doc, cfg.gen.json_lib), "application/json", True, user)

    def api_root(self, cfg, user):
        b = self.base_url(cfg) + "/api/"
        doc = {"current_api": b + "v2", "legacy_api": b + "v1", "beta_api": b + "v2"}
        return Reply(200, dump_json(doc, cfg.gen.json_lib), "application/json", True, user)

    def v1_root(self, cfg, user):
        b = self.base_url(cfg) + "/api/v2/"
        doc = {k + "_url": b + k for k in ("scripts", "modules", "queries", "aliases", "settings",
                                           "logs", "info", "tags")}
        return Reply(200, dump_json(doc, cfg.gen.json_lib), "application/json", True, user)

    @staticmethod
    def command_args(params, gen):
        out = []
        for k, v in params:
            if gen.qs_password and k == "password":
                continue
            out.append(k if not v else k + "=" + v)
        return out

    def legacy_query(self, cfg, cmd, params, user):
        r = run_command(cfg, cmd, self.command_args(params, cfg.gen))
        return Reply(200, legacy_body(cfg.gen, r), "application/json", True, user)

    def execute(self, cfg, cmd, sub, params, user):
        if sub not in ("execute", "execute_nagios"):
            return Reply(404, "unknown command: " + sub, "text/plain", cookies_for=user)
        r = run_command(cfg, cmd, self.command_args(params, cfg.gen))
        if "text/plain" in (self.headers.get("Accept") or ""):
            return Reply(TEXT_STATUS[r.state], v1_text(r), "text/plain", cookies_for=user)
        return Reply(200, v1_body(cfg.gen, r, sub == "execute_nagios"), "application/json",
                     True, user)

    def serve(self):
        cfg = self.server.cfg
        self.close_connection = True
        split = urllib.parse.urlsplit(self.path)
        params = []
        for part in split.query.split("&") if split.query else []:
            k, sep, v = part.partition("=")
            params.append((urllib.parse.unquote_plus(k), urllib.parse.unquote_plus(v) if sep else ""))
        path = split.path
        if self.command in ("GET", "HEAD"):
            routed = self.route(cfg, path, params)
        else:  # every NSCP handler is GET-only
            routed = self.not_found(cfg, path)
        user = None
        if isinstance(routed, Reply):
            reply = routed
        else:
            user, reply = self.authenticate(cfg, params)
            if reply is None:
                reply = routed(user)
        faulty = cfg.fault and (not cfg.fault_route or cfg.fault_route in self.path)
        if faulty and cfg.fault in ("redirect", "unauthorized", "html"):
            reply = fault_reply(cfg, reply)
        auth = self.headers.get("Authorization")
        encoding = self.headers.get("Accept-Encoding")
        cfg.log("%s %s %s password-header=%s authorization=%s status=%d%s" % (
            self.client_address[0], self.command, redact_target(self.path) + " " +
            self.request_version, "yes" if self.headers.get("password") is not None else "no",
            "none" if auth is None else (auth.split(" ", 1)[0].lower() or "empty"),
            reply.status, "" if encoding is None else " accept-encoding=" + encoding))
        if faulty and cfg.fault == "stall":
            cfg.stop.wait()
            return
        if faulty and cfg.fault in ("slow-body", "chunked-endless"):
            self.dribble(cfg, reply)
            return
        head, body = wire_bytes(cfg.gen, reply)
        if faulty and cfg.fault == "cut":
            head, body = wire_bytes(cfg.gen, reply, content_length=len(reply.body.encode()) + 100)
        elif faulty and cfg.fault == "oversized" and reply.json_body:
            reply.body = oversize(cfg.gen, reply.body, cfg.fault_bytes)
            head, body = wire_bytes(cfg.gen, reply)
        elif faulty and cfg.fault == "gzip":
            # compressed although the client did not ask (or asked for identity only)
            reply.body = gzip.compress(reply.body.encode("utf-8"), mtime=0)
            reply.headers.append(("Content-Encoding", "gzip"))
            head, body = wire_bytes(cfg.gen, reply)
        elif faulty and cfg.fault == "http10":
            head, body = wire_bytes(cfg.gen, reply, framing="close", version="HTTP/1.0")
        elif faulty and cfg.fault == "malformed" and reply.json_body:
            raw = reply.body.encode("utf-8")
            reply.body = raw[: max(1, len(raw) // 2)]
            reply.status = 200
            head, body = wire_bytes(cfg.gen, reply)
        try:
            self.wfile.write(head + (b"" if self.command == "HEAD" else body))
            self.wfile.flush()
        except OSError:
            pass

    def dribble(self, cfg, reply):
        """slow-body: the right head, then the body one byte a second. chunked-endless: a
        chunked head, then a chunk of the body every 0.2 s, round and round, never the last
        chunk. Both stop when the client goes, on SIGTERM, or after FAULT_HOLD seconds."""
        chunked = cfg.fault == "chunked-endless"
        head, body = wire_bytes(cfg.gen, reply, framing="chunked" if chunked else "length")
        step, pause = (16, 0.2) if chunked else (1, 1.0)
        deadline = time.monotonic() + FAULT_HOLD
        try:
            self.wfile.write(head)
            self.wfile.flush()
            body = body or b" "
            pos = 0
            while time.monotonic() < deadline and (chunked or pos < len(body)):
                piece = body[pos:pos + step]
                pos += step
                if chunked:
                    pos %= len(body)
                    piece = b"%x\r\n%s\r\n" % (len(piece), piece)
                self.wfile.write(piece)
                self.wfile.flush()
                if cfg.stop.wait(pause):
                    break
        except OSError:
            pass


def fault_reply(cfg, reply):
    """What a web server or proxy in NSClient++'s place answers instead (redirect, unauthorized,
    html); constructed, in the usual shapes of such servers."""
    if cfg.fault == "redirect":
        status = cfg.fault_status or 302
        return Reply(status, "%d %s" % (status, REASONS.get(status, "")), "text/plain",
                     headers=[("Location", cfg.redirect_to)])
    if cfg.fault == "unauthorized":
        return Reply(401, "401 Unauthorized", "text/plain",
                     headers=[("WWW-Authenticate", 'Basic realm="proxy"')])
    status = cfg.fault_status or 200
    if status == 200:
        # a sign-in page of a web proxy, answering for every address; the '|' and the escape
        # byte in its title must not reach the plugin's output as they are
        page = ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<title>Sign in | Web Gateway \x1b[2J</title>\n</head>\n<body>\n"
                "<form method=\"post\" action=\"/login\"><input name=\"user\">"
                "<input name=\"password\" type=\"password\"></form>\n</body>\n</html>\n")
    else:
        # the error page of a reverse proxy whose upstream is down
        text = "%d %s" % (status, REASONS.get(status, ""))
        page = ("<html>\r\n<head><title>%s</title></head>\r\n<body>\r\n<center><h1>%s</h1>"
                "</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n" % (text, text))
    return Reply(status, page, "text/html; charset=utf-8")


def oversize(gen, body, size=FOUR_MIB):
    """The same JSON with its first message padded so that the body is exactly size bytes."""
    doc = json.loads(body)
    holder = doc.get("payload", [doc])[0] if isinstance(doc, dict) else None
    if not holder or "lines" not in holder:
        pad_to = size - len(body.encode("utf-8"))
        return body[:-1] + " " * max(0, pad_to) + body[-1:]
    base = re.sub(r'[^ -~]|["\\]', "", holder["lines"][0]["message"]) or "x"
    marker = "\x00PAD\x00"
    holder["lines"][0]["message"] += marker
    text = rebuild(gen, body, doc)
    need = size - (len(text.encode("utf-8")) - len(escape_string(marker, gen.json_lib)) + 2)
    filler = ((", " + base) * (need // (len(base) + 2) + 1))[:max(0, need)]
    return text.replace(escape_string(marker, gen.json_lib)[1:-1], filler)


def rebuild(gen, original, doc):
    # Re-render with the same writer so that key order and numbers stay in the era's format:
    # numbers are restored as Real when the original wrote them with a point or an exponent.
    def fix(v):
        if isinstance(v, dict):
            return {k: fix(x) for k, x in v.items()}
        if isinstance(v, list):
            return [fix(x) for x in v]
        if isinstance(v, float):
            return Real(v)
        return v
    return dump_json(fix(doc), gen.json_lib)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, addr, family, cfg, ssl_ctx):
        self.address_family = family
        self.cfg = cfg
        self.ssl_ctx = ssl_ctx
        super().__init__(addr, Handler)

    def server_bind(self):
        if self.address_family == socket.AF_INET6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()

    def finish_request(self, request, client_address):
        conn = request
        if self.cfg.fault == "tls-stall":
            # TCP accepted, then nothing: no ServerHello, no read, until SIGTERM or FAULT_HOLD
            self.cfg.log("%s tls-stall: connection accepted and held" % client_address[0])
            self.cfg.stop.wait(FAULT_HOLD)
            return
        if self.ssl_ctx is not None:
            request.settimeout(10)
            try:
                conn = self.ssl_ctx.wrap_socket(request, server_side=True)
            except (ssl.SSLError, OSError):
                return
        try:
            Handler(conn, client_address, self)
        finally:
            if conn is not request:
                try:
                    conn.close()
                except OSError:
                    pass


# --- the legacy NSClient (check_nt) server, reference 1 ---------------------------------------

NT_BUFFER = 8096  # the server's read buffer (reference 1.1)


def nt_answer(cfg, request):
    """The answer of the generation's check_nt server to one request (the bytes before any CR
    or LF), or None for the faults that answer nothing."""
    gen = cfg.gen
    tokens = request.split("&")
    password = tokens[0]
    code = tokens[1] if len(tokens) > 1 else ""
    if cfg.nt_no_password:
        if gen.nt_oracle_errors:
            return "ERROR: Bad request."  # every request refused (reference 1.3)
        ok = password in ("", "None")
    else:
        ok = password == cfg.password
    if not ok:
        return "ERROR: Bad request." if gen.nt_oracle_errors else "ERROR: Invalid password."
    if code == "":
        return "ERROR: Bad request." if gen.nt_oracle_errors else "ERROR: No command specified."
    if not code.isdigit():
        if gen.nt_names_bad_code:
            return "ERROR: Non-numeric command code: %s" % code
        return "ERROR: Failed to parse"
    if gen.nt_allow_list and int(code) == 1 and cfg.nt_deny_info:
        return "ERROR: Command not allowed."
    if int(code) == 1:
        return "NSClient++ %s" % gen.agent_version
    # codes 2-10 query counters this emulator does not have (see README)
    return "ERROR: Unknown command."


class NtHandler(socketserver.BaseRequestHandler):
    def handle(self):
        cfg = self.server.cfg
        conn = self.request
        client = self.client_address[0]
        if cfg.nt_fault == "close":
            cfg.log("%s check_nt: closed without reading (nt-fault close)" % client)
            return
        conn.settimeout(0.2)
        data = b""
        held = time.monotonic() + FAULT_HOLD
        while not cfg.stop.is_set() and time.monotonic() < held:
            try:
                chunk = conn.recv(NT_BUFFER)
            except socket.timeout:
                continue
            except OSError:
                return
            if not chunk:
                cfg.log("%s check_nt: client closed, %s" % (
                    client, "no newline came" if data else "nothing came"))
                return
            data += chunk
            if b"\n" in data or not cfg.gen.nt_waits_for_newline:
                break
            if len(data) >= NT_BUFFER:
                break
        line = data.split(b"\n", 1)[0].split(b"\r", 1)[0].decode("latin-1")
        shown = "***" + line[line.find("&"):] if "&" in line else "***"
        if cfg.nt_fault == "stall":
            cfg.log("%s check_nt %r: stalled (nt-fault stall)" % (client, shown))
            cfg.stop.wait(max(0.0, held - time.monotonic()))
            return
        answer = nt_answer(cfg, line)
        if cfg.nt_fault == "oversized" and answer.startswith("NSClient++ "):
            # constructed: a version answer run on for 64 KiB, with a '|' and ESC in every block
            answer += (" pad|\x1b[2J" + "x" * 1013) * 64
        cfg.log("%s check_nt %r%s -> %r" % (client, shown,
                                            " newline" if b"\n" in data else "", answer[:80]))
        try:
            conn.sendall(answer.encode("latin-1"))
        except OSError:
            pass


class NtServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, addr, family, cfg):
        self.address_family = family
        self.cfg = cfg
        super().__init__(addr, NtHandler)

    def server_bind(self):
        if self.address_family == socket.AF_INET6:
            self.socket.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
        super().server_bind()


def bind_nt_servers(cfg, port, ipv6):
    for _ in range(50):
        servers = []
        try:
            s4 = NtServer(("127.0.0.1", port), socket.AF_INET, cfg)
            servers.append(s4)
            chosen = s4.server_address[1]
            if ipv6:
                servers.append(NtServer(("::1", chosen, 0, 0), socket.AF_INET6, cfg))
            return servers, chosen
        except OSError as e:
            for s in servers:
                s.server_close()
            if port != 0:
                raise SystemExit("nscp_emulator: cannot listen on check_nt port %d: %s" % (port, e))
    raise SystemExit("nscp_emulator: no check_nt port free on both 127.0.0.1 and ::1")


def bind_servers(cfg, port, ipv6, ssl_ctx):
    for _ in range(50):
        servers = []
        try:
            s4 = Server(("127.0.0.1", port), socket.AF_INET, cfg, ssl_ctx)
            servers.append(s4)
            chosen = s4.server_address[1]
            if ipv6:
                servers.append(Server(("::1", chosen, 0, 0), socket.AF_INET6, cfg, ssl_ctx))
            return servers, chosen
        except OSError as e:
            for s in servers:
                s.server_close()
            if port != 0:
                raise SystemExit("nscp_emulator: cannot listen on port %d: %s" % (port, e))
    raise SystemExit("nscp_emulator: no port free on both 127.0.0.1 and ::1")


def main(argv=None):
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description="NSClient++ REST emulator (see README.md).")
    p.add_argument("--generation", choices=list(GENERATIONS), default="0.16.4")
    p.add_argument("--host", default=os.path.join(here, "hosts", "win2008sp2.json"),
                   help="JSON file of host facts")
    p.add_argument("--password", required=True)
    p.add_argument("--user", help="an extra user for Basic auth (admin always works)")
    p.add_argument("--port", type=int, default=0, help="0: pick a free port and print it")
    p.add_argument("--ipv6", action="store_true", help="also listen on ::1")
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--plain", action="store_true", help="plain HTTP instead of HTTPS")
    p.add_argument("--ready-file", help="written with the port once listening")
    p.add_argument("--disable-module", action="append", default=[],
                   choices=["CheckWMI", "CheckSystem", "CheckDisk"])
    p.add_argument("--no-info-version", action="store_true",
                   help="/api/v1/info/version answers 404, /api/v1/info as usual (constructed)")
    p.add_argument("--fault", choices=FAULTS)
    p.add_argument("--fault-route", help="only requests whose target contains this text")
    p.add_argument("--fault-status", type=int, choices=[200, 301, 302, 303, 307, 308, 500, 502,
                                                        503],
                   help="the status of a redirect (default 302) or html (default 200) fault")
    p.add_argument("--fault-bytes", type=int, default=FOUR_MIB,
                   help="the body size of the oversized fault (default 4 MiB)")
    p.add_argument("--redirect-to", help="the Location of the redirect fault")
    p.add_argument("--log", help="append one line per request (never a password)")
    p.add_argument("--nt-port", type=int,
                   help="also serve the check_nt protocol on this port (0: a free one)")
    p.add_argument("--nt-no-password", action="store_true",
                   help="the check_nt server has no password set")
    p.add_argument("--nt-deny-info", action="store_true",
                   help="0.13+: CLIENTVERSION (group info) is not in the check_nt allow list")
    p.add_argument("--nt-fault", choices=["stall", "close", "oversized"],
                   help="check_nt: read the request and never answer, close at once, or answer "
                        "CLIENTVERSION with 64 KiB more")
    a = p.parse_args(argv)
    if not a.plain and not (a.cert and a.key):
        p.error("HTTPS needs --cert and --key (or use --plain)")
    if (a.fault == "redirect") != (a.redirect_to is not None):
        p.error("--fault redirect and --redirect-to go together")
    if a.nt_deny_info and Gen(a.generation).v < (0, 13):
        p.error("--nt-deny-info: the allow list came with 0.13.0")
    if a.fault_bytes < 1024 or a.fault_bytes > 64 * 1024 * 1024:
        p.error("--fault-bytes: from 1024 to 64 MiB")
    try:
        cfg = Config(a)
    except HostError as e:
        print("nscp_emulator: %s" % e, file=sys.stderr)
        return 2
    ssl_ctx = None
    if not a.plain:
        ssl_ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        try:
            ssl_ctx.load_cert_chain(a.cert, a.key)
        except (OSError, ssl.SSLError) as e:
            print("nscp_emulator: cannot load certificate: %s" % e, file=sys.stderr)
            return 2
    servers, port = bind_servers(cfg, a.port, a.ipv6, ssl_ctx)
    threads = [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.1}, daemon=True)
               for s in servers]
    nt_port = None
    if a.nt_port is not None:
        nt_servers, nt_port = bind_nt_servers(cfg, a.nt_port, a.ipv6)
        servers += nt_servers
        threads += [threading.Thread(target=s.serve_forever, kwargs={"poll_interval": 0.1},
                                     daemon=True) for s in nt_servers]
    for t in threads:
        t.start()

    def on_signal(signum, frame):
        cfg.stop.set()
    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)

    if a.ready_file:
        tmp = a.ready_file + ".tmp"
        with open(tmp, "w") as f:
            f.write("%d\n" % port)
            if nt_port is not None:
                f.write("nt %d\n" % nt_port)
        os.replace(tmp, a.ready_file)
    print(port, flush=True)
    if nt_port is not None:
        print("nt %d" % nt_port, flush=True)
    while not cfg.stop.wait(1.0):
        pass
    for s in servers:
        s.shutdown()
        s.server_close()
    if a.ready_file:
        try:
            os.unlink(a.ready_file)
        except OSError:
            pass
    return 0


if __name__ == "__main__":
    sys.exit(main())
