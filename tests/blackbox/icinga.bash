# SPDX-License-Identifier: GPL-3.0-or-later
#
# A private Icinga 2 daemon for icinga.bats (load helpers first: this file uses WB_PYTHON, now_ms
# and _wb_alive from helpers.bash).
#
#   ic_setup               once per file: the temp tree, certificates, an API port and password
#   ic_icinga2 ARGS...     /usr/sbin/icinga2 ARGS with every path inside the temp tree
#   ic_write_config CONF OBJECTS [api]   a configuration: the ITL, the contrib file, OBJECTS
#   ic_start / ic_stop     the daemon on $IC_DIR/etc/icinga2.conf; ic_stop waits until every
#                          process of it has gone
#   ic_api METHOD PATH [CURL ARGS]   the REST API, as the test's ApiUser, with the test CA
#   ic_force_check HOST SERVICE  force one check, print its last_check_result once it changed
#   ic_teardown            once per file: stop, fail if a process is left, remove the tree
#
# Icinga 2.13 takes its paths from constants that -D overrides before the configuration is read
# (icinga-app/icinga.cpp); the ones derived from them (icinga2.state, icinga2.pid, the object
# cache) are computed after the -D. ZonesDir is computed from the default ConfigDir before the -D,
# so it needs its own. RunAsUser/RunAsGroup are the caller's, so the daemon changes no user.
# Nothing under /etc/icinga2, /var/lib/icinga2, /var/cache/icinga2, /var/log/icinga2 or
# /run/icinga2 is written: ic_system_state lists them for a before/after comparison.
#
# Name resolution: Icinga 2.13 computes a default NodeName from the machine's host name while it
# starts (IcingaApplication::StaticInitialize calls getaddrinfo(gethostname())), before -D
# NodeName can replace it. When /etc/hosts does not know the host name, the daemon runs in a UTS
# namespace whose host name is "localhost", which /etc/hosts answers, so the resolver is never
# asked. Every address in the configuration is 127.0.0.1.

IC_BIN=${WB_ICINGA2:-/usr/sbin/icinga2}
IC_NODE=wb-icinga-test
IC_API_USER=wbtest

# _ic_free_tcp_port: a TCP port free on 127.0.0.1, below the kernel's ephemeral range: a port
# the kernel hands out (bind to port 0, connect) could be taken by another socket between this
# check and the daemon's bind, which the daemon does not survive ("Cannot bind TCP socket").
_ic_free_tcp_port() {
	"$WB_PYTHON" -c 'import random, socket
with open("/proc/sys/net/ipv4/ip_local_port_range") as f:
    low = int(f.read().split()[0])
for port in random.sample(range(10000, max(low, 10100)), 200):
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", port))
    except OSError:
        continue
    finally:
        s.close()
    print(port)
    break
else:
    raise SystemExit("_ic_free_tcp_port: no free port below %d" % low)'
}

# ic_dns_guard: how to run icinga2 so that its start-up lookup of the host name stays in
# /etc/hosts. Prints "direct" or "uts"; fails (with the reason on stderr) when neither is safe.
# WB_ICINGA_UTS=1 takes the UTS namespace even when /etc/hosts knows the name.
ic_dns_guard() {
	local name
	name=$(hostname)
	if [ "${WB_ICINGA_UTS:-0}" != 1 ] && getent -s files hosts "$name" >/dev/null; then
		echo direct
	elif getent -s files hosts localhost >/dev/null &&
		unshare --uts /bin/sh -c 'hostname localhost' 2>/dev/null; then
		echo uts
	else
		echo "the host name '$name' is not in /etc/hosts and no UTS namespace can be made:" \
			"Icinga 2 would ask the DNS resolver for it" >&2
		return 1
	fi
}

