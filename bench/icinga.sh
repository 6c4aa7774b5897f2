#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmarks --submit icinga2: N simulated hosts (default 1,000; copies of the Windows fixtures
# in tests/fixtures/snmprec, a community each, on BENCH_AGENTS snmpsimd processes, as
# bench/fleet.sh serves them) in one fleet run whose results go to a private Icinga 2 daemon
# (Debian's icinga2-bin, run as tests/blackbox/icinga.bash runs it: nothing of the system's Icinga
# is used) with N hosts and a passive service "winbuild" each. Measures, each BENCH_RUNS times
# (default 3), the wall time of
#   (a) the fleet run alone (no --submit);
#   (b) the fleet run with --submit icinga2 (TLS verified against the daemon's CA);
#   (c) the fleet run with --submit command-file into the daemon's command pipe;
# and reports the medians and (b) - (a), the time the N submissions add. Then checks through the
# API that every one of the N services has a result from check_winbuild.
#
# Usage: bench/icinga.sh [N]       (from anywhere)
# Environment: WB_BIN (default: the binary scripts/build installs), WB_CONTRIB_FILE (the
# CheckCommand file ic_write_config includes; default the build's), BENCH_AGENTS (4),
# BENCH_RUNS (3).
# Needs: snmpsim, icinga2-bin, curl, jq (scripts/deps installs them).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
n=${1:-1000}
WB_BIN=$(realpath "${WB_BIN:-_build/_inst/libexec/nagios/plugins/check_winbuild}")
WB_CONTRIB_FILE=${WB_CONTRIB_FILE:-$top/_build/contrib/icinga2-check_winbuild.conf}
export WB_BIN WB_CONTRIB_FILE
agents=${BENCH_AGENTS:-4}
runs=${BENCH_RUNS:-3}

die() { echo "bench/icinga.sh: $*" >&2; exit 1; }
[ -x "$WB_BIN" ] || die "$WB_BIN is not built (scripts/build, or set WB_BIN)"
[ -f "$WB_CONTRIB_FILE" ] || die "no $WB_CONTRIB_FILE (scripts/build, or set WB_CONTRIB_FILE)"
for tool in snmpsimd snmpget curl jq python3; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps installs it)"
done

# shellcheck disable=SC2034 # read by helpers.bash
BATS_TEST_DIRNAME=$top/tests/blackbox
# shellcheck source-path=SCRIPTDIR source=../tests/blackbox/helpers.bash
. "$top/tests/blackbox/helpers.bash"
# shellcheck source-path=SCRIPTDIR source=../tests/blackbox/icinga.bash
. "$top/tests/blackbox/icinga.bash"
[ -x "$IC_BIN" ] || die "no $IC_BIN (Debian's icinga2-bin)"

work=$(mktemp -d "${TMPDIR:-/tmp}/wb-icinga-bench.XXXXXX")
chmod 755 "$work"
pids=()
cleanup() {
	ic_teardown || true
	[ ${#pids[@]} -eq 0 ] || kill "${pids[@]}" 2>/dev/null || true
	wait 2>/dev/null || true
	rm -rf -- "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The hosts, as bench/fleet.sh makes them.
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
for k in $(seq 0 $((agents - 1))); do
	for _ in $(seq 100); do
		snmpget -v2c -c "h$(printf %05d $((k == 0 ? agents : k)))" -t 5 -r 0 \
			"127.0.0.1:${ports[$k]}" .1.3.6.1.2.1.1.1.0 >/dev/null 2>&1 && break
		sleep 0.1
	done
done

# The daemon: a host and a passive service "winbuild" for each.
ic_setup
printf '%s\n' "$IC_API_PASS" >"$IC_DIR/etc/api-pass"
chmod 600 "$IC_DIR/etc/api-pass"
{
	echo 'template Host "h" { check_command = "dummy"; enable_active_checks = false }'
	for i in $(seq -f %05g 1 "$n"); do echo "object Host \"h$i\" { import \"h\" }"; done
	echo 'apply Service "winbuild" {
	check_command = "dummy"
	enable_active_checks = false
	enable_passive_checks = true
	assign where host.name != ""
}'
} >"$IC_DIR/etc/objects.conf"
ic_write_config "$IC_DIR/etc/icinga2.conf" "$IC_DIR/etc/objects.conf" api
ic_start

fleet=("$WB_BIN" --hosts "$work/hosts" --date 2026-11-22 -t 10)
api=(--submit icinga2 --icinga-url "https://127.0.0.1:$IC_PORT" --icinga-user "$IC_API_USER"
	--icinga-password-file "$IC_DIR/etc/api-pass" --icinga-ca-file "$IC_DIR/lib/certs/ca.crt")
pipe=(--submit command-file --command-file "$IC_DIR/run/icinga2.cmd")
ms() { date +%s%3N; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
timed() { # timed ARGS...: the wall ms of one fleet run; its "submitted" line to stderr
	local t0 out
	t0=$(ms)
	out=$("${fleet[@]}" "$@" || true)
	echo $(($(ms) - t0))
	grep -F '\_ submitted' <<<"$out" >&2 || true
}

echo "$agents snmpsimd agents, $n hosts, Icinga 2 API on 127.0.0.1:$IC_PORT; a warm-up run"
"${fleet[@]}" | head -n 1
alone=() with_api=() with_pipe=()
for _ in $(seq "$runs"); do
	alone+=("$(timed)")
	with_api+=("$(timed "${api[@]}")")
	with_pipe+=("$(timed "${pipe[@]}")")
done
a=$(printf '%s\n' "${alone[@]}" | median)
b=$(printf '%s\n' "${with_api[@]}" | median)
c=$(printf '%s\n' "${with_pipe[@]}" | median)

# the connections one API run opens (Icinga logs each; it writes its log in batches)
connections() { grep -c 'New client connection from' "$IC_DIR/log/icinga2.log" || true; }
sleep 2
c0=$(connections)
timed "${api[@]}" >/dev/null 2>&1
sleep 5
conns=$(($(connections) - c0))

# every service has check_winbuild's result
got=$(ic_api GET '/v1/objects/services?attrs=last_check_result' |
	jq '[.results[] | select(.attrs.last_check_result.output // "" | startswith("WINBUILD "))] | length')
[ "$got" -eq "$n" ] || die "only $got of $n services have check_winbuild's result"

printf '\n%-44s %10s   %s\n' "$n hosts, median of $runs runs" "wall ms" "(each run)"
printf '%-44s %10s   %s\n' "fleet run alone" "$a" "${alone[*]}"
printf '%-44s %10s   %s\n' "fleet run, --submit icinga2 (API, TLS)" "$b" "${with_api[*]}"
printf '%-44s %10s   %s\n' "fleet run, --submit command-file (pipe)" "$c" "${with_pipe[*]}"
printf '\n%d results through the API add %d ms (%.2f ms a result), over %d connection(s)\n' \
	"$n" $((b - a)) "$(awk -v d=$((b - a)) -v n="$n" 'BEGIN {print d / n}')" "$conns"
