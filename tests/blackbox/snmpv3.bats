#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# SNMPv3 against two agents:
#   - net-snmp's snmpd (user wbuser, SHA-256/AES, authPriv required; sysDescr of the win2022
#     fixture): the real v3 agent, used for every failure case, because it answers a wrong
#     passphrase or an unknown user with a USM report (usmStatsWrongDigests,
#     usmStatsUnknownUserNames) the way real agents do;
#   - snmpsim (user wbuser plus one user per other protocol): the context name selects the
#     fixture host (-N win2019dc); an empty context gets the win2022 fixture (see start_snmpsim).
#     snmpsim drops bad v3 requests without a report, so it is not used for failures.
# Passphrases given by file or environment must never appear in the output or in -vvv traces.

bats_require_minimum_version 1.5.0

load helpers

WB_DATE=2026-11-22

setup_file() {
	# Extra snmpsim users: one per auth protocol (with AES) and one per privacy protocol (with
	# SHA-256). net-snmp's AES-192/AES-256 use the Blumenthal key extension: snmpsim's
	# AES192BLMT/AES256BLMT.
	local a="$WB_V3_AUTH_PASS" p="$WB_V3_PRIV_PASS"
	SNMPSIM_V3_EXTRA_USERS="wbmd5:MD5:$a:AES:$p wbsha1:SHA:$a:AES:$p wbsha224:SHA224:$a:AES:$p"
	SNMPSIM_V3_EXTRA_USERS+=" wbsha384:SHA384:$a:AES:$p wbsha512:SHA512:$a:AES:$p"
	SNMPSIM_V3_EXTRA_USERS+=" wbdes:SHA256:$a:DES:$p wbaes192:SHA256:$a:AES192BLMT:$p"
	SNMPSIM_V3_EXTRA_USERS+=" wbaes256:SHA256:$a:AES256BLMT:$p wbauthonly:SHA256:$a:NONE:x"
	SNMPSIM_V3_EXTRA_USERS+=" wbnoauth:NONE:x:NONE:x"
	start_snmpsim || return 1
	start_snmpd || { stop_snmpsim; return 1; }
}

teardown_file() {
	local rc=0
	stop_snmpd || rc=1
	stop_snmpsim || rc=1
	return $rc
}

setup() {
	require_wb
	unset WINBUILD_COMMUNITY WINBUILD_AUTH_PASSPHRASE WINBUILD_PRIV_PASSPHRASE
}

# v3_snmpd USER AUTHPROTO [OPTIONS...]: query snmpd, authPriv with AES, JSON output; the
# passphrases are left to the caller.
v3_snmpd() {
	local user=$1 auth=$2
	shift 2
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPD_PORT" -P 3 -U "$user" -L authPriv \
		-a "$auth" -x AES --date "$WB_DATE" --output-format json "$@"
}

# v3_snmpsim USER AUTH PRIV [OPTIONS...]: query snmpsim's context win2019dc as USER, authPriv.
v3_snmpsim() {
	local user=$1 auth=$2 priv=$3
	shift 3
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -P 3 -U "$user" -L authPriv \
		-a "$auth" -A "$WB_V3_AUTH_PASS" -x "$priv" -X "$WB_V3_PRIV_PASS" -N win2019dc \
		--date "$WB_DATE" --output-format json "$@"
}

# --- it works ----------------------------------------------------------------------------------

@test "snmpd: authPriv SHA-256/AES reads Server 2022" {
	v3_snmpd "$WB_V3_USER" SHA-256 -A "$WB_V3_AUTH_PASS" -X "$WB_V3_PRIV_PASS"
	status_is 0
	json_is .state '"OK"'
	json_is .host.product '"server-2022"'
	json_is .host.build 20348
}

@test "snmpsim: authPriv SHA-256/AES with context win2019dc reads the 2019 DC" {
	v3_snmpsim "$WB_V3_USER" SHA-256 AES
	status_is 0
	json_is .state '"OK"'
	json_is .host.build 17763
	json_is .host.product_type '"domain_controller"'
}

@test "snmpsim: authPriv with the empty context reads the default host (win2022)" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -P 3 -U "$WB_V3_USER" -L authPriv \
		-a SHA-256 -A "$WB_V3_AUTH_PASS" -x AES -X "$WB_V3_PRIV_PASS" \
		--date "$WB_DATE" --output-format json
	status_is 0
	json_is .host.build 20348
}

@test "snmpsim: -a MD5" {
	v3_snmpsim wbmd5 MD5 AES
	status_is 0
	json_is .host.build 17763
}

