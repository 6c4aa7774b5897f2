# SPDX-License-Identifier: GPL-3.0-or-later
#
# Shared helpers for the black-box tests: the `wb` wrapper around the binary under test, free
# loopback ports, and the two SNMP agents the tests talk to:
#   - snmpsim (snmpsimd 0.4.5) serving tests/fixtures/snmprec/*.snmprec, one community per file;
#   - net-snmp's snmpd, answering sysDescr/sysObjectID/sysName from one fixture host.
# Both are started once per .bats file (setup_file) and stopped in teardown_file. Every start
# function either leaves a ready agent behind or nothing at all (no process, no temp dir).
#
# Variables the tests may set before loading this file:
#   WB_BIN        binary under test (default: the build tree's check_winbuild)
#   WB_CATALOG    catalogue passed with --catalog (default: the source tree's data file)
#   WB_UPDATES    update history passed with --updates (default: the source tree's data file)
#   WB_INSTALLED  1 = test an installed binary: WB_CATALOG and WB_UPDATES stay empty, it finds
#                 its own
#   WB_AGENT_TMP  where agent temp dirs go (default /tmp; must be searchable by user nobody)

WB_TOP=$(cd "$BATS_TEST_DIRNAME/../.." && pwd)
WB_FIXTURES="$WB_TOP/tests/fixtures"
: "${WB_BIN:=$WB_TOP/check_winbuild}"
if [ "${WB_INSTALLED:-0}" = 1 ]; then
	WB_CATALOG= WB_UPDATES=
else
	: "${WB_CATALOG=$WB_TOP/data/windows-lifecycle.catalog}"
	: "${WB_UPDATES=$WB_TOP/data/windows-updates.data}"
fi
export WB_TOP WB_FIXTURES WB_BIN WB_CATALOG WB_UPDATES

# Plain python3 from the system: the tests need only its socket module.
if [ -x /usr/bin/python3 ]; then WB_PYTHON=/usr/bin/python3; else WB_PYTHON=python3; fi

# The v3 credentials the agents are configured with. Distinctive strings, so that a test can
# grep the plugin's output and traces for them.
: "${WB_V3_USER:=wbuser}"
: "${WB_V3_AUTH_PASS:=wbAuth-Kq7p2Lx9}"
: "${WB_V3_PRIV_PASS:=wbPriv-Rt4m8Nz3}"
export WB_V3_USER WB_V3_AUTH_PASS WB_V3_PRIV_PASS

# The binary under test, with the source-tree data unless testing an installed binary.
wb() { "$WB_BIN" ${WB_CATALOG:+--catalog "$WB_CATALOG"} ${WB_UPDATES:+--updates "$WB_UPDATES"} "$@"; }

# The update history the binary under test reads: WB_UPDATES, or the installed one its --help
# names.
wb_updates_path() {
	if [ -n "${WB_UPDATES:-}" ]; then
		echo "$WB_UPDATES"
	else
		"$WB_BIN" --help | sed -n 's/^ *--updates=FILE *update history (default \(.*\))$/\1/p'
	fi
}

# For setup(): fail the test with a clear reason when the binary has not been built.
require_wb() {
	if [ ! -x "$WB_BIN" ]; then
		echo "check_winbuild is not built: $WB_BIN does not exist or is not executable" >&2
		return 1
	fi
}

# free_port [--ipv6]: print a UDP port that is free on 127.0.0.1 (and on ::1 with --ipv6).
# The kernel picks it (bind to port 0); nothing holds it afterwards, so use it at once.
free_port() {
	"$WB_PYTHON" - "${1:-}" <<'EOF'
import socket, sys
want6 = sys.argv[1] == "--ipv6"
for _ in range(100):
    s4 = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s4.bind(("127.0.0.1", 0))
    port = s4.getsockname()[1]
    ok = True
    if want6:
        s6 = socket.socket(socket.AF_INET6, socket.SOCK_DGRAM)
        try:
            s6.bind(("::1", port))
        except OSError:
            ok = False
        s6.close()
    s4.close()
    if ok:
        print(port)
        sys.exit(0)
sys.exit("free_port: no free port found")
EOF
}

