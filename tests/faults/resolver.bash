# SPDX-License-Identifier: GPL-3.0-or-later
#
# A private resolver for the name-resolution fault tests (tests/blackbox/faults-dns.bats), for
# .bats files that `load helpers` first (this file uses WB_TOP, WB_PYTHON, WB_BIN, WB_CATALOG,
# now_ms, _wb_alive, _wb_kill).
#
# The machine's own resolver must never be asked: every command that resolves a name runs in a
# private mount namespace (unshare --mount, root only) where /etc/resolv.conf names only one of
# our DNS stubs (tests/faults/dns_stub.py, on a loopback address, port 53) and nsswitch.conf
# says "hosts: files dns". The namespace checks that before it runs anything.
#
#   dns_setup                   once per file (setup_file): a temp dir; DNS_SKIP says why the
#                               tests cannot run here (not root, no unshare), empty when they can
#   start_dns_stub NAME MODE [--record NAME=IPV4]...
#                               a stub (MODE nxdomain or stall) on a free 127.53.x.y, ready
#   dns_log NAME                its query log
#   in_resolver NAME CMD...     CMD in a namespace that resolves through stub NAME only
#   wb_via NAME ARGS...         the plugin (as `wb`) through stub NAME
#   stop_dns_stub NAME          SIGTERM (KILL after 5 s), reaped
#   dns_teardown                once per file (teardown_file): stops every stub, removes the
#                               temp dir, fails if a stub of this run is left
#
# Each stub's command line contains $DNS_DIR, so `pgrep -f "$DNS_DIR"` finds exactly this run's.

DNS_STUB="$WB_TOP/tests/faults/dns_stub.py"
export DNS_STUB

# dns_setup: make $DNS_DIR, and set DNS_SKIP when private mount namespaces are not available.
dns_setup() {
	DNS_SKIP=
	if [ "$(id -u)" != 0 ]; then
		DNS_SKIP="needs root for a private mount namespace and port 53"
	elif ! command -v unshare >/dev/null || ! unshare --mount true 2>/dev/null; then
		DNS_SKIP="unshare --mount does not work here"
	fi
	DNS_DIR=$(mktemp -d "${WB_AGENT_TMP:-/tmp}/wb-dns.XXXXXX") || return 1
	# nsswitch.conf as the system's, but names only from /etc/hosts and DNS: no mDNS, no
	# systemd-resolved, nothing that would reach a resolver other than the stub
	sed 's/^hosts:.*/hosts: files dns/' /etc/nsswitch.conf >"$DNS_DIR/nsswitch.conf" ||
		return 1
	grep -q '^hosts: files dns$' "$DNS_DIR/nsswitch.conf" ||
		echo 'hosts: files dns' >>"$DNS_DIR/nsswitch.conf"
	export DNS_DIR DNS_SKIP
}

# start_dns_stub NAME MODE [STUB ARGS...]: start a stub and wait (10 s at most) for its ready
# file; write DIR/NAME/resolv.conf naming its address. Leaves a ready stub or nothing.
start_dns_stub() {
	local name=$1 mode=$2 d pid deadline address
	shift 2
	d=$DNS_DIR/$name
	mkdir "$d" || return 1
	# fd 3 is bats' output channel: a background child holding it would make bats hang.
	"$WB_PYTHON" "$DNS_STUB" --mode "$mode" --ready-file "$d/ready" --log "$d/queries.log" "$@" \
		</dev/null >"$d/stdout" 2>"$d/stderr" 3>&- &
	pid=$!
	echo "$pid" >"$d/pid"
	deadline=$(($(now_ms) + 10000))
	while [ ! -s "$d/ready" ]; do
		if ! _wb_alive "$pid" dns_stub || [ "$(now_ms)" -gt "$deadline" ]; then
			echo "start_dns_stub $name: not ready (mode $mode $*)" >&2
			cat "$d/stderr" >&2
			stop_dns_stub "$name"
			return 1
		fi
		sleep 0.02
	done
	address=$(cat "$d/ready")
	case $address in
	127.*.*.*) ;;
	*)
		echo "start_dns_stub $name: '$address' is not a loopback address" >&2
		stop_dns_stub "$name"
		return 1
		;;
	esac
	# glibc's defaults, written out: 5 s per try, 2 tries, so a stalled stub outlasts any -t
	# the tests use; no search list, so the stub sees exactly the names asked
	printf 'nameserver %s\noptions timeout:5 attempts:2\n' "$address" >"$d/resolv.conf"
	: >"$d/queries.log"
}

dns_log() { echo "$DNS_DIR/$1/queries.log"; }

# in_resolver NAME CMD...: run CMD in a private mount namespace whose /etc/resolv.conf and
# nsswitch.conf are ours; refuses (exit 99) if the bind mounts did not take.
in_resolver() {
	local conf=$DNS_DIR/$1/resolv.conf
	shift
	[ -s "$conf" ] || { echo "in_resolver: no stub resolv.conf $conf" >&2; return 99; }
	# shellcheck disable=SC2016 # the inner shell expands its own arguments
	unshare --mount -- /bin/sh -c '
		conf=$1 nss=$2
		shift 2
		mount --bind "$conf" /etc/resolv.conf && mount --bind "$nss" /etc/nsswitch.conf ||
			{ echo "in_resolver: cannot bind-mount the resolver files" >&2; exit 99; }
		cmp -s "$conf" /etc/resolv.conf && cmp -s "$nss" /etc/nsswitch.conf ||
			{ echo "in_resolver: the namespace does not see our resolver" >&2; exit 99; }
		exec "$@"' in_resolver "$conf" "$DNS_DIR/nsswitch.conf" "$@"
}

# wb_via NAME ARGS...: the plugin under test, resolving through stub NAME.
wb_via() {
	local name=$1
	shift
	in_resolver "$name" "$WB_BIN" ${WB_CATALOG:+--catalog "$WB_CATALOG"} "$@"
}

# stop_dns_stub NAME: stop it; safe to call twice.
stop_dns_stub() { _wb_stop_named "$DNS_DIR" "$1" dns_stub; }

# dns_teardown: stop all stubs, remove $DNS_DIR; fail if a stub of this run survived.
dns_teardown() { _wb_teardown_named "${DNS_DIR:-}" dns_stub wb-dns; }
