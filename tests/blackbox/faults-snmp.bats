#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The SNMP rows of the fault matrix: check_winbuild against a misbehaving SNMP peer on loopback.
# Every row asserts the exit state, the message a user sees, the time bound (the answer comes
# within -t plus 1 s) and that the plugin did not crash (exit code 0-3, no sanitizer report).
#
# The real agents produce the faults they can: snmpsim (a wrong community; NUL bytes inside
# sysDescr, from tests/faults/snmprec) and net-snmp's snmpd (a wrong community, an unknown v3
# user, a wrong v3 digest). tests/faults/snmp_peer.py produces the rest; tests/faults/README.md
# says what each of its modes sends.
#
# The rule these rows pin down: an answer that came but could not be used is reported as such,
# UNKNOWN whatever -t N:STATE says, never as silence.
#
# FAULTS_TABLE=FILE appends one line per row to FILE: row, exit code, milliseconds, first line.

bats_require_minimum_version 1.5.0

load helpers
load ../faults/peer

WB_DATE=2026-11-22
V3_ARGS=(-P 3 -U "$WB_V3_USER" -L authPriv -a SHA-256 -A "$WB_V3_AUTH_PASS" -x AES
	-X "$WB_V3_PRIV_PASS")

setup_file() {
	SNMPSIM_DATA_DIRS="$WB_TOP/tests/faults/snmprec" start_snmpsim || return 1
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

teardown() {
	stop_peer
}

# row T ARGS...: run `wb -t T ARGS...` (text output) and check the bound and the absence of a
# crash; sets status, output, lines, stderr and ELAPSED_MS.
row() {
	local t=$1
	shift
	timed_run wb -t "$t" --date "$WB_DATE" "$@"
	if [ -n "${FAULTS_TABLE:-}" ]; then
		printf '%s|%s|%s|%s\n' "$BATS_TEST_DESCRIPTION" "$status" "$ELAPSED_MS" \
			"${lines[0]:-}" >>"$FAULTS_TABLE"
	fi
	no_crash
	within "$((${t%%:*} * 1000 + 1000))"
}

# raw_row T ARGS...: row for byte-level checks: `wb -t T ARGS...` through run_raw.
raw_row() {
	local t=$1 t0
	shift
	t0=$(now_ms)
	run_raw -t "$t" --date "$WB_DATE" "$@"
	ELAPSED_MS=$(($(now_ms) - t0))
	if [ -n "${FAULTS_TABLE:-}" ]; then
		printf '%s|%s|%s|%s\n' "$BATS_TEST_DESCRIPTION" "$status" "$ELAPSED_MS" \
			"$(head -n 1 "$RAW_OUT" | tr -d '\000')" >>"$FAULTS_TABLE"
	fi
	no_crash
	within "$((t * 1000 + 1000))"
}

# within MS: the last row took at most MS milliseconds.
within() {
	[ "$ELAPSED_MS" -le "$1" ] ||
		{ echo "took $ELAPSED_MS ms, the bound is $1 ms; output: $output" >&2; return 1; }
}

# no_crash: a plugin exit code, a status line (or a JSON object), and no sanitizer report.
no_crash() {
	[ "$status" -le 3 ] || { echo "exit code $status (a signal?); stderr: $stderr" >&2; return 1; }
	[[ "${lines[0]:-}" == "WINBUILD "* || "${lines[0]:-}" == "{"* ]] ||
		{ echo "no status line: $output" >&2; return 1; }
	if [[ "$stderr" == *Sanitizer* || "$stderr" == *"runtime error"* ]]; then
		echo "sanitizer report: $stderr" >&2
		return 1
	fi
}

# unknown_saying ERE: the row is UNKNOWN (exit 3) and its first line matches ERE.
unknown_saying() {
	status_is 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "* ]] || { echo "first line: ${lines[0]}" >&2; return 1; }
	if ! printf '%s\n' "${lines[0]}" | grep -Eq -- "$1"; then
		printf 'first line does not match /%s/:\n%s\npeer log:\n' "$1" "$output" >&2
		cat "${PEER_LOG:-/dev/null}" >&2
		return 1
	fi
}

# not_silence: the message does not pass an answer that came for silence.
not_silence() {
	if printf '%s\n' "$output" | grep -q 'no answer from'; then
		printf 'reported as silence:\n%s\n' "$output" >&2
		return 1
	fi
}

# read_ok: the normal verdict for the win2022 fixture as of $WB_DATE.
read_ok() {
	status_is 0
	[[ "${lines[0]}" == "WINBUILD OK - Windows Server 2022 10.0.20348: "* ]] ||
		{ echo "first line: ${lines[0]}" >&2; return 1; }
}

# --- 1, 2: nothing answers -------------------------------------------------------------------

@test "1: no agent on the UDP port: UNKNOWN, no answer, names the community" {
	row 2 -H 127.0.0.1 -p "$(free_port)"
	unknown_saying 'no answer from 127\.0\.0\.1 within 2 s over SNMP v2c: .*community'
}

@test "1: no agent, SNMPv3: UNKNOWN, no answer" {
	row 2 -H 127.0.0.1 -p "$(free_port)" "${V3_ARGS[@]}"
	unknown_saying 'no answer from 127\.0\.0\.1 within 2 s over SNMP v3'
}

# On loopback the closed UDP port's ICMP port unreachable reaches no one: net-snmp's UDP socket
# is not connected, and Linux reports ICMP errors only to connected UDP sockets. So it is row 1.
@test "2: closed UDP port (ICMP port unreachable) is silence, as row 1" {
	row 2 -H udp:127.0.0.1 -p "$(free_port)"
	unknown_saying 'no answer from udp:127\.0\.0\.1 within 2 s'
}

@test "2: closed TCP port: UNKNOWN 'connection refused' at once, not a timeout" {
	row 2 -H tcp:127.0.0.1 -p "$(closed_tcp_port)"
	unknown_saying 'connection refused by tcp:127\.0\.0\.1:[0-9]+'
	not_silence
	within 1000
}

@test "2: closed TCP port on IPv6 (::1): UNKNOWN 'connection refused'" {
	have_ipv6_loopback || skip "no IPv6 loopback"
	row 2 -H "tcp6:[::1]" -p "$(closed_tcp_port ::1)"
	unknown_saying 'connection refused by tcp6:\[::1\]:[0-9]+'
}

@test "2: -t 2:CRITICAL does not apply to a refused connection: UNKNOWN" {
	row 2:CRITICAL -H tcp:127.0.0.1 -p "$(closed_tcp_port)"
	unknown_saying 'connection refused'
}

# --- 3: a wrong community: agents stay silent --------------------------------------------------

@test "3: wrong community, snmpsim (silent): UNKNOWN, no answer, names the community" {
	row 2 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C wbWrong-fault-community
	unknown_saying 'no answer from .*community is wrong'
	not_in_output wbWrong-fault-community
}

@test "3: wrong community, snmpd (silent): UNKNOWN, no answer, names the community" {
	row 2 -H 127.0.0.1 -p "$SNMPD_PORT" -C wbWrong-fault-community
	unknown_saying 'no answer from .*community is wrong'
	not_in_output wbWrong-fault-community
}

@test "3: wrong community with -t 2:CRITICAL: silence takes the state asked for" {
	row 2:CRITICAL -H 127.0.0.1 -p "$SNMPD_PORT" -C wbWrong-fault-community
	status_is 2
	[[ "${lines[0]}" == "WINBUILD CRITICAL - no answer from "* ]] || { echo "$output" >&2; false; }
}

# --- 4, 5, 6: answers that are not ours --------------------------------------------------------

@test "4: a reply with another request id: UNKNOWN, did not match the request" {
	start_peer --mode wrong-reqid
	row 2 -H 127.0.0.1 -p "$PEER_PORT"
	unknown_saying "an answer came from 127\.0\.0\.1:$PEER_PORT but did not match the request"
	not_silence
}

@test "5: a v1 reply to a v2c request: UNKNOWN, another SNMP version" {
	start_peer --mode wrong-version
	row 2 -H 127.0.0.1 -p "$PEER_PORT"
	unknown_saying "an answer came from 127\.0\.0\.1:$PEER_PORT but in SNMP v1, not v2c as asked"
	not_silence
}

@test "5: a v2c reply to a v1 request: UNKNOWN, another SNMP version" {
	start_peer --mode wrong-version
	row 2 -H 127.0.0.1 -p "$PEER_PORT" -P 1
	unknown_saying "an answer came from 127\.0\.0\.1:$PEER_PORT but in SNMP v2c, not v1 as asked"
}

@test "5: a v2c reply to an SNMPv3 request (the engine ID probe): UNKNOWN, another version" {
	start_peer --mode wrong-version
	row 2 -H 127.0.0.1 -p "$PEER_PORT" "${V3_ARGS[@]}"
	unknown_saying "an answer came from 127\.0\.0\.1:$PEER_PORT but in SNMP v2c, not v3 as asked"
}

@test "5: another version with -t 2:CRITICAL is still UNKNOWN: an answer came" {
	start_peer --mode wrong-version
	row 2:CRITICAL -H 127.0.0.1 -p "$PEER_PORT"
	unknown_saying 'in SNMP v1, not v2c'
}

# Decision: a reply with another community is accepted. net-snmp does not check a response's
# community (snmp_comstr_parse copies it into the PDU; _sess_process_packet_handle_pdu matches
# an answer to its request by request id alone), and it authenticates nothing coming back:
# the community proves the request to the agent, and an answer to our request id is the answer.
@test "6: a reply with another community is read: the normal verdict" {
	start_peer --mode wrong-community
	row 2 -H 127.0.0.1 -p "$PEER_PORT"
	read_ok
}

# --- 7, 8: broken bytes ------------------------------------------------------------------------

@test "7: a truncated datagram: UNKNOWN, could not be decoded" {
	start_peer --mode truncated
	row 2 -H 127.0.0.1 -p "$PEER_PORT"
	unknown_saying "an answer came from 127\.0\.0\.1:$PEER_PORT but could not be decoded"
	not_silence
}

@test "7: a truncated message over TCP, then the peer hangs up: UNKNOWN, no whole answer" {
	start_peer --mode truncated --transport tcp
	row 2 -H tcp:127.0.0.1 -p "$PEER_PORT"
	unknown_saying "tcp:127\.0\.0\.1:$PEER_PORT closed the connection before a whole answer came"
}

@test "7: a TCP peer that hangs up without answering: UNKNOWN, no whole answer" {
	start_peer --mode close --transport tcp
	row 2 -H tcp:127.0.0.1 -p "$PEER_PORT"
	unknown_saying 'closed the connection before a whole answer came'
}

@test "8: malformed BER (an indefinite length in the PDU): UNKNOWN, malformed BER" {
	start_peer --mode malformed
	row 2 -H 127.0.0.1 -p "$PEER_PORT"
	unknown_saying "an answer came from 127\.0\.0\.1:$PEER_PORT but could not be decoded \(malformed BER\)"
	not_silence
}

@test "8: malformed BER with -t 2:CRITICAL is still UNKNOWN" {
	start_peer --mode malformed
	row 2:CRITICAL -H 127.0.0.1 -p "$PEER_PORT"
	unknown_saying 'could not be decoded'
}

@test "8: malformed BER over IPv6 (::1): UNKNOWN, malformed BER" {
	have_ipv6_loopback || skip "no IPv6 loopback"
	start_peer --mode malformed --address ::1
	row 2 -H ::1 -p "$PEER_PORT"
	unknown_saying "an answer came from udp6:\\[::1\\]:$PEER_PORT but could not be decoded"
}

@test "8: malformed BER over TCP: UNKNOWN, malformed BER" {
	start_peer --mode malformed --transport tcp
	row 2 -H tcp:127.0.0.1 -p "$PEER_PORT"
	unknown_saying 'could not be decoded \(malformed BER\)'
}

@test "8: not BER at all (an HTTP error on the SNMP port): UNKNOWN, could not be decoded" {
	start_peer --mode garbage
	row 2 -H 127.0.0.1 -p "$PEER_PORT"
	unknown_saying 'an answer came from .* but could not be decoded'
}

@test "8: not BER at all over TCP: UNKNOWN, not an SNMP message" {
	start_peer --mode garbage --transport tcp
	row 2 -H tcp:127.0.0.1 -p "$PEER_PORT"
	unknown_saying "tcp:127\.0\.0\.1:$PEER_PORT sent something that is not an SNMP message"
}

@test "8: the request echoed back: UNKNOWN, a GET PDU, not a Response" {
	start_peer --mode echo
	row 2 -H 127.0.0.1 -p "$PEER_PORT"
	unknown_saying 'an answer came from .* but it was a GET PDU, not a Response'
}

# --- 9: tooBig ---------------------------------------------------------------------------------

@test "9: error-status tooBig (v2c, no varbinds): UNKNOWN naming tooBig, at once" {
	start_peer --mode toobig
	row 2 -H 127.0.0.1 -p "$PEER_PORT"
	unknown_saying "127\.0\.0\.1:$PEER_PORT answered with error \(tooBig\)"
	within 1000
}

@test "9: error-status tooBig (v1, varbinds echoed): UNKNOWN naming tooBig" {
	start_peer --mode toobig
	row 2 -H 127.0.0.1 -p "$PEER_PORT" -P 1
	unknown_saying 'answered with error \(tooBig\)'
}

# --- 10: big answers ---------------------------------------------------------------------------

@test "10: a 100 KiB answer over TCP is read: the normal verdict, sysDescr capped" {
	start_peer --mode normal --transport tcp --size 102400
	row 2 -H tcp:127.0.0.1 -p "$PEER_PORT" -vv
	read_ok
	[[ "$stderr" == *"sysDescr.0 is "*" bytes (capped)"* ]] || { echo "$stderr" >&2; false; }
	grep -q '102400 bytes' "$PEER_LOG" || { cat "$PEER_LOG" >&2; false; }
}

@test "10: the largest UDP datagram (65,507 bytes) is read: the normal verdict" {
	start_peer --mode normal --size 65507
	row 2 -H 127.0.0.1 -p "$PEER_PORT"
	read_ok
	grep -q '65507 bytes' "$PEER_LOG" || { cat "$PEER_LOG" >&2; false; }
}

@test "10: a 2 MiB answer over TCP is refused at its header: UNKNOWN, names the size" {
	start_peer --mode normal --transport tcp --size 2097152
	row 2 -H tcp:127.0.0.1 -p "$PEER_PORT"
	unknown_saying 'announced an answer of 2097152 bytes, more than the 1048576 this plugin reads'
}

# --- 11: NUL bytes inside sysDescr (snmpsim, tests/faults/snmprec) -------------------------------
# OCTET STRINGs are length-delimited: a NUL ends nothing. Where the parser reads it is its own
# rule: a build number must end in ' ', ')' or '.', so a NUL right after it is not a build.

@test "11: a NUL inside sysDescr (before ' - Software:'): read by length, the normal verdict" {
	raw_row 2 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C nul-inside
	read_ok
	no_control_bytes "$RAW_OUT"
}

@test "11: a NUL inside sysDescr, JSON: the sysdescr shows it as a space" {
	raw_row 2 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C nul-inside --output-format json
	status_is 0
	no_control_bytes "$RAW_OUT"
	json_is .host.build 20348
	json_is '.host.sysdescr | test("COMPATIBLE - Software: Windows Version 6.3")' true
}

@test "11: a NUL right after the build number: UNKNOWN showing what came, no NUL in the output" {
	raw_row 2 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C nul-after-build
	status_is 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - not a Windows version this plugin knows: sysDescr.0 is 'Hardware: "* ]] ||
		{ echo "first line: ${lines[0]}" >&2; false; }
	no_control_bytes "$RAW_OUT"
}

@test "11: a NUL after sysDescr (a C terminator sent along): the normal verdict" {
	raw_row 2 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C nul-trailing
	read_ok
	no_control_bytes "$RAW_OUT"
}

@test "11: a NUL before sysDescr: the normal verdict (a C string would be empty)" {
	raw_row 2 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C nul-leading
	read_ok
	no_control_bytes "$RAW_OUT"
}

# --- 12: a slow agent --------------------------------------------------------------------------

@test "12: an agent answering 0.5 s before -t 3 is read: the normal verdict, not a timeout" {
	start_peer --mode normal --delay 2.5
	row 3 -H 127.0.0.1 -p "$PEER_PORT"
	read_ok
	[ "$ELAPSED_MS" -ge 2500 ] || { echo "answered after $ELAPSED_MS ms: not slow" >&2; false; }
}

@test "12: an agent answering after -t 3: UNKNOWN, no answer, within the bound" {
	start_peer --mode normal --delay 3.5
	row 3 -H 127.0.0.1 -p "$PEER_PORT"
	unknown_saying 'no answer from 127\.0\.0\.1 within 3 s'
}

# --- 13: SNMPv3 reports ------------------------------------------------------------------------

@test "13: unknown user (snmpd, usmStatsUnknownUserNames): UNKNOWN naming the user, at once" {
	row 2 -H 127.0.0.1 -p "$SNMPD_PORT" -P 3 -U wbnobody -L authPriv -a SHA-256 \
		-A "$WB_V3_AUTH_PASS" -x AES -X "$WB_V3_PRIV_PASS"
	unknown_saying "does not know the SNMPv3 user 'wbnobody'"
	within 1000
}

@test "13: wrong digest (snmpd, usmStatsWrongDigests): UNKNOWN, authentication failed, at once" {
	row 2 -H 127.0.0.1 -p "$SNMPD_PORT" -P 3 -U "$WB_V3_USER" -L authPriv -a SHA-256 \
		-A wbWrong-auth-Pass -x AES -X "$WB_V3_PRIV_PASS"
	unknown_saying 'SNMPv3 authentication failed at .*\(-A, -a\)'
	not_in_output wbWrong-auth-Pass
	within 1000
}

@test "13: unknown user (peer report): UNKNOWN naming the user" {
	start_peer --mode report --report unknown-user
	row 2 -H 127.0.0.1 -p "$PEER_PORT" "${V3_ARGS[@]}"
	unknown_saying "127\.0\.0\.1:$PEER_PORT does not know the SNMPv3 user '$WB_V3_USER'"
}

@test "13: wrong digest (peer report): UNKNOWN, authentication failed" {
	start_peer --mode report --report wrong-digest
	row 2 -H 127.0.0.1 -p "$PEER_PORT" "${V3_ARGS[@]}"
	unknown_saying 'SNMPv3 authentication failed'
}

# net-snmp resends at once after a notInTimeWindow report, with the engine time the report
# carried (_sess_process_packet_handle_pdu: snmp_resend_request while rp->retries <=
# sp->retries; the GET goes out three times), then gives up. An agent that keeps answering
# notInTimeWindow used to leave snmp_sess_synch_response waiting with no request left, until
# the alarm said "no answer".
@test "13: an agent that keeps answering notInTimeWindow: a clear UNKNOWN, at once" {
	start_peer --mode report --report not-in-time-window --auth-pass "$WB_V3_AUTH_PASS"
	row 2 -H 127.0.0.1 -p "$PEER_PORT" "${V3_ARGS[@]}"
	unknown_saying "127\.0\.0\.1:$PEER_PORT kept rejecting the request as outside its SNMPv3 time window"
	not_silence
	within 1000
	# the engine ID probe, the GET and its two resends
	[ "$(grep -c 'reqid' "$PEER_LOG")" -eq 4 ] || { cat "$PEER_LOG" >&2; false; }
}

@test "13: notInTimeWindow reports our key does not verify: UNKNOWN, authentication failed" {
	start_peer --mode report --report not-in-time-window --auth-pass wbOther-auth-Pass
	row 2 -H 127.0.0.1 -p "$PEER_PORT" "${V3_ARGS[@]}"
	unknown_saying 'SNMPv3 authentication failed at'
}

# --- 14, 15: hrSWInstalledTable walks (--software) ---------------------------------------------
# The GET is answered from the Server 2022 fixture as in normal mode; the walk's GETBULK (v2c)
# and GETNEXT (v1) get the table mode's rows. A table that loops is an UNKNOWN rule of its own,
# never hiding the support verdict; one that never ends is read until the row cap or -t, and
# what was read is listed with the note.

@test "14: a table that loops (GETBULK, back to row 1 after row 3): UNKNOWN naming the OID, at once" {
	start_peer --mode loop-table
	row 2 -H 127.0.0.1 -p "$PEER_PORT" --software
	unknown_saying "^WINBUILD UNKNOWN - Windows Server 2022 10\.0\.20348: the agent's hrSWInstalledTable loops at OID 1\.3\.6\.1\.2\.1\.25\.6\.3\.1\.2\.1 \(after 3 rows\)"
	[[ "$output" == *$'\n\\_ [OK] support: '* ]] || { echo "$output"; false; }
	[[ "$output" == *$'\n\\_ software: 3 or more installed programs (3 updates by KB)\n'* ]] ||
		{ echo "$output"; false; }
	within 1000
	# the GET and one GETBULK: the loop is seen in the first answer
	[ "$(grep -c 'reqid' "$PEER_LOG")" -eq 2 ] || { cat "$PEER_LOG" >&2; false; }
}

@test "14: a table that loops, v1 (GETNEXT): UNKNOWN naming the OID, after four requests" {
	start_peer --mode loop-table
	row 2 -H 127.0.0.1 -p "$PEER_PORT" --software -P 1
	unknown_saying "the agent's hrSWInstalledTable loops at OID 1\.3\.6\.1\.2\.1\.25\.6\.3\.1\.2\.1 \(after 3 rows\)"
	within 1000
	[ "$(grep -c 'reqid' "$PEER_LOG")" -eq 5 ] || { cat "$PEER_LOG" >&2; false; }
}

@test "14: a table that loops, with -t 2:CRITICAL and JSON: still UNKNOWN, the rows read listed" {
	start_peer --mode loop-table
	row 2:CRITICAL -H 127.0.0.1 -p "$PEER_PORT" --software --output-format json
	status_is 3
	json_is '[.rules[] | select(.name == "software") | .state]' '["UNKNOWN"]'
	json_is '[.host.software[].kb]' '["KB900001","KB900002","KB900003"]'
	json_is .host.software_capped true
}

@test "15: an endless table (GETBULK): read to the 20,000-row cap, the verdict and the note" {
	start_peer --mode endless-table
	row 3 -H 127.0.0.1 -p "$PEER_PORT" --software
	read_ok
	[[ "$output" == *$'\n\\_ software: 20000 or more installed programs (20000 updates by KB)\n'* ]] ||
		{ echo "$output"; false; }
	[[ "$output" =~ $'\n\\_ notes: walked 20000 rows in '[0-9]+\.[0-9]' s, the table did not end (20000 rows are the most read)' ]] ||
		{ echo "$output"; false; }
}

@test "15: an endless table answering each request after 50 ms: read until -t 3, within the bound" {
	start_peer --mode endless-table --delay 0.05
	row 3 -H 127.0.0.1 -p "$PEER_PORT" --software --output-format json
	status_is 0
	json_is .host.software_capped true
	json_is '.host.notes | test("^walked [0-9]+ rows in 2\\.[0-9] s, the table did not end within -t;")' true
	[ "$ELAPSED_MS" -ge 2500 ] || { echo "answered after $ELAPSED_MS ms: did not walk until -t" >&2; false; }
}

@test "15: an endless table, v1 (GETNEXT, a row a request): what was read, within the bound" {
	start_peer --mode endless-table
	row 3 -H 127.0.0.1 -p "$PEER_PORT" --software -P 1
	read_ok
	[[ "$output" =~ $'\n\\_ notes: walked '[0-9]+' rows in '[0-9]+\.[0-9]' s, the table did not end' ]] ||
		{ echo "$output"; false; }
}
