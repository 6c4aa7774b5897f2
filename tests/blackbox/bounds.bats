#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The largest inputs, at and past the documented caps (README.md, "Limits"): a 10 MiB REST body,
# a host with 10,000 hotfixes, a 1 MiB catalogue and one just over it. Each answer is asserted;
# the time and the peak memory are measured with GNU time and printed as TAP comments (the note
# quotes them), not asserted: a timing test would only measure the machine.

bats_require_minimum_version 1.5.0

WB_DATE=2026-11-22

setup_file() {
	load helpers
	load ../emulator/emulator
	emu_setup
	local many=$EMU_DIR/many-hotfixes.json
	"$WB_PYTHON" - "$EMU_HOSTS/win2008sp2.json" "$many" <<'PY'
import json, sys
host = json.load(open(sys.argv[1]))
host["hotfixes"] = [["KB%d" % (4000000 + i), "%d/%d/%d" % (1 + i % 12, 1 + i % 28, 2010 + i % 15),
                     "Update"] for i in range(10000)]
json.dump(host, open(sys.argv[2], "w"))
PY
	start_emulator many --generation 0.16.4 --host "$many"
	start_emulator huge --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json" \
		--fault oversized --fault-bytes $((10 * 1024 * 1024)) --fault-route check_os_version
	start_snmpsim
}

teardown_file() {
	load helpers
	load ../emulator/emulator
	stop_snmpsim
	emu_teardown
}

setup() {
	load helpers
	load ../emulator/emulator
	require_wb
}

# measured ARGS...: run the plugin under GNU time; sets status, output, and prints the seconds
# and the peak resident memory as a TAP comment.
measured() {
	local t=$BATS_TEST_TMPDIR/time
	run --separate-stderr /usr/bin/time -o "$t" -f '%e %M' "$WB_BIN" \
		${WB_CATALOG:+--catalog "$WB_CATALOG"} "$@"
	read -r secs kib < <(tail -n 1 "$t")
	echo "# $BATS_TEST_DESCRIPTION: ${secs} s, ${kib} KiB peak" >&3
}

rest() {
	echo --source rest --rest-port "$(emu_port "$1")" --ca-file "$EMU_CERTS/ca.pem" \
		--password "$EMU_PASSWORD" --date "$WB_DATE"
}

@test "a 10 MiB REST body: UNKNOWN at the 1 MiB cap" {
	# shellcheck disable=SC2046
	measured -H 127.0.0.1 $(rest huge) -t 10
	[ "$status" -eq 3 ]
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "*"is larger than 1024 KiB"* ]] ||
		{ echo "$output" >&2; false; }
}

@test "10,000 hotfixes: the first 1,000 kept, newest first, the rest said to exist" {
	# shellcheck disable=SC2046
	measured -H 127.0.0.1 $(rest many) -t 20 --output-format json
	[ "$status" -eq 2 ] || { echo "$output" >&2; false; }
	json_is '.host.hotfixes | length' 1000
	json_is .host.hotfixes_capped true
	json_is '[.host.hotfixes[].installed] == ([.host.hotfixes[].installed] | sort | reverse)' true
	# shellcheck disable=SC2046
	measured -H 127.0.0.1 $(rest many) -t 20
	[[ "$output" == *$'\n\\_ hotfixes: 1000 or more installed, newest first: '*' and at least 992 more'$'\n'* ]] ||
		{ echo "$output" >&2; false; }
}

# catalogue_of BYTES FILE: the shipped catalogue followed by generated rows of the real format
# (builds no release has) up to BYTES.
catalogue_of() {
	"$WB_PYTHON" - "$WB_TOP/data/windows-lifecycle.catalog" "$1" "$2" <<'PY'
import sys
text = open(sys.argv[1]).read()
size, i = int(sys.argv[2]), 0
rows = []
while len(text) + sum(map(len, rows)) < size:
    rows.append("release | gen-%d | Generated %d | server | 10.0 | %d | general* | 2015-07-29 | "
                "2020-10-13 | 2025-10-14 | - | - | generated for the size test\n"
                % (i, i, 500000 + i))
    i += 1
out = (text + "".join(rows)).encode()
open(sys.argv[3], "wb").write(out[:size].rsplit(b"\n", 1)[0] + b"\n")
PY
}

@test "a 1 MiB catalogue loads and answers; one over 1 MiB is refused" {
	local big=$BATS_TEST_TMPDIR/big.catalog over=$BATS_TEST_TMPDIR/over.catalog
	catalogue_of $((1024 * 1024)) "$big"
	measured -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc --date "$WB_DATE" \
		--catalog "$big" --output-format json
	[ "$status" -eq 0 ] || { echo "$output" >&2; false; }
	json_is .host.product '"server-2019"'
	catalogue_of $((1024 * 1024 + 4096)) "$over"
	printf 'release | over | Over | server | 10.0 | 999990 | general* | - | - | - | - | - | x\n' >>"$over"
	run --separate-stderr "$WB_BIN" -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc --catalog "$over"
	[ "$status" -eq 3 ]
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - the catalogue $over is larger than 1 MiB" ]] ||
		{ echo "$output" >&2; false; }
}