# ic_setup: make the temp tree and its certificates. Exports IC_DIR IC_PORT IC_GUARD IC_API_PASS.
ic_setup() {
	local d
	IC_GUARD=$(ic_dns_guard) || return 1
	IC_DIR=$(mktemp -d "${WB_AGENT_TMP:-/tmp}/wb-icinga.XXXXXX") || return 1
	export IC_DIR IC_GUARD
	d=$IC_DIR
	mkdir -p "$d/etc/zones.d" "$d/lib/certs" "$d/log" "$d/cache" "$d/spool" "$d/run" "$d/ssl"
	chmod 700 "$d/lib/certs" "$d/ssl"
	IC_PORT=$(_ic_free_tcp_port) || return 1
	IC_API_PASS=$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
	export IC_PORT IC_API_PASS
	_ic_certs || { echo "ic_setup: could not make the certificates" >&2; return 1; }
	# curl reads the credentials and the CA from a file, not from its command line.
	cat >"$d/curl.cfg" <<EOF
user = "$IC_API_USER:$IC_API_PASS"
cacert = "$d/lib/certs/ca.crt"
silent
show-error
max-time = 10
header = "Accept: application/json"
EOF
	chmod 600 "$d/curl.cfg"
}

# _ic_certs: a throwaway CA and the node's certificate (CN = NodeName, SAN 127.0.0.1) where the
# ApiListener looks by default: DataDir/certs/<NodeName>.crt|.key and DataDir/certs/ca.crt.
_ic_certs() {
	local s=$IC_DIR/ssl c=$IC_DIR/lib/certs
	cat >"$s/openssl.cnf" <<EOF
[req]
distinguished_name = dn
prompt = no
[dn]
CN = unused
[ca_ext]
basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
[node_ext]
basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature
extendedKeyUsage = serverAuth,clientAuth
subjectAltName = DNS:$IC_NODE,IP:127.0.0.1
authorityKeyIdentifier = keyid
EOF
	local key=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
	openssl req -x509 -config "$s/openssl.cnf" -extensions ca_ext "${key[@]}" \
		-keyout "$s/ca.key" -out "$c/ca.crt" -days 2 -subj "/CN=$IC_NODE test CA" 2>"$s/err" &&
		openssl req -new -config "$s/openssl.cnf" "${key[@]}" \
			-keyout "$c/$IC_NODE.key" -out "$s/node.csr" -subj "/CN=$IC_NODE" 2>>"$s/err" &&
		openssl x509 -req -in "$s/node.csr" -CA "$c/ca.crt" -CAkey "$s/ca.key" -set_serial 2 \
			-days 2 -extfile "$s/openssl.cnf" -extensions node_ext \
			-out "$c/$IC_NODE.crt" 2>>"$s/err" ||
		{ cat "$s/err" >&2; return 1; }
	chmod 600 "$c/$IC_NODE.key"
}

# _ic_cmd ARGS...: set IC_CMD to the command that runs icinga2 ARGS in a clean environment (the
# plugin gets only what the CheckCommand gives it, plus WINBUILD_MODULE_DIR for an uninstalled
# build) with every path in the temp tree. Every program in it execs the next, so a background
# IC_CMD's $! is the daemon's own PID.
_ic_cmd() {
	IC_CMD=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 HOME="$IC_DIR")
	[ -z "${WINBUILD_MODULE_DIR:-}" ] || IC_CMD+=(WINBUILD_MODULE_DIR="$WINBUILD_MODULE_DIR")
	[ "$IC_GUARD" != uts ] ||
		IC_CMD+=(unshare --uts /bin/sh -c 'hostname localhost && exec "$@"' sh)
	IC_CMD+=("$IC_BIN" "$@"
		-D ConfigDir="$IC_DIR/etc" -D ZonesDir="$IC_DIR/etc/zones.d"
		-D DataDir="$IC_DIR/lib" -D LogDir="$IC_DIR/log" -D CacheDir="${IC_CACHE:-$IC_DIR/cache}"
		-D SpoolDir="$IC_DIR/spool" -D InitRunDir="$IC_DIR/run"
		-D RunAsUser="$(id -un)" -D RunAsGroup="$(id -gn)" -D NodeName="$IC_NODE")
}

# ic_icinga2 ARGS...: run icinga2 ARGS that way, in the foreground.
ic_icinga2() {
	_ic_cmd "$@"
	"${IC_CMD[@]}"
}