@test "snmpsim: -a SHA" {
	v3_snmpsim wbsha1 SHA AES
	status_is 0
	json_is .host.build 17763
}

@test "snmpsim: -a SHA-224" {
	v3_snmpsim wbsha224 SHA-224 AES
	status_is 0
	json_is .host.build 17763
}

@test "snmpsim: -a SHA-384" {
	v3_snmpsim wbsha384 SHA-384 AES
	status_is 0
	json_is .host.build 17763
}

@test "snmpsim: -a SHA-512" {
	v3_snmpsim wbsha512 SHA-512 AES
	status_is 0
	json_is .host.build 17763
}

@test "snmpsim: -x DES" {
	v3_snmpsim wbdes SHA-256 DES
	status_is 0
	json_is .host.build 17763
}

@test "snmpsim: -x AES-192" {
	v3_snmpsim wbaes192 SHA-256 AES-192
	status_is 0
	json_is .host.build 17763
}

@test "snmpsim: -x AES-256" {
	v3_snmpsim wbaes256 SHA-256 AES-256
	status_is 0
	json_is .host.build 17763
}

@test "snmpsim: authNoPriv SHA-256" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -P 3 -U wbauthonly -L authNoPriv \
		-a SHA-256 -A "$WB_V3_AUTH_PASS" -N win2019dc --date "$WB_DATE" --output-format json
	status_is 0
	json_is .host.build 17763
}

@test "snmpsim: noAuthNoPriv" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -P 3 -U wbnoauth -L noAuthNoPriv \
		-N win2019dc --date "$WB_DATE" --output-format json
	status_is 0
	json_is .host.build 17763
}

# --- it fails clearly --------------------------------------------------------------------------

@test "snmpd: wrong auth passphrase is UNKNOWN naming an authentication failure" {
	v3_snmpd "$WB_V3_USER" SHA-256 -A wbWrongAuth-8hG2 -X "$WB_V3_PRIV_PASS"
	status_is 3
	json_is .state '"UNKNOWN"'
	output_matches 'authenticat' "names an authentication failure"
	not_in_output wbWrongAuth-8hG2
}

@test "snmpd: wrong auth passphrase in text mode: one UNKNOWN line naming it" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPD_PORT" -P 3 -U "$WB_V3_USER" -L authPriv \
		-a SHA-256 -A wbWrongAuth-8hG2 -x AES -X "$WB_V3_PRIV_PASS" --date "$WB_DATE"
	status_is 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "* ]] || { echo "first line: ${lines[0]}" >&2; false; }
	output_matches 'authenticat'
}

@test "snmpd: wrong auth protocol (SHA for a SHA-256 user) is an authentication failure" {
	v3_snmpd "$WB_V3_USER" SHA -A "$WB_V3_AUTH_PASS" -X "$WB_V3_PRIV_PASS"
	status_is 3
	output_matches 'authenticat'
}

@test "snmpd: unknown user is UNKNOWN naming the user" {
	v3_snmpd wbNoSuchUser SHA-256 -A "$WB_V3_AUTH_PASS" -X "$WB_V3_PRIV_PASS"
	status_is 3
	json_is .state '"UNKNOWN"'
	output_matches 'wbNoSuchUser' "names the user"
	output_matches 'user'
}

# snmpd cannot decrypt the request, logs "error parsing ScopedPDU" and sends no report: to the
# plugin this is a timeout, like a wrong community, so the message must name the likely cause.
@test "snmpd: wrong privacy passphrase: UNKNOWN within 3 s, names the privacy passphrase" {
	local t0 ms
	t0=$(now_ms)
	v3_snmpd "$WB_V3_USER" SHA-256 -A "$WB_V3_AUTH_PASS" -X wbWrongPriv-3kD7 -t 2
	ms=$(($(now_ms) - t0))
	[ "$ms" -le 3000 ] || { echo "took $ms ms" >&2; false; }
	status_is 3
	not_in_output wbWrongPriv-3kD7
	output_matches 'priv' "names the privacy passphrase (-X) as a possible cause"
}

@test "snmpd: authNoPriv for a user that requires privacy is UNKNOWN (authorizationError)" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPD_PORT" -P 3 -U "$WB_V3_USER" -L authNoPriv \
		-a SHA-256 -A "$WB_V3_AUTH_PASS" --date "$WB_DATE"
	status_is 3
	output_matches 'authori[sz]ation|access|denied'
}

