#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmarks SNMPv3 in fleet mode: N hosts (default 200) spread over K net-snmp snmpd agents on
# loopback (BENCH_AGENTS, default 10; each its own engine ID, user wbuser, SHA-256/AES authPriv,
# the tests' start_snmpd), the passphrases in files, checked
#   (a) in one fleet run: check_winbuild --hosts with an inventory of the N hosts;
#   (b) as N single runs of check_winbuild -H ... -P 3, one after the other;
# with hyperfine (wall time, BENCH_RUNS runs each, default 5), and the fleet run's CPU time.
#
# Usage: bench/fleet-v3.sh [N]       (from anywhere)
# Environment: WB_BIN (default: the binary scripts/build installs), BENCH_AGENTS, BENCH_RUNS.
# Needs: snmpd, snmpget, hyperfine, python3.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
n=${1:-200}
WB_BIN=${WB_BIN:-$top/_build/_inst/libexec/nagios/plugins/check_winbuild}
agents=${BENCH_AGENTS:-10}
runs=${BENCH_RUNS:-5}

die() { echo "bench/fleet-v3.sh: $*" >&2; exit 1; }
[ -x "$WB_BIN" ] || die "$WB_BIN is not built (scripts/build, or set WB_BIN)"
for tool in snmpd snmpget hyperfine python3; do
	command -v "$tool" >/dev/null || die "$tool is missing"
done

# The tests' helpers: start_snmpd, stop_snmpd.
# shellcheck disable=SC2034 # read by helpers.bash
BATS_TEST_DIRNAME=$top/tests/blackbox
# shellcheck source-path=SCRIPTDIR source=../tests/blackbox/helpers.bash
. "$top/tests/blackbox/helpers.bash"

work=$(mktemp -d "${TMPDIR:-/tmp}/wb-bench-v3.XXXXXX")
pids=() dirs=() ports=()
cleanup() {
	local i
	for i in "${!pids[@]}"; do
		SNMPD_PID=${pids[$i]} SNMPD_DIR=${dirs[$i]} stop_snmpd || true
	done
	rm -rf -- "$work"
}
trap cleanup EXIT

for _ in $(seq "$agents"); do
	start_snmpd || die "snmpd did not start"
	pids+=("$SNMPD_PID") dirs+=("$SNMPD_DIR") ports+=("$SNMPD_PORT")
	unset SNMPD_PID SNMPD_DIR
done
umask 077
printf '%s\n' "$WB_V3_AUTH_PASS" >"$work/auth"
printf '%s\n' "$WB_V3_PRIV_PASS" >"$work/priv"
for i in $(seq "$n"); do
	echo "127.0.0.1 name=h$i port=${ports[$((i % agents))]} version=3 secname=$WB_V3_USER" \
		"seclevel=authPriv authproto=SHA-256 privproto=AES auth-file=$work/auth" \
		"priv-file=$work/priv"
done >"$work/hosts"
cut -d' ' -f3 "$work/hosts" | sed 's/port=//' >"$work/ports"
cat >"$work/singles" <<EOF
while read -r port; do
	"$WB_BIN" -H 127.0.0.1 -p "\$port" -P 3 -U "$WB_V3_USER" -L authPriv -a SHA-256 -x AES \
		--auth-passphrase-file "$work/auth" --priv-passphrase-file "$work/priv" >/dev/null || :
done <"$work/ports"
EOF

# every host must be read, or the times mean nothing
"$WB_BIN" --hosts "$work/hosts" -t 10 | head -n 1 | grep -q "$n hosts: .* 0 UNKNOWN$" ||
	die "the fleet run did not read every host: $("$WB_BIN" --hosts "$work/hosts" | head -n 1)"
echo "$n SNMPv3 hosts over $agents snmpd agents ($(nproc) CPUs)"
hyperfine -N -r "$runs" -w 1 -i -n "fleet (--hosts, one run)" \
	"$WB_BIN --hosts $work/hosts -t 10" \
	-n "$n single checks, one after the other" "bash $work/singles"
/usr/bin/time -f 'fleet run: %e s wall, %U s user, %S s system, %M KiB peak RSS' \
	"$WB_BIN" --hosts "$work/hosts" -t 10 >/dev/null
