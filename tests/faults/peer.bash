# SPDX-License-Identifier: GPL-3.0-or-later
#
# Starting and stopping tests/faults/snmp_peer.py, the misbehaving SNMP agent, from a .bats file
# that has loaded tests/blackbox/helpers.bash (for WB_PYTHON, WB_TOP, _wb_alive and _wb_kill).
# One peer at a time: start it in the test, stop it in teardown().

# start_peer ARGS...: start the peer with ARGS (--mode ... and the rest; see snmp_peer.py --help)
# and wait until it has written its ready file (10 s at most). Leaves a listening peer, or nothing.
# Exports: PEER_PID PEER_PORT PEER_DIR PEER_LOG (one line per request the peer saw).
start_peer() {
	local dir deadline
	PEER_PID= PEER_DIR=
	dir=$(mktemp -d "${BATS_TEST_TMPDIR:-${WB_AGENT_TMP:-/tmp}}/wb-peer.XXXXXX") || return 1
	# fd 3 is bats' output channel: a background child holding it would make bats hang.
	"$WB_PYTHON" "$WB_TOP/tests/faults/snmp_peer.py" --ready-file "$dir/ready" \
		--log "$dir/peer.log" --lifetime 120 "$@" </dev/null >"$dir/stdout.log" 2>&1 3>&- &
	PEER_PID=$! PEER_DIR=$dir PEER_LOG=$dir/peer.log
	export PEER_PID PEER_DIR PEER_LOG
	deadline=$(($(now_ms) + 10000))
	while [ "$(now_ms)" -lt "$deadline" ]; do
		if [ -s "$dir/ready" ]; then
			PEER_PORT=$(cat "$dir/ready")
			export PEER_PORT
			return 0
		fi
		_wb_alive "$PEER_PID" snmp_peer.py || break
		sleep 0.02
	done
	echo "start_peer: the peer did not get ready ($*)" >&2
	cat "$dir/stdout.log" >&2 2>/dev/null
	stop_peer
	return 1
}

# stop_peer: stop the peer and remove its directory. Safe to call twice or after a failed start.
stop_peer() {
	local rc=0
	if [ -n "${PEER_PID:-}" ]; then
		_wb_kill "$PEER_PID" snmp_peer.py || rc=1
	fi
	case "${PEER_DIR:-}" in
	*/wb-peer.*) rm -rf -- "$PEER_DIR" ;;
	esac
	unset PEER_PID PEER_PORT PEER_DIR PEER_LOG
	return $rc
}

# closed_tcp_port [ADDRESS]: print a TCP port on ADDRESS (127.0.0.1 or ::1, default 127.0.0.1)
# that nothing listens on: the kernel picked it and it was released at once, so a connect gets
# a reset ("connection refused").
closed_tcp_port() {
	"$WB_PYTHON" - "${1:-127.0.0.1}" <<'EOF'
import socket, sys
family = socket.AF_INET6 if ":" in sys.argv[1] else socket.AF_INET
s = socket.socket(family, socket.SOCK_STREAM)
s.bind((sys.argv[1], 0))
print(s.getsockname()[1])
s.close()
EOF
}
