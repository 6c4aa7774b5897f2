#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# --software: check_winbuild walks hrSWInstalledTable on snmpsim's simulated hosts: the XP host
# with the 160 rows of snmpsim's recorded XP walk, the Server 2003 host with nmap's rows and
# constructed ones in their format (cut names among them), and a constructed Server 2003 host of
# 5,000 rows (tests/fixtures/make-software-table.py, written here into a temp dir).
# tests/fixtures/README.md gives each row's source. The expected KBs are read from the fixture
# files here with a regular expression, never written as lists; the walk is GETBULK over v2c and
# v3, GETNEXT over v1. The faults (a table that loops, one that never ends) are rows of
# faults-snmp.bats. WB_FAULT_TIMES=1 prints each run's time as a TAP comment.

bats_require_minimum_version 1.5.0

load helpers

WB_DATE=2026-11-22

setup_file() {
	local table=$BATS_FILE_TMPDIR/table
	mkdir -p "$table"
	"$WB_PYTHON" "$WB_TOP/tests/fixtures/make-software-table.py" 5000 \
		>"$table/win2003-5000.snmprec" || return 1
	SNMPSIM_DATA_DIRS=$table start_snmpsim
}

teardown_file() {
	stop_snmpsim
}

setup() {
	require_wb
}

# sw COMMUNITY ARGS...: the plugin with --software against the snmpsim host COMMUNITY.
sw() {
	local community=$1
	shift
	timed_run wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C "$community" --date "$WB_DATE" --software "$@"
}

# names COMMUNITY: the hrSWInstalledName values of a fixture, one a line (hex ones decoded).
names() {
	"$WB_PYTHON" - "$WB_FIXTURES/snmprec/$1.snmprec" <<'PY'
import sys
for line in open(sys.argv[1], "rb"):
    oid, tag, value = line.rstrip(b"\n").split(b"|", 2)
    if oid.startswith(b"1.3.6.1.2.1.25.6.3.1.2."):
        raw = bytes.fromhex(value.decode()) if tag == b"4x" else value
        sys.stdout.buffer.write(raw + b"\n")
PY
}

# kbs COMMUNITY: the KB of every name that holds a whole "(KB<digits>[-suffix])", sorted and
# unique: the oracle the plugin's hotfixes are compared with.
kbs() {
	names "$1" | grep -aoE '\(KB[0-9]{1,9}(-[A-Za-z0-9]{1,8})?\)' | grep -oE 'KB[0-9]+' | sort -u
}

@test "XP over v2c: the 160 rows of the real walk, their KBs and dates, cut names never KBs" {
	sw winxp --output-format json
	answered_within 10 2
	json_is '.host.software | length' 160
	json_is .host.software_left_out 0
	json_is .host.software_capped false
	json_is .sources.software '"snmp:hrSWInstalledTable"'
	json_is .sources.hotfixes '"snmp:hrSWInstalledTable"'
	# row 26 and row 10 of the walk, with their DateAndTimes 07dc0a0f... and 07dc0205...
	json_is '.host.software[25]' \
		'{"name":"Update for Windows XP (KB2661254-v2)","installed":"2012-10-15","kb":"KB2661254","cut":false}'
	json_is '.host.software[9] | [.kb, .installed]' '["KB2492386","2012-02-05"]'
	# the twelve rows cut after "(K", the Nokia and Smart Card rows: flagged, never a KB
	json_is '[.host.software[] | select(.name | endswith("(K"))] | length' 12
	json_is '[.host.software[] | select(.cut)] | length' 14
	json_is '[.host.software[] | select(.cut and .kb != null)] | length' 0
	# cp1252 bytes reach the output as '?'
	json_is '.host.software[0].name' '"Windows Driver Package - Nokia pccsmcfd ?LegacyDriver? (05/31/2"'
	json_is '.host.software[90].name' '"?Torrent"'
	# the hotfixes: exactly the KBs the names hold whole, one each, newest first
	json_is '[.host.hotfixes[].id] | sort' "$(kbs winxp | jq -R . | jq -sc .)"
	json_is '[.host.hotfixes[].installed] == ([.host.hotfixes[].installed] | sort | reverse)' true
	json_is .host.hotfixes_capped true
	json_is '.host.notes | test("^14 names fill the 64 bytes Windows cuts them at: a KB among them cannot be told")' true
}

@test "XP over v1 (GETNEXT) and SNMPv3 (GETBULK): the same rows as over v2c" {
	sw winxp --output-format json
	status_is 2
	local v2c
	v2c=$(jq -c '[.host.software, .host.hotfixes]' <<<"$output")
	sw winxp --output-format json -P 1 -v
	status_is 2
	[ "$(jq -c '[.host.software, .host.hotfixes]' <<<"$output")" = "$v2c" ]
	# one row a request, and the two requests that end the two columns (noSuchName)
	[[ "$stderr" == *"hrSWInstalledTable: 160 rows (76 naming a KB, 14 cut) in 162 requests"* ]] ||
		{ echo "$stderr"; false; }
	timed_run wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -P 3 -U "$WB_V3_USER" -L authPriv -a SHA-256 \
		-A "$WB_V3_AUTH_PASS" -x AES -X "$WB_V3_PRIV_PASS" -N winxp --date "$WB_DATE" \
		--software --output-format json
	answered_within 10 2
	[ "$(jq -c '[.host.software, .host.hotfixes]' <<<"$output")" = "$v2c" ]
}