# nrpe_config PORT SCRIPT: a configuration of Debian's nrpe on 127.0.0.1:PORT for the tests and
# bench/nrpe.sh: only 127.0.0.1 allowed, no arguments (dont_blame_nrpe=0), the nagios user when
# run as root, no syslog, and check_os_version running SCRIPT.
nrpe_config() {
	echo "server_port=$1"
	echo "server_address=127.0.0.1"
	echo "allowed_hosts=127.0.0.1"
	if [ "$(id -u)" = 0 ]; then
		echo "nrpe_user=nagios"
		echo "nrpe_group=nagios"
	fi
	echo "dont_blame_nrpe=0"
	echo "command_timeout=10"
	echo "connection_timeout=10"
	echo "disable_syslog=1"
	echo "command[check_os_version]=$2"
}

# True when this machine can bind UDP sockets on ::1.
have_ipv6_loopback() {
	"$WB_PYTHON" -c 'import socket
socket.socket(socket.AF_INET6, socket.SOCK_DGRAM).bind(("::1", 0))' 2>/dev/null
}

# Milliseconds since the epoch, for timing assertions.
now_ms() { date +%s%3N; }

# _wb_alive PID NAME: PID runs (is not a zombie) and its command line contains NAME.
# The name check keeps a recycled PID from being mistaken for our agent.
_wb_alive() {
	local stat state
	stat=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	state=${stat##*) }
	state=${state%% *}
	[ "$state" != Z ] || return 1
	{ tr '\0' ' ' <"/proc/$1/cmdline"; } 2>/dev/null | grep -q -- "$2"
}

# _wb_kill PID NAME: stop our agent PID (TERM, then KILL after 5 s) and reap it if it is our child.
_wb_kill() {
	local pid=$1 name=$2 i
	if _wb_alive "$pid" "$name"; then
		kill -TERM "$pid" 2>/dev/null
		for i in $(seq 50); do
			_wb_alive "$pid" "$name" || break
			sleep 0.1
		done
		if _wb_alive "$pid" "$name"; then
			kill -KILL "$pid" 2>/dev/null
			for i in $(seq 20); do
				_wb_alive "$pid" "$name" || break
				sleep 0.1
			done
		fi
	fi
	wait "$pid" 2>/dev/null || true
	! _wb_alive "$pid" "$name"
}

# _wb_rm_tmp DIR: remove an agent temp dir, only if it is one of ours.
_wb_rm_tmp() {
	case "$1" in
	*/wb-snmpsim.* | */wb-snmpd.*) rm -rf -- "$1" ;;
	esac
}

# _wb_stop_named DIR NAME PROC: stop the PROC process whose pid is in DIR/NAME/pid (emulators,
# DNS stubs: one directory a process); safe to call twice.
_wb_stop_named() {
	local f=$1/$2/pid rc=0
	[ -s "$f" ] || return 0
	_wb_kill "$(cat "$f")" "$3" || rc=1
	rm -f "$f"
	return $rc
}

# _wb_teardown_named DIR PROC PREFIX: stop every PROC process of DIR/*/pid, remove DIR if its name
# has PREFIX, and fail if a process whose command line names DIR survived.
_wb_teardown_named() {
	local dir=$1 d rc=0
	[ -n "$dir" ] && [ -d "$dir" ] || return 0
	for d in "$dir"/*/; do
		[ -f "$d/pid" ] || continue
		_wb_stop_named "$dir" "$(basename "$d")" "$2" || rc=1
	done
	if pgrep -f -- "$dir" >/dev/null; then
		echo "$2 processes left behind:" >&2
		pgrep -af -- "$dir" >&2
		rc=1
	fi
	case "$dir" in
	*/"$3".*) rm -rf -- "$dir" ;;
	esac
	return $rc
}

