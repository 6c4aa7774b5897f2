#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmarks one check_winbuild check against one check_snmp check (Debian's monitoring-plugins
# 2.3.3, which forks /usr/bin/snmpget), both against the same snmpsimd on loopback serving
# tests/fixtures/snmprec (community win2008sp2-6003):
#   (a) wall time: hyperfine, 5 warm-up runs and 100 measured runs of each, no shell in between;
#   (b) instructions: valgrind --tool=callgrind --trace-children=yes, one run of each, summing
#       the totals of every callgrind.out file the run produced (check_snmp: itself + snmpget);
#   (c) peak memory: /usr/bin/time -v "Maximum resident set size", median of 5 runs. For a
#       process tree Linux reports the largest single process, not the sum.
# Then prints a table and the ratios check_winbuild/check_snmp.
#
# Usage: bench/snmp.sh [--check-snmp-only]     (from anywhere; it works in the repository root)
# Environment:
#   WB_BIN       check_winbuild to measure (default ./check_winbuild in the repository root)
#   WB_CATALOG   catalogue passed with --catalog (default data/windows-lifecycle.catalog)
#   CHECK_SNMP   default /usr/lib/nagios/plugins/check_snmp
#   BENCH_RUNS, BENCH_WARMUP, BENCH_RSS_RUNS   default 100, 5, 5
# Needs: snmpsim, snmp, hyperfine, valgrind, jq, time (scripts/deps installs them all).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

only_snmp=0
case "${1:-}" in
"") ;;
--check-snmp-only) only_snmp=1 ;;
*) echo "usage: bench/snmp.sh [--check-snmp-only]" >&2; exit 2 ;;
esac

WB_BIN=${WB_BIN:-./check_winbuild}
WB_CATALOG=${WB_CATALOG:-data/windows-lifecycle.catalog}
CHECK_SNMP=${CHECK_SNMP:-/usr/lib/nagios/plugins/check_snmp}
runs=${BENCH_RUNS:-100}
warmup=${BENCH_WARMUP:-5}
rss_runs=${BENCH_RSS_RUNS:-5}
community=win2008sp2-6003

die() { echo "bench/snmp.sh: $*" >&2; exit 1; }

if [ ! -x /usr/bin/time ]; then
	if [ "$(id -u)" = 0 ]; then
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq time >/dev/null ||
			die "could not install /usr/bin/time (apt-get install time)"
	else
		die "/usr/bin/time is missing: sudo apt-get install time"
	fi
fi
for tool in snmpsimd snmpget hyperfine valgrind jq; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps installs it)"
done
[ -x "$CHECK_SNMP" ] || die "$CHECK_SNMP is missing (Debian package monitoring-plugins-standard)"
if [ "$only_snmp" = 0 ]; then
	[ -x "$WB_BIN" ] || die "$WB_BIN is not built (scripts/build, or set WB_BIN)"
	[ -r "$WB_CATALOG" ] || die "no catalogue $WB_CATALOG (set WB_CATALOG)"
fi

# The black-box tests' agent: start_snmpsim/stop_snmpsim from helpers.bash (it finds the
# repository through BATS_TEST_DIRNAME).
# shellcheck disable=SC2034 # read by helpers.bash
BATS_TEST_DIRNAME=$top/tests/blackbox
# shellcheck source-path=SCRIPTDIR source=../tests/blackbox/helpers.bash
. "$top/tests/blackbox/helpers.bash"

