#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmarks fleet mode: N simulated hosts (default 1,000; each a copy of one of the Windows
# fixtures in tests/fixtures/snmprec, in turn, under a community of its own) served by snmpsimd on
# loopback, spread over several snmpsimd processes (BENCH_AGENTS, default 4: snmpsimd answers
# more slowly the more communities one process serves, 5 ms a request with 1,000, and it is one
# Python process), checked
#   (a) in one fleet run: check_winbuild --hosts with an inventory of the N hosts;
#   (b) as N single runs of check_winbuild -H, one after the other;
#   (c) as N check_snmp runs (Debian's monitoring-plugins 2.3.3: sysDescr.0 against a regex),
#       one after the other;
# all against the same agents, measuring wall time (each once, after one warm-up fleet run that
# also builds snmpsimd's indexes), instructions (valgrind --tool=callgrind, children traced: the
# fleet run whole; for (b) and (c) one host's run, times N, as tracing thousands of processes
# would take an hour) and peak RSS (/usr/bin/time; for (b) and (c) one run's, as a process
# tree's peak is its largest process). Then the fleet run again with 10 times the inventory
# (each host ten times: 10 x N lines) for the memory: it must stay flat, bounded by --parallel.
#
# Usage: bench/fleet.sh [N]       (from anywhere)
# Environment: WB_BIN (default: the binary scripts/build installs), CHECK_SNMP, BENCH_PARALLEL
# (--parallel, default 200), BENCH_AGENTS (4).
# Needs: snmpsim, valgrind, GNU time, monitoring-plugins-standard (scripts/deps installs them).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
n=${1:-1000}
WB_BIN=${WB_BIN:-_build/_inst/libexec/nagios/plugins/check_winbuild}
CHECK_SNMP=${CHECK_SNMP:-/usr/lib/nagios/plugins/check_snmp}
parallel=${BENCH_PARALLEL:-200}

die() { echo "bench/fleet.sh: $*" >&2; exit 1; }
[ -x "$WB_BIN" ] || die "$WB_BIN is not built (scripts/build, or set WB_BIN)"
[ -x "$CHECK_SNMP" ] || die "$CHECK_SNMP is missing (Debian package monitoring-plugins-standard)"
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
for i in $(seq -f %05g 1 "$n"); do
	echo "127.0.0.1 name=h$i port=$(port_of "$i") community-file=$work/secrets/h$i"
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
	--records "$work/records.jsonl")
ms() { date +%s%3N; }

echo "$agents snmpsimd agents (ports ${ports[*]}), $n hosts; a warm-up fleet run"
"${fleet[@]}" -t 30 | head -n 1
"${fleet[@]}" | head -n 3
answered=$(grep -c '"state":"\(OK\|WARNING\|CRITICAL\)"' "$work/records.jsonl" || true)
[ "$answered" -eq "$n" ] || die "only $answered of $n hosts answered the fleet run"

t0=$(ms)
"${fleet[@]}" >/dev/null || true
fleet_ms=$(($(ms) - t0))
t0=$(ms)
for i in $(seq -f %05g 1 "$n"); do
	"$WB_BIN" -H 127.0.0.1 -p "$(port_of "$i")" -C "h$i" --date 2026-11-22 >/dev/null || true
done
single_ms=$(($(ms) - t0))
t0=$(ms)
for i in $(seq -f %05g 1 "$n"); do
	"$CHECK_SNMP" -H 127.0.0.1 -p "$(port_of "$i")" -C "h$i" -o .1.3.6.1.2.1.1.1.0 -r Windows \
		>/dev/null || true
done
snmp_ms=$(($(ms) - t0))

instructions() {
	rm -f "$work"/cg.*
	valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$work/cg.%p" "$@" \
		>/dev/null 2>&1 || true
	awk '/^summary:/ {n += $2} END {print n}' "$work"/cg.*
}
rss() { /usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1; }
fleet_i=$(instructions "${fleet[@]}" -t 60)
p1=$(port_of 00001)
single_i=$(($(instructions "$WB_BIN" -H 127.0.0.1 -p "$p1" -C h00001 --date 2026-11-22) * n))
snmp_i=$(($(instructions "$CHECK_SNMP" -H 127.0.0.1 -p "$p1" -C h00001 \
	-o .1.3.6.1.2.1.1.1.0 -r Windows) * n))
fleet_m=$(rss "${fleet[@]}")
single_m=$(rss "$WB_BIN" -H 127.0.0.1 -p "$p1" -C h00001 --date 2026-11-22)
snmp_m=$(rss "$CHECK_SNMP" -H 127.0.0.1 -p "$p1" -C h00001 -o .1.3.6.1.2.1.1.1.0 -r Windows)
fleet10=("$WB_BIN" --hosts "$work/hosts10" --parallel "$parallel" --date 2026-11-22)
t0=$(ms)
fleet10_m=$(rss "${fleet10[@]}")
fleet10_ms=$(($(ms) - t0))

printf '\n%-34s %12s %16s %14s\n' "$n hosts" "wall ms" "instructions" "peak RSS KiB"
printf '%-34s %12s %16s %14s\n' "check_winbuild --hosts (one run)" "$fleet_ms" "$fleet_i" "$fleet_m"
printf '%-34s %12s %16s %14s\n' "check_winbuild -H ($n runs)" "$single_ms" "$single_i" "$single_m"
printf '%-34s %12s %16s %14s\n' "check_snmp ($n runs)" "$snmp_ms" "$snmp_i" "$snmp_m"
printf '%-34s %12s %16s %14s\n' "check_winbuild --hosts, $((n * 10)) lines" "$fleet10_ms" "" \
	"$fleet10_m"
awk -v f="$fleet_ms" -v s="$single_ms" -v c="$snmp_ms" -v fi="$fleet_i" -v si="$single_i" \
	-v ci="$snmp_i" 'BEGIN {
	printf "\nfleet/single runs: wall %.3f, instructions %.3f\n", f / s, fi / si
	printf "fleet/check_snmp:  wall %.3f, instructions %.3f\n", f / c, fi / ci }'