# _wb_owns_udp_port PID PORT: PID holds a UDP socket bound to PORT (IPv4 or IPv6). Agents bind
# with SO_REUSEADDR, so a second agent on a taken port can start, and another agent may answer
# our readiness probe: only the socket table says which process listens.
_wb_owns_udp_port() {
	local hex inodes inode fd link
	[ -r /proc/net/udp ] || return 0 # not Linux: cannot tell, trust the answer
	hex=$(printf '%04X' "$2")
	inodes=$(awk -v p=":$hex" '$2 ~ p "$" { print $10 }' /proc/net/udp /proc/net/udp6 2>/dev/null)
	for fd in /proc/"$1"/fd/*; do
		link=$(readlink "$fd" 2>/dev/null) || continue
		for inode in $inodes; do
			[ "$link" != "socket:[$inode]" ] || return 0
		done
	done
	return 1
}

# _wb_wait_snmp PID NAME PORT SECONDS SNMPGET-ARGS...: poll with snmpget until the agent answers
# and PID is the process that holds PORT. Fails at once if the process died, or after SECONDS.
_wb_wait_snmp() {
	local pid=$1 name=$2 port=$3 cap=$4 deadline
	shift 4
	deadline=$(($(now_ms) + cap * 1000))
	while [ "$(now_ms)" -lt "$deadline" ]; do
		_wb_alive "$pid" "$name" || return 1
		if MIBS= snmpget -r 0 -t 0.3 -On -Oqv "$@" >/dev/null 2>&1 &&
			_wb_owns_udp_port "$pid" "$port"; then
			return 0
		fi
		sleep 0.1
	done
	return 1
}

# start_snmpsim: start snmpsimd on 127.0.0.1 (and [::1] when available) on a free port, serving a
# copy of tests/fixtures/snmprec, and wait until it answers (20 s at most).
#
# Communities: the file name without .snmprec. Extra names for a fixture, for tests that need a
# community of their own: SNMPSIM_ALIASES="newname=fixture ..." (e.g. a secret community).
#
# SNMPv3: user $WB_V3_USER, SHA-256 (snmpsim: SHA256 = usmHMAC192SHA256AuthProtocol) with
# $WB_V3_AUTH_PASS, AES-128 (AES) with $WB_V3_PRIV_PASS; more users with
# SNMPSIM_V3_EXTRA_USERS="name:AUTHPROTO:authpass:PRIVPROTO:privpass ..." (snmpsim spellings,
# NONE for none). How snmpsim picks the data for a v3 request (snmpsimd, probeContext): it tries
#   "<context>/<transport domain>/<source address>", "<context>/<transport domain>", "<context>"
# in that order (a candidate longer than 32 characters is looked up by its MD5 hex digest), so
# the context name "win2019dc" selects win2019dc.snmprec. With an EMPTY context the candidates are
# "1.3.6.1.6.1.1.0/127.0.0.1" and "1.3.6.1.6.1.1.0" (UDP/IPv4 transport domain + index 0,
# source address; for UDP/IPv6 the domain is 1.3.6.1.2.1.100.1.2.0 and the address "__1"); when
# no file matches, snmpsim drops the request and the manager sees a timeout. SNMPSIM_V3_DEFAULT
# names the fixture served to empty-context v3 requests from 127.0.0.1 and ::1 (default win2022).
#
# SNMPSIM_DATA_DIRS: more directories whose .snmprec files are served too (copied, like the
# fixtures, so that user nobody can read them wherever the checkout is).
# Exports: SNMPSIM_PORT SNMPSIM_PID SNMPSIM_DIR SNMPSIM_LOG SNMPSIM_IPV6 (1 or 0)
# SNMPSIM_START_MS (how long the start took).
start_snmpsim() {
	local t0 dir port alias name src spec u ap ak pp pk extra v6=0 probe=win2019dc
	local -a args
	t0=$(now_ms)
	SNMPSIM_PID= SNMPSIM_DIR=
	dir=$(mktemp -d "${WB_AGENT_TMP:-/tmp}/wb-snmpsim.XXXXXX") || return 1
	chmod 755 "$dir"
	mkdir -p "$dir/data" "$dir/cache"
	cp "$WB_FIXTURES"/snmprec/*.snmprec "$dir/data/" || { _wb_rm_tmp "$dir"; return 1; }
	for extra in ${SNMPSIM_DATA_DIRS:-}; do
		cp "$extra"/*.snmprec "$dir/data/" || { _wb_rm_tmp "$dir"; return 1; }
	done
	for alias in ${SNMPSIM_ALIASES:-}; do
		name=${alias%%=*} src=${alias#*=}
		cp "$WB_FIXTURES/snmprec/$src.snmprec" "$dir/data/$name.snmprec" ||
			{ _wb_rm_tmp "$dir"; return 1; }
	done
	src=${SNMPSIM_V3_DEFAULT-win2022}
	if [ -n "$src" ]; then
		mkdir -p "$dir/data/1.3.6.1.6.1.1.0" "$dir/data/1.3.6.1.2.1.100.1.2.0"
		cp "$WB_FIXTURES/snmprec/$src.snmprec" "$dir/data/1.3.6.1.6.1.1.0/127.0.0.1.snmprec" &&
			cp "$WB_FIXTURES/snmprec/$src.snmprec" "$dir/data/1.3.6.1.2.1.100.1.2.0/__1.snmprec" ||
			{ _wb_rm_tmp "$dir"; return 1; }
	fi
	chmod -R a+rX "$dir/data"
	: >"$dir/snmpsim.log"
	if [ "$(id -u)" = 0 ]; then
		# snmpsimd refuses to run as root; it drops to nobody after opening its log file.
		chown nobody:nogroup "$dir/cache" "$dir/snmpsim.log"
		args+=(--process-user=nobody --process-group=nogroup)
	fi
	if have_ipv6_loopback; then
		v6=1
		port=$(free_port --ipv6) || { _wb_rm_tmp "$dir"; return 1; }
	else
		port=$(free_port) || { _wb_rm_tmp "$dir"; return 1; }
	fi
	args+=(--data-dir="$dir/data" --cache-dir="$dir/cache" --logging-method="file:$dir/snmpsim.log")

	args+=(--v3-user="$WB_V3_USER" --v3-auth-proto=SHA256 --v3-auth-key="$WB_V3_AUTH_PASS"
		--v3-priv-proto=AES --v3-priv-key="$WB_V3_PRIV_PASS")
	for spec in ${SNMPSIM_V3_EXTRA_USERS:-}; do
		IFS=: read -r u ap ak pp pk <<<"$spec"
		args+=(--v3-user="$u")
		[ "$ap" = NONE ] || args+=(--v3-auth-proto="$ap" --v3-auth-key="$ak")
		[ "$pp" = NONE ] || args+=(--v3-priv-proto="$pp" --v3-priv-key="$pk")
	done
	args+=(--agent-udpv4-endpoint="127.0.0.1:$port")
	[ "$v6" = 0 ] || args+=(--agent-udpv6-endpoint="[::1]:$port")

	# fd 3 is bats' output channel: a background child holding it would make bats hang.
	snmpsimd "${args[@]}" </dev/null >"$dir/stdout.log" 2>&1 3>&- &
	SNMPSIM_PID=$!
	SNMPSIM_DIR=$dir SNMPSIM_PORT=$port SNMPSIM_LOG=$dir/snmpsim.log SNMPSIM_IPV6=$v6
	export SNMPSIM_PID SNMPSIM_DIR SNMPSIM_PORT SNMPSIM_LOG SNMPSIM_IPV6

	if ! _wb_wait_snmp "$SNMPSIM_PID" snmpsimd "$port" 20 -v2c -c "$probe" "127.0.0.1:$port" \
		.1.3.6.1.2.1.1.5.0 ||
		{ [ "$v6" = 1 ] && ! _wb_wait_snmp "$SNMPSIM_PID" snmpsimd "$port" 5 -v2c -c "$probe" \
			"udp6:[::1]:$port" .1.3.6.1.2.1.1.5.0; }; then
		if _wb_alive "$SNMPSIM_PID" snmpsimd; then
			echo "start_snmpsim: snmpsimd did not answer on port $port within 20 s" >&2
		else
			echo "start_snmpsim: snmpsimd exited during start-up" >&2
		fi
		tail -n 30 "$dir/stdout.log" "$dir/snmpsim.log" >&2 2>/dev/null
		stop_snmpsim
		return 1
	fi
	SNMPSIM_START_MS=$(($(now_ms) - t0))
	export SNMPSIM_START_MS
}

# stop_snmpsim: stop snmpsimd and remove its temp dir. Safe to call twice or after a failed start.
stop_snmpsim() {
	local rc=0
	if [ -n "${SNMPSIM_PID:-}" ]; then
		_wb_kill "$SNMPSIM_PID" snmpsimd || rc=1
	fi
	[ -z "${SNMPSIM_DIR:-}" ] || _wb_rm_tmp "$SNMPSIM_DIR"
	unset SNMPSIM_PID SNMPSIM_DIR SNMPSIM_PORT SNMPSIM_LOG SNMPSIM_IPV6 SNMPSIM_START_MS
	return $rc
}

# start_snmpd: start net-snmp's snmpd on 127.0.0.1 (and [::1] when available) on a free port, with
#   - community $SNMPD_COMMUNITY (default "wbpublic"), read-only, from loopback only;
#   - v3 user $WB_V3_USER: SHA-256 / $WB_V3_AUTH_PASS, AES / $WB_V3_PRIV_PASS, authPriv required;
#   - sysDescr, sysObjectID and sysName copied from the fixture $SNMPD_FIXTURE (default win2022,
#     a real capture, see tests/fixtures/README.md).
# Its persistent state (engine ID, users) lives in the temp dir, never in /var/lib/snmp.
# Exports: SNMPD_PORT SNMPD_PID SNMPD_DIR SNMPD_LOG SNMPD_COMMUNITY SNMPD_IPV6 SNMPD_START_MS.
start_snmpd() {
	local t0 dir port fixture descr oid name v6=0 addr
	t0=$(now_ms)
	SNMPD_PID= SNMPD_DIR=
	: "${SNMPD_COMMUNITY:=wbpublic}"
	fixture="$WB_FIXTURES/snmprec/${SNMPD_FIXTURE:-win2022}.snmprec"
	descr=$(sed -n 's/^1\.3\.6\.1\.2\.1\.1\.1\.0|4|//p' "$fixture")
	oid=$(sed -n 's/^1\.3\.6\.1\.2\.1\.1\.2\.0|6|//p' "$fixture")
	name=$(sed -n 's/^1\.3\.6\.1\.2\.1\.1\.5\.0|4|//p' "$fixture")
	if [ -z "$descr" ] || [ -z "$oid" ]; then
		echo "start_snmpd: no sysDescr/sysObjectID in $fixture" >&2
		return 1
	fi
	dir=$(mktemp -d "${WB_AGENT_TMP:-/tmp}/wb-snmpd.XXXXXX") || return 1
	mkdir -p "$dir/persist"
	if have_ipv6_loopback; then
		v6=1
		port=$(free_port --ipv6) || { _wb_rm_tmp "$dir"; return 1; }
		addr="udp:127.0.0.1:$port,udp6:[::1]:$port"
	else
		port=$(free_port) || { _wb_rm_tmp "$dir"; return 1; }
		addr="udp:127.0.0.1:$port"
	fi
	cat >"$dir/snmpd.conf" <<EOF
agentaddress $addr
rocommunity $SNMPD_COMMUNITY 127.0.0.1
rocommunity6 $SNMPD_COMMUNITY ::1
sysdescr $descr
sysobjectid .$oid
sysname $name
createUser $WB_V3_USER SHA-256 "$WB_V3_AUTH_PASS" AES "$WB_V3_PRIV_PASS"
rouser $WB_V3_USER priv
EOF
	chmod 600 "$dir/snmpd.conf"
	# -C: no default config files; -I -smux: no SMUX (port 199); -f -Lo: foreground, log to stdout.
	MIBS= SNMP_PERSISTENT_DIR="$dir/persist" SNMPCONFPATH="$dir" \
		snmpd -f -Lo -C -c "$dir/snmpd.conf" -I -smux -p "$dir/snmpd.pid" \
		</dev/null >"$dir/snmpd.log" 2>&1 3>&- &
	SNMPD_PID=$!
	SNMPD_DIR=$dir SNMPD_PORT=$port SNMPD_LOG=$dir/snmpd.log SNMPD_IPV6=$v6
	export SNMPD_PID SNMPD_DIR SNMPD_PORT SNMPD_LOG SNMPD_COMMUNITY SNMPD_IPV6

	if ! _wb_wait_snmp "$SNMPD_PID" snmpd "$port" 20 -v2c -c "$SNMPD_COMMUNITY" \
		"127.0.0.1:$port" .1.3.6.1.2.1.1.1.0; then
		if _wb_alive "$SNMPD_PID" snmpd; then
			echo "start_snmpd: snmpd did not answer on port $port within 20 s" >&2
		else
			echo "start_snmpd: snmpd exited during start-up" >&2
		fi
		tail -n 30 "$dir/snmpd.log" >&2 2>/dev/null
		stop_snmpd
		return 1
	fi
	SNMPD_START_MS=$(($(now_ms) - t0))
	export SNMPD_START_MS
}

# stop_snmpd: stop snmpd and remove its temp dir. Safe to call twice or after a failed start.
stop_snmpd() {
	local rc=0
	if [ -n "${SNMPD_PID:-}" ]; then
		_wb_kill "$SNMPD_PID" snmpd || rc=1
	fi
	[ -z "${SNMPD_DIR:-}" ] || _wb_rm_tmp "$SNMPD_DIR"
	unset SNMPD_PID SNMPD_DIR SNMPD_PORT SNMPD_LOG SNMPD_IPV6 SNMPD_START_MS
	return $rc
}

# --- assertions on the plugin's answer (after `run`) ---------------------------------------------

# json_is FILTER EXPECTED: jq -c FILTER applied to $output equals EXPECTED (JSON text, so strings
# are written with their quotes: json_is .host.product '"server-2019"').
json_is() {
	local got
	if ! got=$(printf '%s' "$output" | jq -c "$1" 2>&1); then
		printf 'output is not JSON (%s):\n%s\n' "$got" "$output" >&2
		return 1
	fi
	if [ "$got" != "$2" ]; then
		printf '%s is %s, expected %s; output:\n%s\n' "$1" "$got" "$2" "$output" >&2
		return 1
	fi
}

# status_is N: the exit code is N.
status_is() {
	if [ "$status" -ne "$1" ]; then
		printf 'exit code %s, expected %s; stdout:\n%s\nstderr:\n%s\n' \
			"$status" "$1" "$output" "${stderr:-}" >&2
		return 1
	fi
}

# output_matches ERE [LABEL]: stdout matches the extended regex (case-insensitive).
output_matches() {
	if ! printf '%s\n' "$output" | grep -Eqi -- "$1"; then
		printf 'output does not match /%s/%s:\n%s\n' "$1" "${2:+ ($2)}" "$output" >&2
		return 1
	fi
}

# not_in_output TEXT: TEXT appears neither in stdout nor in stderr.
not_in_output() {
	if [[ "$output" == *"$1"* || "${stderr:-}" == *"$1"* ]]; then
		printf 'secret "%s" leaked; stdout:\n%s\nstderr:\n%s\n' "$1" "$output" "${stderr:-}" >&2
		return 1
	fi
}

# timed_run CMD...: `run --separate-stderr CMD...`, with ELAPSED_MS its time in milliseconds;
# WB_FAULT_TIMES=1 prints the time and the first line as a TAP comment.
timed_run() {
	local t0
	t0=$(now_ms)
	run --separate-stderr "$@"
	ELAPSED_MS=$(($(now_ms) - t0))
	[ -z "${WB_FAULT_TIMES:-}" ] || echo "# ${ELAPSED_MS} ms: ${lines[0]:0:110}" >&3
}

# answered_within T WANT: the last timed_run answered as the plugin does, with exit code and
# state WANT (the first line, or the JSON state), nothing on stderr, and within T + 1 s (T as
# given to -t; a :STATE suffix does not count).
answered_within() {
	local t=$1 want=$2
	status_is "$want"
	if [[ "$output" == "{"* ]]; then
		json_is .state "\"$(state_name "$want")\""
	else
		[[ "${lines[0]}" == "WINBUILD $(state_name "$want") - "* ]] ||
			{ echo "first line: ${lines[0]}" >&2; return 1; }
	fi
	[ -z "$stderr" ] || { echo "stderr: $stderr" >&2; return 1; }
	[ "$ELAPSED_MS" -le $((${t%%:*} * 1000 + 1000)) ] ||
		{ echo "took $ELAPSED_MS ms with -t $t" >&2; return 1; }
}

# state_name N: the plugin state name for exit code N.
state_name() {
	case $1 in
	0) echo OK ;; 1) echo WARNING ;; 2) echo CRITICAL ;; *) echo UNKNOWN ;;
	esac
}

# days_between FROM TO: whole days from date FROM to date TO (negative when TO is earlier).
days_between() {
	echo $((($(date -u -d "$2" +%s) - $(date -u -d "$1" +%s)) / 86400))
}

# state_for_days DAYS: the exit code for support_days_left with the defaults -w 180: -c 0:.
state_for_days() {
	if [ "$1" -lt 0 ]; then echo 2; elif [ "$1" -lt 180 ]; then echo 1; else echo 0; fi
}

# --- byte-level checks on untrusted text reaching the output -------------------------------------
# `run` keeps output in a shell variable, which silently drops NUL bytes; these helpers work on
# the raw bytes instead.

# run_raw ARGS...: run `wb ARGS...` with stdout in $RAW_OUT and stderr in $RAW_ERR (files under
# $BATS_TEST_TMPDIR); sets status, output, lines and stderr (like run) from the files.
run_raw() {
	RAW_OUT=$BATS_TEST_TMPDIR/stdout RAW_ERR=$BATS_TEST_TMPDIR/stderr
	status=0
	wb "$@" >"$RAW_OUT" 2>"$RAW_ERR" || status=$?
	output=$(tr -d '\000' <"$RAW_OUT")
	stderr=$(tr -d '\000' <"$RAW_ERR")
	lines=()
	[ -z "$output" ] || mapfile -t lines <<<"$output"
}

# no_control_bytes FILE: no C0 control byte except newline (a tab only as line indentation), no
# DEL, and no C1 control character (U+0080..U+009F, bytes C2 80..C2 9F in UTF-8).
no_control_bytes() {
	"$WB_PYTHON" - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
bad = []
for n, line in enumerate(data.split(b"\n"), 1):
    body = line.lstrip(b"\t")
    for m in re.finditer(rb"[\x00-\x1f\x7f]|\xc2[\x80-\x9f]", body):
        bad.append("line %d: byte(s) %s" % (n, m.group(0).hex()))
if bad:
    sys.stderr.write("control characters in output:\n  " + "\n  ".join(bad) + "\n")
    sys.stderr.write(repr(data) + "\n")
    sys.exit(1)
PY
}

# valid_utf8 FILE: the file decodes as UTF-8.
valid_utf8() {
	"$WB_PYTHON" - "$1" <<'PY'
import sys
data = open(sys.argv[1], "rb").read()
try:
    data.decode("utf-8")
except UnicodeDecodeError as e:
    sys.exit("output is not UTF-8: %s\n%r" % (e, data))
PY
}

# pipe_only_perfdata FILE: every `|` in the output starts performance data (a quoted label and
# `=`), so no `|` from the host leaked into the text part.
pipe_only_perfdata() {
	"$WB_PYTHON" - "$1" <<'PY'
import re, sys
data = open(sys.argv[1], "rb").read()
for m in re.finditer(rb"\|", data):
    if not re.match(rb" *'[^'=]+'=[-0-9.U]", data[m.end():]):
        sys.exit("a '|' at byte %d does not start perfdata:\n%r" % (m.start(), data))
PY
}
