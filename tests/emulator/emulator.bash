# SPDX-License-Identifier: GPL-3.0-or-later
#
# Start/stop helpers for the NSClient++ REST emulator (tests/emulator/nscp_emulator.py), for .bats
# files that `load helpers` first (this file uses WB_TOP, WB_PYTHON, now_ms, _wb_alive, _wb_stop_named, _wb_teardown_named).
#
#   emu_setup                  once per file (setup_file): a temp dir with fresh certificates
#   start_emulator NAME ARGS   an emulator on a free port, HTTPS with the test certificate,
#                              password $EMU_PASSWORD; ARGS go to nscp_emulator.py as they are
#   emu_port NAME              its port;   emu_log NAME: its request log
#   emu_nt_port NAME           its check_nt port (started with --nt-port 0)
#   start_nrpe_emulator NAME ARGS  the NRPE emulator (nrpe_emulator.py), ARGS as they are;
#                              emu_port and emu_log work for it too
#   stop_emulator NAME         SIGTERM (KILL after 5 s), reaped
#   emu_teardown               once per file (teardown_file): stops every emulator, removes the
#                              temp dir, and fails if any emulator process of this run is left
#
# Every emulator's command line contains $EMU_DIR, so `pgrep -f "$EMU_DIR"` finds exactly the
# processes of this run. State lives in files under $EMU_DIR/<name>/ (pid, port, log), so the
# tests, which bats runs in subshells, see what setup_file started.

EMU_TOP="$WB_TOP/tests/emulator"
EMU_PY="$EMU_TOP/nscp_emulator.py"
EMU_HOSTS="$EMU_TOP/hosts"
: "${EMU_PASSWORD:=wbNscp-Pw7x2q}"
export EMU_TOP EMU_PY EMU_HOSTS EMU_PASSWORD

# emu_setup: make $EMU_DIR and the certificates (make-certs.sh) in $EMU_DIR/certs.
# Exports EMU_DIR EMU_CERTS EMU_PIN (the server key's pin, curl's sha256//... form).
emu_setup() {
	EMU_DIR=$(mktemp -d "${WB_AGENT_TMP:-/tmp}/wb-nscp-emu.XXXXXX") || return 1
	EMU_CERTS=$EMU_DIR/certs
	if ! EMU_PIN=$(sh "$EMU_TOP/make-certs.sh" "$EMU_CERTS"); then
		echo "emu_setup: make-certs.sh failed" >&2
		rm -rf -- "$EMU_DIR"
		return 1
	fi
	export EMU_DIR EMU_CERTS EMU_PIN
}

# start_emulator NAME ARGS...: start an emulator and wait (10 s at most) until it has written its
# --ready-file; fails at once if it exits first. Leaves a ready emulator or nothing.
start_emulator() {
	local name=$1
	shift
	_emu_start "$name" "$EMU_PY" --cert "$EMU_CERTS/server.pem" --key "$EMU_CERTS/server.key" \
		--password "$EMU_PASSWORD" "$@" || return 1
	# with --nt-port, a second line "nt PORT"
	sed -n 's/^nt //p' "$EMU_DIR/$name/ready" >"$EMU_DIR/$name/nt_port"
}

# start_nrpe_emulator NAME ARGS...: the same for the NRPE emulator (nrpe_emulator.py; plain TCP
# unless ARGS say --tls); emu_port NAME is its NRPE port.
start_nrpe_emulator() {
	local name=$1
	shift
	_emu_start "$name" "$EMU_TOP/nrpe_emulator.py" "$@"
}

# _emu_start NAME SCRIPT ARGS...: SCRIPT --port 0 --ready-file --log ARGS, waited for.
_emu_start() {
	local name=$1 script=$2 d pid deadline
	shift 2
	d=$EMU_DIR/$name
	mkdir "$d" || return 1
	# fd 3 is bats' output channel: a background child holding it would make bats hang.
	"$WB_PYTHON" "$script" --port 0 --ready-file "$d/ready" --log "$d/requests.log" "$@" \
		</dev/null >"$d/stdout" 2>"$d/stderr" 3>&- &
	pid=$!
	echo "$pid" >"$d/pid"
	deadline=$(($(now_ms) + 10000))
	while [ ! -s "$d/ready" ]; do
		if ! _wb_alive "$pid" _emulator.py || [ "$(now_ms)" -gt "$deadline" ]; then
			echo "start of emulator $name: not ready (args: $*)" >&2
			cat "$d/stderr" >&2
			stop_emulator "$name"
			return 1
		fi
		sleep 0.02
	done
	head -n 1 "$d/ready" >"$d/port"
}

emu_port() { cat "$EMU_DIR/$1/port"; }
emu_nt_port() { cat "$EMU_DIR/$1/nt_port"; }
emu_log() { echo "$EMU_DIR/$1/requests.log"; }

# stop_emulator NAME: stop it; safe to call twice.
stop_emulator() { _wb_stop_named "$EMU_DIR" "$1" _emulator.py; }

# emu_teardown: stop all emulators, remove $EMU_DIR; fail if a process of this run survived.
emu_teardown() { _wb_teardown_named "${EMU_DIR:-}" _emulator.py wb-nscp-emu; }

# emu_curl NAME PATH [CURL ARGS...]: curl -sk -D- with the right password against NAME.
emu_curl() {
	local name=$1 path=$2
	shift 2
	curl -sk -D- --max-time 10 -H "password: $EMU_PASSWORD" "$@" \
		"https://127.0.0.1:$(emu_port "$name")$path"
}

# same_shape CAPTURE ACTUAL [FROM TO]...: ACTUAL (curl -sk -D- output) has the shape of the
# capture file: the same status line, the same header names in the same order with the same
# values (Set-Cookie tokens aside), a Content-Length that matches its own body, and the same body
# once each FROM in the capture is replaced by TO (for facts that differ, such as a port).
same_shape() {
	"$WB_PYTHON" - "$@" <<'PY'
import re, sys
cap_path, act_path, subs = sys.argv[1], sys.argv[2], sys.argv[3:]

def parse(data, name):
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        sys.exit("%s: no end of headers" % name)
    lines = head.split(b"\r\n")
    headers = [tuple(l.split(b": ", 1)) for l in lines[1:]]
    return lines[0], headers, body

def norm(v):
    return re.sub(rb"token=[A-Za-z0-9]{32};", b"token=<token>;", v)

cap = parse(open(cap_path, "rb").read(), cap_path)
act = parse(open(act_path, "rb").read(), act_path)
body = cap[2]
for i in range(0, len(subs) - 1, 2):
    body = body.replace(subs[i].encode(), subs[i + 1].encode())
errors = []
if cap[0] != act[0]:
    errors.append("status line %r, capture %r" % (act[0], cap[0]))
if [h[0] for h in cap[1]] != [h[0] for h in act[1]]:
    errors.append("header names %r, capture %r" % ([h[0] for h in act[1]], [h[0] for h in cap[1]]))
for (cn, cv), (an, av) in zip(cap[1], act[1]):
    if cn == an and cn != b"Content-Length" and norm(cv) != norm(av):
        errors.append("%s: %r, capture %r" % (an.decode(), av, cv))
length = [v for n, v in act[1] if n == b"Content-Length"]
if length and int(length[0]) != len(act[2]):
    errors.append("Content-Length %s but the body has %d bytes" % (length[0].decode(), len(act[2])))
if body != act[2]:
    errors.append("body:\n  got      %r\n  expected %r" % (act[2], body))
if errors:
    sys.exit("not the shape of %s:\n%s" % (cap_path, "\n".join(errors)))
PY
}