@test "Server 2003, text: the software and hotfixes lines, a KB cut in its number never read" {
	sw win2003
	answered_within 10 2
	[[ "$output" == *$'\n\\_ software: 15 installed programs (9 updates by KB)\n'* ]] ||
		{ echo "$output"; false; }
	# nmap's rows of 2007-09-15, the constructed ones, KB925902 at its -v2's date, the undated last
	[[ "$output" == *$'\n\\_ hotfixes: 8 or more installed, newest first: KB2657424 (2012-03-14), KB2570791 (2011-08-10), KB925902 (2011-08-10), KB2524375 (2011-06-15), KB911564 (2007-09-15), KB924667 (2007-09-15), KB925398 (2007-09-15), KB2756822\n'* ]] ||
		{ echo "$output"; false; }
	[[ "$output" == *$'\n\\_ notes: 3 names fill the 64 bytes Windows cuts them at: a KB among them cannot be told\n'* ]] ||
		{ echo "$output"; false; }
	# "(KB26041" is KB2604121 cut short: neither is told
	[[ "$output" != *KB26041* ]] || { echo "$output"; false; }
	[ "$(kbs win2003 | tr '\n' ' ')" = "KB2524375 KB2570791 KB2657424 KB2756822 KB911564 KB924667 KB925398 KB925902 " ]
}

@test "Server 2003 over v1, JSON: the rows, their dates (one without), the cut ones" {
	sw win2003 --output-format json -P 1
	answered_within 10 2
	json_is '[.host.software[] | .kb] | map(select(. != null)) | length' 9
	json_is '.host.software[11]' \
		'{"name":"Security Update for Microsoft .NET Framework 4 Extended (KB26041","installed":"2012-01-11","kb":null,"cut":true}'
	# 64 bytes ending in a blank: sanitised, and still cut
	json_is '.host.software[13] | [.name, .cut]' \
		'["Security Update for Microsoft .NET Framework 2.0 Service Pack 2",true]'
	json_is '.host.software[14]' \
		'{"name":"Hotfix for Windows Server 2003 (KB2756822)","installed":null,"kb":"KB2756822","cut":false}'
	json_is '[.host.hotfixes[].id] | sort' "$(kbs win2003 | jq -R . | jq -sc .)"
	json_is '[.host.hotfixes[] | select(.id == "KB925902") | .installed]' '["2011-08-10"]'
}

@test "5,000 rows over v2c within -t 10: every row read, 201 requests, JSON whole" {
	sw win2003-5000 --output-format json -v
	status_is 2
	echo "# 5,000 rows: ${ELAPSED_MS} ms; ${stderr##*hrSWInstalledTable: }" >&3
	[ "$ELAPSED_MS" -le 11000 ] || { echo "took $ELAPSED_MS ms"; false; }
	[[ "$stderr" == *"hrSWInstalledTable: 5000 rows ("*") in 201 requests, "* ]] || { echo "$stderr"; false; }
	json_is .host.software_capped false
	json_is '(.host.software | length) + .host.software_left_out' 5000
	json_is '.host.software | length > 40' true
	json_is 'has("output_capped")' false
	json_is '.host.hotfixes | length' 1000
	json_is .host.hotfixes_capped true
	json_is '[.rules[].name]' '["support","edition"]'
	# the names the generator cut at 64 bytes: "(KB9" and its like never read as KBs
	json_is '[.host.software[] | select(.cut and .kb != null)] | length' 0
}

@test "5,000 rows over v1 with -t 2: what was read, the table did not end, within -t + 1 s" {
	sw win2003-5000 -P 1 -t 2
	status_is 2
	[ "$ELAPSED_MS" -le 3000 ] || { echo "took $ELAPSED_MS ms"; false; }
	echo "# v1, -t 2: ${ELAPSED_MS} ms; ${lines[4]:-}" >&3
	[[ "$output" =~ $'\n\\_ software: '[0-9]+' or more installed programs' ]] || { echo "$output"; false; }
	[[ "$output" =~ $'\n\\_ notes: walked '[0-9]+' rows in '[0-9.]+' s, the table did not end within -t' ]] ||
		{ echo "$output"; false; }
}

@test "a host without the table (Server 2022): no programs, no hotfixes, no UNKNOWN" {
	sw win2022 --output-format json
	answered_within 10 0
	json_is .host.software '[]'
	json_is .host.software_capped false
	json_is .host.hotfixes null
	json_is .sources.hotfixes null
	sw win2022
	[[ "$output" == *$'\n\\_ software: 0 installed programs (0 updates by KB)\n'* ]] || { echo "$output"; false; }
}

@test "without --software nothing is walked; with --source rest alone it is a usage error" {
	timed_run wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C winxp --date "$WB_DATE" --output-format json -v
	status_is 2
	json_is .host.software null
	json_is .host.hotfixes null
	[[ "$stderr" != *hrSWInstalledTable* ]] || { echo "$stderr"; false; }
	run -3 wb -H 127.0.0.1 --source rest --software
	[ "$output" = "WINBUILD UNKNOWN - --software walks SNMP's hrSWInstalledTable: give --source snmp,rest (or leave --source out)" ]
}

@test "XP at -vvv: every row traced, sanitised; no control byte in the answer or the trace" {
	run_raw -H 127.0.0.1 -p "$SNMPSIM_PORT" -C winxp --date "$WB_DATE" --software -vvv
	status_is 2
	no_control_bytes "$RAW_OUT"
	no_control_bytes "$RAW_ERR"
	pipe_only_perfdata "$RAW_OUT"
	[ "$(grep -c '^check_winbuild: hrSWInstalledName\.' "$RAW_ERR")" -eq 160 ]
	grep -q "^check_winbuild: hrSWInstalledName\.26 2012-10-15 'Update for Windows XP (KB2661254-v2)' KB2661254$" "$RAW_ERR"
	grep -q "^check_winbuild: hrSWInstalledName\.106 2013-02-25 'Security Update for Microsoft .NET Framework 4 Client Profile (K' (cut)$" "$RAW_ERR"
}