@test "usage: -L authPriv without a privacy passphrase exits 3 with one line" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPD_PORT" -P 3 -U "$WB_V3_USER" -L authPriv \
		-a SHA-256 -A "$WB_V3_AUTH_PASS" -x AES --date "$WB_DATE"
	status_is 3
	[ -n "$output" ] && [ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ] ||
		{ echo "expected one line: $output" >&2; false; }
}

@test "usage: a passphrase shorter than 8 characters exits 3 with one line" {
	v3_snmpd "$WB_V3_USER" SHA-256 -A wbSh0rt -X "$WB_V3_PRIV_PASS"
	status_is 3
	[ -n "$output" ] && [ "$(printf '%s\n' "$output" | wc -l)" -eq 1 ] ||
		{ echo "expected one line: $output" >&2; false; }
	not_in_output wbSh0rt
}

# --- passphrases are secrets -----------------------------------------------------------------

@test "passphrases from --auth-passphrase-file/--priv-passphrase-file work and never show (-vvv)" {
	printf '%s\n' "$WB_V3_AUTH_PASS" >"$BATS_TEST_TMPDIR/auth"
	printf '%s\n' "$WB_V3_PRIV_PASS" >"$BATS_TEST_TMPDIR/priv"
	chmod 600 "$BATS_TEST_TMPDIR/auth" "$BATS_TEST_TMPDIR/priv"
	v3_snmpd "$WB_V3_USER" SHA-256 --auth-passphrase-file "$BATS_TEST_TMPDIR/auth" \
		--priv-passphrase-file "$BATS_TEST_TMPDIR/priv"
	status_is 0
	json_is .host.build 20348
	not_in_output "$WB_V3_AUTH_PASS"
	not_in_output "$WB_V3_PRIV_PASS"
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPD_PORT" -P 3 -U "$WB_V3_USER" -L authPriv \
		-a SHA-256 -x AES --auth-passphrase-file "$BATS_TEST_TMPDIR/auth" \
		--priv-passphrase-file "$BATS_TEST_TMPDIR/priv" --date "$WB_DATE" -vvv
	status_is 0
	not_in_output "$WB_V3_AUTH_PASS"
	not_in_output "$WB_V3_PRIV_PASS"
}

@test "passphrases from WINBUILD_{AUTH,PRIV}_PASSPHRASE work and never show (-vvv)" {
	export WINBUILD_AUTH_PASSPHRASE=$WB_V3_AUTH_PASS WINBUILD_PRIV_PASSPHRASE=$WB_V3_PRIV_PASS
	v3_snmpd "$WB_V3_USER" SHA-256
	status_is 0
	json_is .host.build 20348
	not_in_output "$WB_V3_AUTH_PASS"
	not_in_output "$WB_V3_PRIV_PASS"
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPD_PORT" -P 3 -U "$WB_V3_USER" -L authPriv \
		-a SHA-256 -x AES --date "$WB_DATE" -vvv
	status_is 0
	not_in_output "$WB_V3_AUTH_PASS"
	not_in_output "$WB_V3_PRIV_PASS"
}

@test "passphrases from -A/-X never show in -vvv traces" {
	v3_snmpd "$WB_V3_USER" SHA-256 -A "$WB_V3_AUTH_PASS" -X "$WB_V3_PRIV_PASS" -vvv
	status_is 0
	not_in_output "$WB_V3_AUTH_PASS"
	not_in_output "$WB_V3_PRIV_PASS"
}

@test "a wrong passphrase from a file never shows, even with -vvv" {
	printf '%s\n' wbWrongAuth-8hG2 >"$BATS_TEST_TMPDIR/auth"
	v3_snmpd "$WB_V3_USER" SHA-256 --auth-passphrase-file "$BATS_TEST_TMPDIR/auth" \
		-X "$WB_V3_PRIV_PASS" -vvv
	status_is 3
	not_in_output wbWrongAuth-8hG2
	not_in_output "$WB_V3_PRIV_PASS"
}

@test "precedence: --auth-passphrase-file beats WINBUILD_AUTH_PASSPHRASE" {
	export WINBUILD_AUTH_PASSPHRASE=wbWrongAuth-8hG2 WINBUILD_PRIV_PASSPHRASE=$WB_V3_PRIV_PASS
	printf '%s\n' "$WB_V3_AUTH_PASS" >"$BATS_TEST_TMPDIR/auth"
	v3_snmpd "$WB_V3_USER" SHA-256 --auth-passphrase-file "$BATS_TEST_TMPDIR/auth"
	status_is 0
	json_is .host.build 20348
}
