#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmarks one check_winbuild NRPE check against Debian's check_nrpe -c check_os_version
# (nagios-nrpe-plugin 4.1.0), both against the same Debian nrpe daemon (nagios-nrpe-server)
# on loopback whose check_os_version prints NSClient++ 0.4's answer for Server 2008 SP2:
#   wall time (hyperfine), instructions (callgrind, children traced), peak RSS (GNU time),
# once over plain TCP (nrpe -n; --nrpe-tls none, check_nrpe -n) and once over TLS with
# anonymous DH (nrpe's default without -n; --nrpe-tls adh, check_nrpe without -n).
# check_winbuild opens three connections: _NRPE_CHECK, check_os_version, then check_wmi with
# arguments, which nrpe (dont_blame_nrpe=0) refuses by hanging up, so the checks with
# arguments after it are not sent; check_nrpe opens one. Every connection costs nrpe a fork
# (and a shell for check_os_version), which is in the wall time but not in the instructions.
#
# Usage: bench/nrpe.sh [--plain | --tls]    (default: both)
# Environment: WB_BIN (default: the binary that scripts/build installs), CHECK_NRPE,
# NRPE_BIN, BENCH_RUNS (50), BENCH_WARMUP (3).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
WB_BIN=${WB_BIN:-_build/_inst/libexec/nagios/plugins/check_winbuild}
CHECK_NRPE=${CHECK_NRPE:-/usr/lib/nagios/plugins/check_nrpe}
NRPE_BIN=${NRPE_BIN:-/usr/sbin/nrpe}
runs=${BENCH_RUNS:-50}
warmup=${BENCH_WARMUP:-3}

die() { echo "bench/nrpe.sh: $*" >&2; exit 1; }

# The tests' helpers: free_port, and nrpe_config as tests/blackbox/nrpe.bats writes it.
# shellcheck disable=SC2034 # read by helpers.bash
BATS_TEST_DIRNAME=$top/tests/blackbox
# shellcheck source-path=SCRIPTDIR source=../tests/blackbox/helpers.bash
. "$top/tests/blackbox/helpers.bash"
case "${1:-}" in
"") variants="plain adh" ;;
--plain) variants=plain ;;
--tls) variants=adh ;;
*) echo "usage: bench/nrpe.sh [--plain | --tls]" >&2; exit 2 ;;
esac
[ -x "$WB_BIN" ] || die "$WB_BIN is not built (scripts/build, or set WB_BIN)"
[ -x "$CHECK_NRPE" ] || die "$CHECK_NRPE is missing (Debian package nagios-nrpe-plugin)"
[ -x "$NRPE_BIN" ] || die "$NRPE_BIN is missing (Debian package nagios-nrpe-server)"
for tool in hyperfine valgrind /usr/bin/time /usr/bin/python3; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps installs it)"
done

tmp=$(mktemp -d)
chmod 755 "$tmp" # nrpe runs the command as nagios when started as root
pids=
cleanup() {
	local p
	for p in $pids; do
		kill "$p" 2>/dev/null || true
		wait "$p" 2>/dev/null || true
	done
	rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

printf '#!/bin/sh\nprintf "%%s\\n" "%s"\n' \
	"OK: Windows 2008 (6.0.6003)|'version'=60;50;50" >"$tmp/os_version.sh"
chmod 755 "$tmp/os_version.sh"

# start_nrpe NAME [NRPE ARGS]: nrpe in the foreground on a free loopback port with its own
# config in $tmp/NAME.cfg (nrpe_config); sets port once it listens.
start_nrpe() {
	local name=$1 pid
	shift
	port=$(free_port)
	nrpe_config "$port" "$tmp/os_version.sh" >"$tmp/$name.cfg"
	"$NRPE_BIN" -c "$tmp/$name.cfg" -f "$@" </dev/null >"$tmp/$name.log" 2>&1 &
	pid=$!
	pids="$pids $pid"
	for _ in $(seq 200); do
		if (exec 9<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
			return
		fi
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	die "nrpe ($name) did not start: $(cat "$tmp/$name.log")"
}

instructions() {
	rm -f "$tmp"/cg.*
	valgrind --tool=callgrind --trace-children=yes --callgrind-out-file="$tmp/cg.%p" \
		"$@" >/dev/null 2>&1 || true
	awk '/^summary:/ {n += $2} END {print n}' "$tmp"/cg.*
}
rss() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}
# show NAME COMMAND...: runs it once, prints its output; stops on UNKNOWN or worse.
show() {
	local name=$1 rc=0
	shift
	echo "\$ $*"
	"$@" || rc=$?
	[ "$rc" -lt 3 ] || die "$name answered with exit code $rc: the setup is broken"
}

# bench VARIANT PORT
bench() {
	local variant=$1 port=$2 wb nrpe wb_t nrpe_t wb_i nrpe_i wb_m nrpe_m
	if [ "$variant" = plain ]; then
		wb="$WB_BIN -H 127.0.0.1 --source nrpe --nrpe-port $port --nrpe-tls none --date 2026-11-22"
		nrpe="$CHECK_NRPE -H 127.0.0.1 -p $port -n -c check_os_version"
	else
		wb="$WB_BIN -H 127.0.0.1 --source nrpe --nrpe-port $port --nrpe-tls adh --date 2026-11-22"
		nrpe="$CHECK_NRPE -H 127.0.0.1 -p $port -c check_os_version"
	fi
	echo "=== $variant: nrpe on 127.0.0.1:$port"
	# shellcheck disable=SC2086
	show check_winbuild $wb
	# shellcheck disable=SC2086
	show check_nrpe $nrpe
	echo

	hyperfine -N -i --warmup "$warmup" --runs "$runs" --export-json "$tmp/h.json" \
		-n check_winbuild "$wb" -n check_nrpe "$nrpe"

	# shellcheck disable=SC2086
	wb_i=$(instructions $wb) nrpe_i=$(instructions $nrpe)
	# shellcheck disable=SC2086
	wb_m=$(rss $wb) nrpe_m=$(rss $nrpe)
	read -r wb_t nrpe_t < <(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
for x in r:
    if len(set(x["exit_codes"])) != 1:
        sys.exit("%s: exit codes differ between runs: %s" % (x["command"], sorted(set(x["exit_codes"]))))
print(*("%.2f" % (x["mean"] * 1000) for x in r))' "$tmp/h.json")

	printf '\n%-16s %14s %16s %14s\n' "$variant" "wall mean ms" "instructions" "peak RSS KiB"
	printf '%-16s %14s %16s %14s\n' check_winbuild "$wb_t" "$wb_i" "$wb_m"
	printf '%-16s %14s %16s %14s\n' check_nrpe "$nrpe_t" "$nrpe_i" "$nrpe_m"
	awk -v a="$wb_t" -v b="$nrpe_t" -v c="$wb_i" -v d="$nrpe_i" -v e="$wb_m" -v f="$nrpe_m" \
		-v v="$variant" 'BEGIN {
		printf "\n%s: check_winbuild/check_nrpe: wall time %.3f, instructions %.3f, peak RSS %.3f\n\n",
			v, a / b, c / d, e / f }'
}

for v in $variants; do
	if [ "$v" = plain ]; then
		start_nrpe plain -n
	else
		start_nrpe adh
	fi
	bench "$v" "$port"
done
