#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Everything that can go wrong, each with the clear message a user should see: no agent, a wrong
# community, a host without sysDescr, hostile or overlong sysDescr bytes (fixtures garbage and
# overlong, constructed failure inputs), bad option values, and the community kept secret
# whether it comes from -C, --community-file or WINBUILD_COMMUNITY.

bats_require_minimum_version 1.5.0

load helpers

WB_DATE=2026-11-22
# A community of its own (an alias of win2019dc), so that a leak is easy to find.
WB_SECRET_COMMUNITY=wbS3cret-c0mm-Zq9x
WB_WRONG_COMMUNITY=wbWrong-c0mm-Jt5v

setup_file() {
	SNMPSIM_ALIASES="$WB_SECRET_COMMUNITY=win2019dc" start_snmpsim
}

teardown_file() {
	stop_snmpsim
}

setup() {
	require_wb
	unset WINBUILD_COMMUNITY WINBUILD_AUTH_PASSPHRASE WINBUILD_PRIV_PASSPHRASE
}

# usage_error ARGS...: `wb ARGS...` is a usage error: exit 3 and exactly one line on stdout
# that starts with `WINBUILD UNKNOWN - ` like every UNKNOWN (the contract: `<what is wrong>;
# <what would be right>`; the wording after the prefix is not checked here), and one JSON object
# with state UNKNOWN when --output-format json is added.
usage_error() {
	run --separate-stderr wb "$@"
	status_is 3
	if [ -z "$output" ] || [ "$(printf '%s\n' "$output" | wc -l)" -ne 1 ]; then
		printf 'expected one line on stdout, got:\n%s\n' "$output" >&2
		return 1
	fi
	[[ "$output" == "WINBUILD UNKNOWN - "* ]] ||
		{ printf 'does not start with "WINBUILD UNKNOWN - ": %s\n' "$output" >&2; return 1; }
	# the same error as one JSON object when JSON is asked for
	run --separate-stderr wb "$@" --output-format json
	status_is 3
	json_is .state '"UNKNOWN"'
	json_is '.summary | length > 0' true
}

# bad_value ARGS...: usage_error with a working host and community around ARGS.
bad_value() {
	usage_error -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc "$@"
}

# elapsed_at_most MS: the last timed run (t0 set by the caller) took at most MS milliseconds.
elapsed_at_most() {
	local ms=$(($(now_ms) - t0))
	[ "$ms" -le "$1" ] || { echo "took $ms ms, expected at most $1 ms" >&2; return 1; }
}

# --- nothing answers ---------------------------------------------------------------------------

@test "no agent on the port: UNKNOWN within 3 s with -t 2, says no answer, mentions the community" {
	local port t0
	port=$(free_port)
	t0=$(now_ms)
	run --separate-stderr wb -H 127.0.0.1 -p "$port" -t 2 --date "$WB_DATE"
	elapsed_at_most 3000
	status_is 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "* ]] || { echo "first line: ${lines[0]}" >&2; false; }
	output_matches 'no (answer|response|reply)' "says there was no answer"
	output_matches 'community' "names a wrong community as a possible cause"
}

@test "-t 2:CRITICAL: no answer gives the state asked for" {
	local port t0
	port=$(free_port)
	t0=$(now_ms)
	run --separate-stderr wb -H 127.0.0.1 -p "$port" -t 2:CRITICAL --date "$WB_DATE"
	elapsed_at_most 3000
	status_is 2
	[[ "${lines[0]}" == "WINBUILD CRITICAL - "* ]] || { echo "first line: ${lines[0]}" >&2; false; }
}

@test "wrong community on a live agent looks like a timeout: says the community may be wrong" {
	local t0
	t0=$(now_ms)
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C "$WB_WRONG_COMMUNITY" -t 2 \
		--date "$WB_DATE"
	elapsed_at_most 3000
	status_is 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "* ]] || { echo "first line: ${lines[0]}" >&2; false; }
	output_matches 'no (answer|response|reply)' "says there was no answer"
	output_matches 'community' "names a wrong community as a possible cause"
	not_in_output "$WB_WRONG_COMMUNITY"
}

# --- what the host sends -----------------------------------------------------------------------

@test "no sysDescr (noSuchObject): UNKNOWN naming sysDescr and 'no such object'" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C nosysdescr --date "$WB_DATE"
	status_is 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "* ]] || { echo "first line: ${lines[0]}" >&2; false; }
	output_matches 'sysDescr'
	output_matches 'no ?such ?object'
}

@test "no sysDescr over SNMPv1 (noSuchName): UNKNOWN naming sysDescr" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C nosysdescr -P 1 --date "$WB_DATE"
	status_is 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "* ]] || { echo "first line: ${lines[0]}" >&2; false; }
	output_matches 'sysDescr'
}