# ic_contrib_file: the CheckCommand file of the build under test. Installed: the catalogue's
# directory, which --help names, + /contrib; else the build tree's substituted copy.
ic_contrib_file() {
	local f dir
	if [ -n "${WB_CONTRIB_FILE:-}" ]; then
		f=$WB_CONTRIB_FILE
	elif [ "${WB_INSTALLED:-0}" = 1 ]; then
		dir=$("$WB_BIN" --help | sed -n 's|.*(default \(/.*\)/windows-lifecycle\.catalog).*|\1|p')
		f=$dir/contrib/icinga2-check_winbuild.conf
	else
		f=$(dirname "$WB_BIN")/contrib/icinga2-check_winbuild.conf
	fi
	if [ ! -f "$f" ]; then
		echo "ic_contrib_file: no $f (run make, or make install for WB_INSTALLED=1)" >&2
		return 1
	fi
	echo "$f"
}

# ic_write_config CONF OBJECTS [api]: write the configuration file CONF: the ITL, the contrib file
# as installed, PluginDir = the directory of $WB_BIN, OBJECTS (a file) and, with "api", the
# checker, the debug log and the API on 127.0.0.1:$IC_PORT.
ic_write_config() {
	local conf=$1 objects=$2 contrib
	contrib=$(ic_contrib_file) || return 1
	cat >"$conf" <<EOF
// Written by tests/blackbox/icinga.bash for one test run.
const PluginDir = "$(dirname "$WB_BIN")"
include <itl>
include <plugins>
include "$contrib"
include "$objects"
EOF
	[ "${3:-}" = api ] || return 0
	cat >>"$conf" <<EOF
object FileLogger "wb-debug" {
	path = LogDir + "/icinga2.log"
	severity = "debug"
}
object CheckerComponent "checker" { }
object ExternalCommandListener "command" { command_path = "$IC_DIR/run/icinga2.cmd" }
object Endpoint NodeName { }
object Zone "wb-test" { endpoints = [ NodeName ] }
object ApiListener "api" {
	bind_host = "127.0.0.1"
	bind_port = $IC_PORT
}
object ApiUser "$IC_API_USER" {
	password = "$IC_API_PASS"
	permissions = [ "objects/query/Service", "actions/reschedule-check",
		"actions/process-check-result" ]
}
EOF
}

# ic_umbrella_pid: the daemon's first process, as started (empty when not started).
ic_umbrella_pid() { cat "$IC_DIR/daemon.pid" 2>/dev/null || true; }

# ic_procs: "PID COMMAND LINE" of every process of this run's daemon: its command line names the
# configuration in the temp tree (read from /proc: procps may not be installed).
ic_procs() {
	IC_MATCH="-c $IC_DIR/etc/icinga2.conf" "$WB_PYTHON" -c 'import os
want, me = os.environ["IC_MATCH"], os.getpid()
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open("/proc/%s/cmdline" % pid, "rb") as f:
            args = f.read().decode(errors="replace").rstrip("\0").replace("\0", " ")
    except OSError:
        continue
    if int(pid) != me and want in args:
        print(pid, args)'
}

# ic_pids: their PIDs.
ic_pids() { ic_procs | cut -d' ' -f1; }

# ic_start: start the daemon in the background and wait (30 s at most) until the API answers.
# Leaves a ready daemon or none.
ic_start() {
	local pid deadline why
	# fd 3 is bats' output channel: a background child holding it would make bats hang.
	_ic_cmd daemon -c "$IC_DIR/etc/icinga2.conf"
	"${IC_CMD[@]}" </dev/null >"$IC_DIR/log/console.log" 2>&1 3>&- &
	pid=$!
	echo "$pid" >"$IC_DIR/daemon.pid"
	deadline=$(($(now_ms) + 30000))
	until [ "$(ic_api GET /v1/objects/services?attrs=name -o /dev/null -w '%{http_code}' \
		2>/dev/null)" = 200 ]; do
		why=
		_wb_alive "$pid" icinga2 || why="ended before its API answered"
		[ "$(now_ms)" -le "$deadline" ] || why="did not answer within 30 s"
		if [ -n "$why" ]; then
			echo "ic_start: the daemon on 127.0.0.1:$IC_PORT $why" >&2
			tail -n 30 "$IC_DIR/log/console.log" >&2
			grep -E '^\[[^]]*\] (critical|warning)/' "$IC_DIR/log/icinga2.log" 2>/dev/null |
				tail -n 10 >&2
			ic_stop
			return 1
		fi
		sleep 0.1
	done
}

