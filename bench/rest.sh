#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Benchmarks one check_winbuild REST check against Icinga's check_nscp_api
# -q check_os_version, both against the NSClient++ emulator (generation
# 0.16.4, the Server 2008 SP2 host) over TLS on loopback:
#   wall time (hyperfine), instructions (callgrind), peak RSS (GNU time).
# check_winbuild asks five things (agent version, check_os_version,
# Win32_OperatingSystem, ntoskrnl.exe's version, the hotfixes), each its
# own HTTPS request, since NSClient++ closes every connection;
# check_nscp_api asks one.
#
# Usage: bench/rest.sh      Environment: WB_BIN (default: the binary that
# scripts/build installs), BENCH_RUNS (50), BENCH_WARMUP (3).
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
WB_BIN=${WB_BIN:-_build/_inst/libexec/nagios/plugins/check_winbuild}
NSCP_API=${NSCP_API:-/usr/lib/nagios/plugins/check_nscp_api}
runs=${BENCH_RUNS:-50}
warmup=${BENCH_WARMUP:-3}

die() { echo "bench/rest.sh: $*" >&2; exit 1; }
[ -x "$WB_BIN" ] || die "$WB_BIN is not built (scripts/build, or set WB_BIN)"
[ -x "$NSCP_API" ] || die "$NSCP_API is missing (Debian package icinga2-bin)"
for tool in hyperfine valgrind openssl /usr/bin/time /usr/bin/python3; do
	command -v "$tool" >/dev/null || die "$tool is missing (scripts/deps installs it)"
done

tmp=$(mktemp -d)
pid=
cleanup() {
	[ -z "$pid" ] || { kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; }
	rm -rf "$tmp"
}
trap cleanup EXIT

sh tests/emulator/make-certs.sh "$tmp/certs" >/dev/null
/usr/bin/python3 tests/emulator/nscp_emulator.py --generation 0.16.4 \
	--host tests/emulator/hosts/win2008sp2.json --password secret --port 0 \
	--cert "$tmp/certs/server.pem" --key "$tmp/certs/server.key" \
	--ready-file "$tmp/ready" >"$tmp/emulator.log" 2>&1 &
pid=$!
for _ in $(seq 100); do
	[ -s "$tmp/ready" ] && break
	sleep 0.05
done
[ -s "$tmp/ready" ] || die "the emulator did not start: $(cat "$tmp/emulator.log")"
port=$(cat "$tmp/ready")

wb="$WB_BIN -H 127.0.0.1 --source rest --rest-port $port --password secret --ca-file $tmp/certs/ca.pem --date 2026-11-22"
nscp="$NSCP_API -H 127.0.0.1 -P $port --password secret -q check_os_version"
echo "\$ $wb"
$wb || true
echo "\$ $nscp"
$nscp || true
echo

hyperfine -N -i --warmup "$warmup" --runs "$runs" --export-json "$tmp/h.json" \
	-n check_winbuild "$wb" -n check_nscp_api "$nscp"

instructions() {
	rm -f "$tmp"/cg.*
	valgrind --tool=callgrind --callgrind-out-file="$tmp/cg.%p" "$@" >/dev/null 2>&1 || true
	awk '/^summary:/ {n += $2} END {print n}' "$tmp"/cg.*
}
rss() {
	/usr/bin/time -f %M "$@" 2>&1 >/dev/null | tail -n 1
}
# shellcheck disable=SC2086
wb_i=$(instructions $wb) nscp_i=$(instructions $nscp)
# shellcheck disable=SC2086
wb_m=$(rss $wb) nscp_m=$(rss $nscp)
read -r wb_t nscp_t < <(/usr/bin/python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["results"]
print(*("%.2f" % (x["mean"] * 1000) for x in r))' "$tmp/h.json")

printf '\n%-16s %14s %16s %14s\n' "" "wall mean ms" "instructions" "peak RSS KiB"
printf '%-16s %14s %16s %14s\n' check_winbuild "$wb_t" "$wb_i" "$wb_m"
printf '%-16s %14s %16s %14s\n' check_nscp_api "$nscp_t" "$nscp_i" "$nscp_m"
awk -v a="$wb_t" -v b="$nscp_t" -v c="$wb_i" -v d="$nscp_i" -v e="$wb_m" -v f="$nscp_m" 'BEGIN {
	printf "\ncheck_winbuild/check_nscp_api: wall time %.3f, instructions %.3f, peak RSS %.3f\n",
		a / b, c / d, e / f }'