@test "garbage sysDescr: UNKNOWN, no control characters and no '|' outside perfdata" {
	run_raw -H 127.0.0.1 -p "$SNMPSIM_PORT" -C garbage --date "$WB_DATE"
	status_is 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "* ]] || { echo "output: $output" >&2; false; }
	no_control_bytes "$RAW_OUT"
	pipe_only_perfdata "$RAW_OUT"
	# the newline inside the sysDescr must not start a line of its own
	! grep -q '^WINBUILD OK' "$RAW_OUT" || { echo "injected line in output: $output" >&2; false; }
}

@test "garbage sysDescr: -vvv output has no control characters either" {
	run_raw -H 127.0.0.1 -p "$SNMPSIM_PORT" -C garbage --date "$WB_DATE" -vvv
	status_is 3
	no_control_bytes "$RAW_OUT"
	pipe_only_perfdata "$RAW_OUT"
}

@test "garbage sysDescr: the output is valid UTF-8 (cp1252 and invalid bytes are converted)" {
	run_raw -H 127.0.0.1 -p "$SNMPSIM_PORT" -C garbage --date "$WB_DATE"
	status_is 3
	valid_utf8 "$RAW_OUT"
}

@test "garbage sysDescr in JSON: UNKNOWN, valid JSON, sanitised sysdescr" {
	run_raw -H 127.0.0.1 -p "$SNMPSIM_PORT" -C garbage --date "$WB_DATE" --output-format json
	status_is 3
	no_control_bytes "$RAW_OUT"
	json_is .state '"UNKNOWN"'
	json_is .exit_code 3
	# when the sysDescr is shown, the decoded string holds no control character and no '|'
	json_is '.host.sysdescr // "" | test("[\u0000-\u001f\u007f-\u009f|]")' false
}

@test "overlong sysDescr (730 bytes): first line capped, and it works or says what it saw" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C overlong --date "$WB_DATE"
	[ "${#lines[0]}" -le 300 ] || { echo "first line has ${#lines[0]} characters" >&2; false; }
	if [ "$status" -le 2 ]; then
		# the real Windows Server 2022 string at the start was understood
		status_is 0
		output_matches '20348'
	else
		status_is 3
		output_matches 'sysDescr'
	fi
}

@test "overlong sysDescr in JSON: works, or UNKNOWN" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C overlong --date "$WB_DATE" \
		--output-format json
	if [ "$status" -le 2 ]; then
		json_is .host.build 20348
	else
		json_is .state '"UNKNOWN"'
	fi
}

# --- bad option values: exit 3, one line ---------------------------------------------------------

@test "usage: -w abc"              { bad_value -w abc; }
@test "usage: -c abc"              { bad_value -c abc; }
@test "usage: -w 10:5 (start > end)" { bad_value -w 10:5; }
@test "usage: -t 0"                { bad_value -t 0; }
@test "usage: -t abc"              { bad_value -t abc; }
@test "usage: -t -5"               { bad_value -t -5; }
@test "usage: -t 5:BOGUS"          { bad_value -t 5:BOGUS; }
@test "usage: -P 4"                { bad_value -P 4; }
@test "usage: -p 0"                { bad_value -p 0; }
@test "usage: -p 65536"            { bad_value -p 65536; }
@test "usage: -p abc"              { bad_value -p abc; }
@test "usage: --date 2026-13-01"   { bad_value --date 2026-13-01; }
@test "usage: --date 2026-02-30"   { bad_value --date 2026-02-30; }
@test "usage: --date tomorrow"     { bad_value --date tomorrow; }
@test "usage: --support foo"       { bad_value --support foo; }
@test "usage: --min-build x.y"     { bad_value --min-build x.y; }
@test "usage: --min-build 6.0.x"   { bad_value --min-build 6.0.x; }
@test "usage: --min-build ''"      { bad_value --min-build ''; }
@test "usage: --output-format xml" { bad_value --output-format xml; }
@test "usage: -L bogus"            { bad_value -P 3 -U wbuser -L bogus; }

@test "usage: -a MD6" {
	bad_value -P 3 -U wbuser -L authNoPriv -a MD6 -A "$WB_V3_AUTH_PASS"
}

@test "usage: -x ROT13" {
	bad_value -P 3 -U wbuser -L authPriv -a SHA-256 -A "$WB_V3_AUTH_PASS" -x ROT13 \
		-X "$WB_V3_PRIV_PASS"
}

@test "usage: missing -H names -H" {
	usage_error -C win2019dc --date "$WB_DATE"
	output_matches '(^|[^a-z])-H|hostname'
}