# ic_stop: SIGTERM to the umbrella process (it stops its worker, which writes icinga2.state),
# wait up to 30 s for every process of the daemon to end, KILL what is left. Fails if one stays.
ic_stop() {
	local pid deadline p
	pid=$(ic_umbrella_pid)
	[ -n "$pid" ] || return 0
	kill -TERM "$pid" 2>/dev/null
	deadline=$(($(now_ms) + 30000))
	while [ -n "$(ic_pids)" ] && [ "$(now_ms)" -lt "$deadline" ]; do
		sleep 0.1
	done
	for p in $(ic_pids); do
		echo "ic_stop: killing icinga2 process $p, still running 30 s after SIGTERM" >&2
		kill -KILL "$p" 2>/dev/null
	done
	wait "$pid" 2>/dev/null || true
	rm -f "$IC_DIR/daemon.pid"
	sleep 0.2
	[ -z "$(ic_pids)" ]
}

# ic_api METHOD PATH [CURL ARGS...]: one API request; the body on stdout.
ic_api() {
	local method=$1 path=$2
	shift 2
	curl -K "$IC_DIR/curl.cfg" -X "$method" "$@" "https://127.0.0.1:$IC_PORT$path"
}

# ic_result HOST SERVICE: the service's last_check_result as JSON (null before its first check).
ic_result() {
	ic_api GET "/v1/objects/services/$1!$2?attrs=last_check_result" |
		jq -ce '.results[0].attrs.last_check_result'
}

# ic_force_check HOST SERVICE: reschedule the check now with force (the services have active
# checks disabled, so nothing else runs them), then poll until last_check_result is a new one
# (30 s at most). Prints that result.
ic_force_check() {
	local before now deadline answer
	before=$(ic_result "$1" "$2") || before=null
	answer=$(ic_api POST /v1/actions/reschedule-check -H 'Content-Type: application/json' \
		-d "$(jq -cn --arg s "$1!$2" '{type: "Service", service: $s, force: true}')") || return 1
	if [ "$(jq -r '.results[0].code' <<<"$answer")" != 200 ]; then
		echo "reschedule-check $1!$2: $answer" >&2
		return 1
	fi
	deadline=$(($(now_ms) + 30000))
	while [ "$(now_ms)" -lt "$deadline" ]; do
		now=$(ic_result "$1" "$2") || now=null
		if [ "$now" != null ] && [ "$now" != "$before" ]; then
			printf '%s\n' "$now"
			return 0
		fi
		sleep 0.1
	done
	echo "ic_force_check $1!$2: no new check result within 30 s" >&2
	return 1
}

# ic_system_state: what the system's Icinga directories hold (names, sizes, times, modes), to
# compare before and after a run.
ic_system_state() {
	local d
	for d in /etc/icinga2 /var/lib/icinga2 /var/cache/icinga2 /var/log/icinga2 /run/icinga2; do
		[ -e "$d" ] || { echo "$d absent"; continue; }
		find "$d" -printf '%p %y %s %T@ %m %u:%g\n' 2>&1
	done | sort
}

# ic_teardown: stop the daemon, fail if a process of it is left, remove the temp tree.
ic_teardown() {
	local rc=0
	[ -n "${IC_DIR:-}" ] && [ -d "$IC_DIR" ] || return 0
	ic_stop || rc=1
	if [ -n "$(ic_pids)" ]; then
		echo "ic_teardown: icinga2 processes left behind:" >&2
		ic_procs >&2
		rc=1
	fi
	case "$IC_DIR" in
	*/wb-icinga.*) rm -rf -- "$IC_DIR" ;;
	esac
	return $rc
}