work=$(mktemp -d "${TMPDIR:-/tmp}/wb-bench.XXXXXX")
cleanup() {
	stop_snmpsim || true
	rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

start_snmpsim || die "snmpsimd did not start"
port=$SNMPSIM_PORT
echo "snmpsimd on 127.0.0.1:$port (started in ${SNMPSIM_START_MS} ms), community $community"

# The two commands, as argument arrays (measured without a shell in between).
wb_cmd=("$WB_BIN" -H 127.0.0.1 -p "$port" -C "$community" --date 2026-11-22 --catalog "$WB_CATALOG")
snmp_cmd=("$CHECK_SNMP" -H 127.0.0.1 -p "$port" -C "$community" -o .1.3.6.1.2.1.1.1.0 -r 'Build 6003')
names=()
[ "$only_snmp" = 1 ] || names+=(check_winbuild)
names+=(check_snmp)

cmd_of() { # NAME -> the command in the array "cmd"
	if [ "$1" = check_winbuild ]; then cmd=("${wb_cmd[@]}"); else cmd=("${snmp_cmd[@]}"); fi
}
quoted() { # the array "cmd" as one shell-quoted string (hyperfine splits it like a shell)
	local out='' a
	for a in "${cmd[@]}"; do out+="${out:+ }$(printf '%q' "$a")"; done
	printf '%s' "$out"
}

# A broken setup would measure an error path: each command must answer with a state, not UNKNOWN.
declare -A expect_rc
for n in "${names[@]}"; do
	cmd_of "$n"
	rc=0
	out=$("${cmd[@]}" 2>&1) || rc=$?
	printf '\n%s (exit %d):\n%s\n' "$n" "$rc" "$out"
	[ "$rc" -le 2 ] || die "$n exits $rc (UNKNOWN): fix the setup before benchmarking"
	expect_rc[$n]=$rc
done

# (a) wall time
hf_args=(-N --warmup "$warmup" --runs "$runs" --ignore-failure --style basic
	--export-json "$work/hyperfine.json")
for n in "${names[@]}"; do
	cmd_of "$n"
	hf_args+=(-n "$n" "$(quoted)")
done
echo
hyperfine "${hf_args[@]}"
declare -A wall_mean wall_sd
for n in "${names[@]}"; do
	wall_mean[$n]=$(jq -r --arg n "$n" '.results[] | select(.command == $n) | .mean * 1000' \
		"$work/hyperfine.json")
	wall_sd[$n]=$(jq -r --arg n "$n" '.results[] | select(.command == $n) | .stddev * 1000' \
		"$work/hyperfine.json")
	# hyperfine ignored failures: make sure no run ended otherwise than the first one.
	bad=$(jq -r --arg n "$n" --argjson rc "${expect_rc[$n]}" \
		'[.results[] | select(.command == $n) | .exit_codes[] | select(. != $rc)] | length' \
		"$work/hyperfine.json")
	[ "$bad" = 0 ] || die "$n: $bad of $runs runs exited otherwise than ${expect_rc[$n]}"
done

# (b) instructions
declare -A instr files
for n in "${names[@]}"; do
	cmd_of "$n"
	mkdir -p "$work/callgrind-$n"
	valgrind --tool=callgrind --trace-children=yes \
		--callgrind-out-file="$work/callgrind-$n/callgrind.out.%p" \
		--log-file="$work/callgrind-$n/valgrind.log.%p" \
		"${cmd[@]}" >"$work/callgrind-$n/stdout" 2>&1 || true
	files[$n]=$(find "$work/callgrind-$n" -name 'callgrind.out.*' | wc -l)
	[ "${files[$n]}" -gt 0 ] || die "$n: callgrind wrote no output file"
	# "summary:" (or "totals:") holds the Ir total of one process.
	instr[$n]=$(awk '/^(summary|totals):/ { if (!(FILENAME in seen)) { seen[FILENAME]; t += $2 } }
		END { printf "%d", t }' "$work/callgrind-$n"/callgrind.out.*)
done

# (c) peak resident set size
declare -A rss
for n in "${names[@]}"; do
	cmd_of "$n"
	vals=()
	for _ in $(seq "$rss_runs"); do
		/usr/bin/time -v -o "$work/time.txt" "${cmd[@]}" >/dev/null 2>&1 || true
		vals+=("$(awk -F': *' '/Maximum resident set size/ { print $2 }' "$work/time.txt")")
	done
	rss[$n]=$(printf '%s\n' "${vals[@]}" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }')
done

echo
printf '%-16s %14s %10s %16s %9s %15s\n' "" "wall mean ms" "± sd ms" "instructions" "processes" "peak RSS KiB"
for n in "${names[@]}"; do
	printf '%-16s %14.2f %10.2f %16d %9d %15d\n' "$n" "${wall_mean[$n]}" "${wall_sd[$n]}" \
		"${instr[$n]}" "${files[$n]}" "${rss[$n]}"
done
if [ "$only_snmp" = 0 ]; then
	awk -v wt="${wall_mean[check_winbuild]}" -v st="${wall_mean[check_snmp]}" \
		-v wi="${instr[check_winbuild]}" -v si="${instr[check_snmp]}" \
		-v wr="${rss[check_winbuild]}" -v sr="${rss[check_snmp]}" 'BEGIN {
		printf "\ncheck_winbuild/check_snmp: wall time %.3f, instructions %.3f, peak RSS %.3f\n",
			wt / st, wi / si, wr / sr }'
fi