@test "usage: -H HOST:PORT says to give the port with -p, not an IPv6 error" {
	usage_error -H "127.0.0.1:$SNMPSIM_PORT" -C win2019dc --date "$WB_DATE"
	output_matches "give the port with -p .*-H 127\.0\.0\.1 -p $SNMPSIM_PORT"
}

@test "usage: --catalog /nonexistent names the file" {
	# not through wb: it passes the source-tree catalogue first
	run --separate-stderr "$WB_BIN" -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc \
		--catalog /nonexistent/windows-lifecycle.catalog
	status_is 3
	[ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ] ||
		{ echo "more than one line: $output" >&2; false; }
	output_matches '/nonexistent/windows-lifecycle\.catalog'
	[[ "$output" == "WINBUILD UNKNOWN - "* ]] || { echo "prefix: $output" >&2; false; }
	run --separate-stderr "$WB_BIN" -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc \
		--catalog /nonexistent/windows-lifecycle.catalog --output-format json
	status_is 3
	json_is .state '"UNKNOWN"'
	json_is '.summary | test("/nonexistent/windows-lifecycle.catalog")' true
}

@test "usage: --community-file /nonexistent names the file" {
	usage_error -H 127.0.0.1 -p "$SNMPSIM_PORT" --community-file /nonexistent/community
	output_matches '/nonexistent/community'
}

@test "usage: an unknown option exits 3 with a short usage" {
	run --separate-stderr wb -H 127.0.0.1 --frobnicate
	status_is 3
	[ "${#lines[@]}" -ge 1 ] && [ "${#lines[@]}" -le 23 ] ||
		{ echo "expected 1..23 lines, got ${#lines[@]}: $output" >&2; false; }
}

# --- the community is a secret -------------------------------------------------------------------

@test "community from --community-file works and never appears in the output" {
	printf '%s\n' "$WB_SECRET_COMMUNITY" >"$BATS_TEST_TMPDIR/community"
	chmod 600 "$BATS_TEST_TMPDIR/community"
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" \
		--community-file "$BATS_TEST_TMPDIR/community" --date "$WB_DATE" --output-format json
	status_is 0
	json_is .host.build 17763
	not_in_output "$WB_SECRET_COMMUNITY"
}

@test "community from WINBUILD_COMMUNITY works and never appears in the output" {
	export WINBUILD_COMMUNITY=$WB_SECRET_COMMUNITY
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" --date "$WB_DATE" --output-format json
	status_is 0
	json_is .host.build 17763
	not_in_output "$WB_SECRET_COMMUNITY"
}

@test "-vvv never shows the community (from --community-file)" {
	printf '%s\n' "$WB_SECRET_COMMUNITY" >"$BATS_TEST_TMPDIR/community"
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" \
		--community-file "$BATS_TEST_TMPDIR/community" --date "$WB_DATE" -vvv
	status_is 0
	not_in_output "$WB_SECRET_COMMUNITY"
}

@test "-vvv never shows the community (from WINBUILD_COMMUNITY)" {
	export WINBUILD_COMMUNITY=$WB_SECRET_COMMUNITY
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" --date "$WB_DATE" -vvv
	status_is 0
	not_in_output "$WB_SECRET_COMMUNITY"
}

@test "-vvv never shows the community (from -C)" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C "$WB_SECRET_COMMUNITY" \
		--date "$WB_DATE" -vvv
	status_is 0
	not_in_output "$WB_SECRET_COMMUNITY"
}

@test "-vvv with a wrong community from a file: no answer, and the community is not shown" {
	printf '%s\n' "$WB_WRONG_COMMUNITY" >"$BATS_TEST_TMPDIR/community"
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -t 2 \
		--community-file "$BATS_TEST_TMPDIR/community" --date "$WB_DATE" -vvv
	status_is 3
	not_in_output "$WB_WRONG_COMMUNITY"
}

@test "precedence: -C beats --community-file" {
	printf '%s\n' "$WB_WRONG_COMMUNITY" >"$BATS_TEST_TMPDIR/community"
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C "$WB_SECRET_COMMUNITY" \
		--community-file "$BATS_TEST_TMPDIR/community" --date "$WB_DATE" --output-format json
	status_is 0
	json_is .host.build 17763
}

@test "precedence: --community-file beats WINBUILD_COMMUNITY" {
	export WINBUILD_COMMUNITY=$WB_WRONG_COMMUNITY
	printf '%s\n' "$WB_SECRET_COMMUNITY" >"$BATS_TEST_TMPDIR/community"
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" \
		--community-file "$BATS_TEST_TMPDIR/community" --date "$WB_DATE" --output-format json
	status_is 0
	json_is .host.build 17763
}

@test "precedence: WINBUILD_COMMUNITY beats the default 'public'" {
	export WINBUILD_COMMUNITY=win2022
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" --date "$WB_DATE" --output-format json
	status_is 0
	json_is .host.build 20348
}
