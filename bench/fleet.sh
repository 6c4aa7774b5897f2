#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmarks fleet mode: N simulated hosts (default 1,000; each a copy of one of the Windows
# fixtures in tests/fixtures/snmprec, in turn, under a community of its own) served by snmpsimd on
# loopback, spread over several snmpsimd processes (BENCH_AGENTS, default 4: snmpsimd answers
# more slowly the more communities one process serves, 5 ms a request with 1,000, and it is one
# Python process), of which R (BENCH_REST, default 200) are NSClient++ REST hosts instead, served
# by BENCH_REST_AGENTS (default 4) instances of the emulator (tests/emulator, generation 0.16.4,
# its host profiles in turn, TLS verified with a test CA), checked
#   (a) in one fleet run: check_winbuild --hosts with an inventory of the N hosts (source=rest
#       for the REST ones: both runners at once);
#   (b) as N single runs of check_winbuild -H (--source rest for the REST ones), one after the
#       other;
#   (c) as N - R check_snmp runs (Debian's monitoring-plugins 2.3.3: sysDescr.0 against a regex)
#       and R runs of Icinga's check_nscp_api -q check_os_version (Debian's icinga2-bin, as
#       bench/rest.sh runs it), one after the other;
# all against the same agents, measuring wall time (each once, after one warm-up fleet run that
# also builds snmpsimd's indexes), instructions (valgrind --tool=callgrind, children traced: the
# fleet run whole; for (b) and (c) one host's run of each kind, times its hosts, as tracing
# thousands of processes
# would take an hour) and peak RSS (/usr/bin/time; for (b) and (c) one run's, as a process
# tree's peak is its largest process). Then the fleet run again with 10 times the inventory
# (each host ten times: 10 x N lines) for the memory: it must stay flat, bounded by --parallel.
#
# Usage: bench/fleet.sh [N]       (from anywhere)
# Environment: WB_BIN (default: the binary scripts/build installs), CHECK_SNMP, NSCP_API,
# BENCH_PARALLEL (--parallel, default 200), BENCH_AGENTS (4), BENCH_REST (200; 0: SNMP only),
# BENCH_REST_AGENTS (4).
# Needs: snmpsim, valgrind, GNU time, monitoring-plugins-standard, icinga2-bin (scripts/deps
# installs them).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
n=${1:-1000}
WB_BIN=${WB_BIN:-_build/_inst/libexec/nagios/plugins/check_winbuild}
CHECK_SNMP=${CHECK_SNMP:-/usr/lib/nagios/plugins/check_snmp}
NSCP_API=${NSCP_API:-/usr/lib/nagios/plugins/check_nscp_api}
parallel=${BENCH_PARALLEL:-200}
nrest=${BENCH_REST:-200}
rest_agents=${BENCH_REST_AGENTS:-4}

die() { echo "bench/fleet.sh: $*" >&2; exit 1; }
[ -x "$WB_BIN" ] || die "$WB_BIN is not built (scripts/build, or set WB_BIN)"
[ -x "$CHECK_SNMP" ] || die "$CHECK_SNMP is missing (Debian package monitoring-plugins-standard)"
[ "$nrest" -eq 0 ] || [ -x "$NSCP_API" ] || die "$NSCP_API is missing (Debian package icinga2-bin)"
[ "$nrest" -le "$n" ] || die "BENCH_REST=$nrest is more than the $n hosts"
for tool in snmpsimd snmpget valgrind /usr/bin/time python3; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps installs it)"
done

# The tests' helpers: free_port.
# shellcheck disable=SC2034 # read by helpers.bash
BATS_TEST_DIRNAME=$top/tests/blackbox
# shellcheck source-path=SCRIPTDIR source=../tests/blackbox/helpers.bash
. "$top/tests/blackbox/helpers.bash"

agents=${BENCH_AGENTS:-4}
work=$(mktemp -d "${TMPDIR:-/tmp}/wb-fleet-bench.XXXXXX")
chmod 755 "$work"
pids=()
cleanup() {
	[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The hosts: community hNNNNN, a copy of the next Windows fixture, on agent NNNNN % agents; a
# secret file each.
mkdir -p "$work/secrets"
for k in $(seq 0 $((agents - 1))); do
	mkdir -p "$work/agent$k/data" "$work/agent$k/cache"
done
mapfile -t fixtures < <(ls tests/fixtures/snmprec/win*.snmprec)
for i in $(seq -f %05g 1 "$n"); do
	cp "${fixtures[$((10#$i % ${#fixtures[@]}))]}" "$work/agent$((10#$i % agents))/data/h$i.snmprec"
	echo "h$i" >"$work/secrets/h$i"
done
chmod 600 "$work"/secrets/*
chmod -R a+rwX "$work"/agent*
user=()
[ "$(id -u)" != 0 ] || user=(--process-user=nobody --process-group=nogroup)
ports=()
for k in $(seq 0 $((agents - 1))); do
	port=$(free_port)
	ports+=("$port")
	snmpsimd --data-dir="$work/agent$k/data" --cache-dir="$work/agent$k/cache" \
		--agent-udpv4-endpoint="127.0.0.1:$port" --logging-method=null "${user[@]}" \
		</dev/null >"$work/agent$k.log" 2>&1 &
	pids+=($!)
done
port_of() { echo "${ports[$((10#$1 % agents))]}"; }
# The REST hosts: the first $nrest, on emulator (host number % rest_agents), each with its own
# host profile; the password in a file.
rest_ports=()
if [ "$nrest" -gt 0 ]; then
	sh tests/emulator/make-certs.sh "$work/certs" >/dev/null
	echo "bench-secret" >"$work/nscp.pw"
	chmod 600 "$work/nscp.pw"
	mapfile -t profiles < <(ls tests/emulator/hosts/*.json)
	for k in $(seq 0 $((rest_agents - 1))); do
		python3 tests/emulator/nscp_emulator.py --generation 0.16.4 \
			--host "${profiles[$((k % ${#profiles[@]}))]}" --password bench-secret --port 0 \
			--cert "$work/certs/server.pem" --key "$work/certs/server.key" \
			--ready-file "$work/emu$k.ready" </dev/null >"$work/emu$k.log" 2>&1 &
		pids+=($!)
	done
	for k in $(seq 0 $((rest_agents - 1))); do
		for _ in $(seq 100); do
			[ -s "$work/emu$k.ready" ] && break
			sleep 0.05
		done
		[ -s "$work/emu$k.ready" ] || die "emulator $k did not start: $(cat "$work/emu$k.log")"
		rest_ports+=("$(head -n 1 "$work/emu$k.ready")")
	done
fi
is_rest() { [ "$((10#$1))" -le "$nrest" ]; }
rest_port_of() { echo "${rest_ports[$((10#$1 % rest_agents))]}"; }
for i in $(seq -f %05g 1 "$n"); do
	if is_rest "$i"; then
		echo "127.0.0.1 name=h$i source=rest port=$(rest_port_of "$i") password-file=$work/nscp.pw"
	else
		echo "127.0.0.1 name=h$i port=$(port_of "$i") community-file=$work/secrets/h$i"
	fi
done >"$work/hosts"
for _ in $(seq 10); do cat "$work/hosts"; done >"$work/hosts10"
# the agents answer (the first request of each builds its index)
for k in $(seq 0 $((agents - 1))); do
	for _ in $(seq 100); do
		snmpget -v2c -c "h$(printf %05d $((k == 0 ? agents : k)))" -t 5 -r 0 \
			"127.0.0.1:${ports[$k]}" .1.3.6.1.2.1.1.1.0 >/dev/null 2>&1 && break
		sleep 0.1
	done
done

fleet=("$WB_BIN" --hosts "$work/hosts" --parallel "$parallel" --date 2026-11-22
	--ca-file "$work/certs/ca.pem" --records "$work/records.jsonl")
# single_cmd I, peer_cmd I: host I's single check, and its peer's check, in cmd
single_cmd() {
	if is_rest "$1"; then
		cmd=("$WB_BIN" -H 127.0.0.1 --source rest --rest-port "$(rest_port_of "$1")"
			--password-file "$work/nscp.pw" --ca-file "$work/certs/ca.pem" --date 2026-11-22)
	else
		cmd=("$WB_BIN" -H 127.0.0.1 -p "$(port_of "$1")" -C "h$1" --date 2026-11-22)
	fi
}
peer_cmd() {
	if is_rest "$1"; then
		cmd=("$NSCP_API" -H 127.0.0.1 -P "$(rest_port_of "$1")" --password bench-secret
			-q check_os_version)
	else
		cmd=("$CHECK_SNMP" -H 127.0.0.1 -p "$(port_of "$1")" -C "h$1" -o .1.3.6.1.2.1.1.1.0
			-r Windows)
	fi
}
single() { single_cmd "$1" && "${cmd[@]}"; }
peer() { peer_cmd "$1" && "${cmd[@]}"; }
ms() { date +%s%3N; }

echo "$agents snmpsimd agents (ports ${ports[*]}), $rest_agents emulators" \
	"(ports ${rest_ports[*]}), $n hosts of which $nrest REST; a warm-up fleet run"
"${fleet[@]}" -t 30 | head -n 1
"${fleet[@]}" | head -n 3
answered=$(grep -c '"state":"\(OK\|WARNING\|CRITICAL\)"' "$work/records.jsonl" || true)
[ "$answered" -eq "$n" ] || die "only $answered of $n hosts answered the fleet run"

t0=$(ms)
"${fleet[@]}" >/dev/null || true
fleet_ms=$(($(ms) - t0))
t0=$(ms)
for i in $(seq -f %05g 1 "$n"); do
	single "$i" >/dev/null || true
done
single_ms=$(($(ms) - t0))
t0=$(ms)
for i in $(seq -f %05g 1 "$n"); do
	peer "$i" >/dev/null || true
done
snmp_ms=$(($(ms) - t0))

instructions() {
	rm -f "$work"/cg.*
	valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$work/cg.%p" "$@" \
		>/dev/null 2>&1 || true
	awk '/^summary:/ {n += $2} END {printf "%.0f\n", n}' "$work"/cg.*
}
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
fleet_i=$(instructions "${fleet[@]}" -t 60)
# one SNMP host (the last) and one REST host (the first), each times its kind's hosts
last=$(printf %05d "$n")
max() { echo $(($1 > $2 ? $1 : $2)); }
# kind I COUNT: the instructions of host I's single check and of its peer's, times COUNT, added
# to single_i and snmp_i; their peak RSS into single_m and snmp_m
single_i=0 snmp_i=0 single_m=0 snmp_m=0
kind() {
	[ "$2" -gt 0 ] || return 0
	single_cmd "$1"
	single_i=$((single_i + $(instructions "${cmd[@]}") * $2))
	single_m=$(max "$single_m" "$(rss "${cmd[@]}")")
	peer_cmd "$1"
	snmp_i=$((snmp_i + $(instructions "${cmd[@]}") * $2))
	snmp_m=$(max "$snmp_m" "$(rss "${cmd[@]}")")
}
kind "$last" $((n - nrest))
kind 00001 "$nrest"
fleet_m=$(rss "${fleet[@]}")
fleet10=("$WB_BIN" --hosts "$work/hosts10" --parallel "$parallel" --date 2026-11-22
	--ca-file "$work/certs/ca.pem")
t0=$(ms)
fleet10_m=$(rss "${fleet10[@]}")
fleet10_ms=$(($(ms) - t0))

printf '\n%-34s %12s %16s %14s\n' "$n hosts" "wall ms" "instructions" "peak RSS KiB"
printf '%-34s %12s %16s %14s\n' "check_winbuild --hosts (one run)" "$fleet_ms" "$fleet_i" "$fleet_m"
printf '%-34s %12s %16s %14s\n' "check_winbuild -H ($n runs)" "$single_ms" "$single_i" "$single_m"
printf '%-34s %12s %16s %14s\n' "check_snmp+check_nscp_api ($n)" "$snmp_ms" "$snmp_i" "$snmp_m"
printf '%-34s %12s %16s %14s\n' "check_winbuild --hosts, $((n * 10)) lines" "$fleet10_ms" "" \
	"$fleet10_m"
awk -v f="$fleet_ms" -v s="$single_ms" -v c="$snmp_ms" -v fi="$fleet_i" -v si="$single_i" \
	-v ci="$snmp_i" 'BEGIN {
	printf "\nfleet/single runs: wall %.3f, instructions %.3f\n", f / s, fi / si
	printf "fleet/peers:       wall %.3f, instructions %.3f\n", f / c, fi / ci }'
