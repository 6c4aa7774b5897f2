#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# check_winbuild over the legacy NSClient (check_nt) protocol, against the emulator's check_nt
# server of every agent generation (tests/emulator, --nt-port), together with SNMP: the build
# from SNMP, the agent's version from CLIENTVERSION.

bats_require_minimum_version 1.5.0

GENERATIONS="0.4.4.23 0.5.2.35 0.6.0.1 0.7.0 0.9.5 0.9.15 0.11.32 0.12.3 0.16.4"

setup_file() {
	load helpers
	load ../emulator/emulator
	emu_setup
	for g in $GENERATIONS; do
		start_emulator "$g" --generation "$g" --nt-port 0 --ipv6
	done
	start_emulator nopw-0.5.2.35 --generation 0.5.2.35 --nt-port 0 --nt-no-password
	start_emulator nopw-0.16.4 --generation 0.16.4 --nt-port 0 --nt-no-password
	start_emulator deny --generation 0.16.4 --nt-port 0 --nt-deny-info
	start_emulator stall --generation 0.16.4 --nt-port 0 --nt-fault stall
	start_emulator close --generation 0.16.4 --nt-port 0 --nt-fault close
	start_emulator oversized --generation 0.5.2.35 --nt-port 0 --nt-fault oversized
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

# nt NAME ARGS...: SNMP (the 2008 SP2 host on 6003) and check_nt against emulator NAME
nt() {
	local name=$1
	shift
	wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2008sp2-6003 --source snmp,nt \
		--nt-port "$(emu_nt_port "$name")" --date 2026-11-22 "$@"
}

field() { jq -r "$1" <<<"$output"; }
rule() { jq -r --arg n "$1" '.rules[] | select(.name == $n) | .state + " " + .message' <<<"$output"; }

# the version each generation's CLIENTVERSION names (the emulator's GENERATIONS)
agent_version() { [ "$1" = 0.16.4 ] && echo 0.16.4.55 || echo "$1"; }

# a TCP port nothing listens on
free_tcp_port() {
	"$WB_PYTHON" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

@test "every generation: CLIENTVERSION gives host.agent, SNMP the build" {
	for g in $GENERATIONS; do
		run -2 nt "$g" --password "$EMU_PASSWORD" --output-format json
		[ "$(field .host.agent.version)" = "$(agent_version "$g")" ]
		[ "$(field .host.agent.api)" = check_nt ]
		[ "$(field .host.agent.tls_verified)" = false ]
		[ "$(field .sources.agent)" = nsclient-nt:CLIENTVERSION ]
		[ "$(field .host.build)" = 6003 ]
		[ "$(field .host.product)" = server-2008-sp2 ]
		[ "$(field .sources.version)" = snmp:sysDescr.0 ]
	done
}

@test "text: the agent line names check_nt; the revision still needs REST" {
	run -2 nt 0.5.2.35 --password "$EMU_PASSWORD" --min-build 6.0.6003.21481 \
		--missing-fact warning
	[[ "$output" == *$'\n\\_ agent: NSClient++ 0.5.2.35, over check_nt (no TLS)\n'* ]]
	[[ "$output" == *"its revision is not known (SNMP does not report it; query NSClient++ for it with --source snmp,rest)"* ]]
}

@test "--min-agent: passes at the minimum, fails below it" {
	run -2 nt 0.5.2.35 --password "$EMU_PASSWORD" --min-agent 0.5.2.35 --output-format json
	[ "$(rule agent)" = "OK NSClient++ 0.5.2.35 is at or above the minimum 0.5.2.35" ]
	run -2 nt 0.16.4 --password "$EMU_PASSWORD" --min-agent 0.5.2.35 --output-format json
	[ "$(rule agent)" = "OK NSClient++ 0.16.4.55 is at or above the minimum 0.5.2.35" ]
	run -2 nt 0.4.4.23 --password "$EMU_PASSWORD" --min-agent 0.5.2.35 --output-format json
	[ "$(rule agent)" = "CRITICAL NSClient++ 0.4.4.23 is older than the minimum 0.5.2.35" ]
	# only the agent rule decides when support is not asked about
	run -0 nt 0.5.2.35 --password "$EMU_PASSWORD" --min-agent 0.5.2.35 --support esu-azure \
		-w 30: -c 0: --date 2023-06-01
	[ "${lines[2]}" = "\\_ [OK] agent: NSClient++ 0.5.2.35 is at or above the minimum 0.5.2.35" ]
	run -2 nt 0.4.4.23 --password "$EMU_PASSWORD" --min-agent 0.5.2.35 --support esu-azure \
		-w 30: -c 0: --date 2023-06-01
	[[ "${lines[0]}" == *"NSClient++ 0.4.4.23 is older than the minimum 0.5.2.35"* ]]
}

@test "0.12.2 to 0.16.2 wait for a newline: asked again with one; others answer the first" {
	for g in $GENERATIONS; do
		: >"$(emu_log "$g")"
		run --separate-stderr -2 nt "$g" --password "$EMU_PASSWORD" -v
		if [ "$g" = 0.12.3 ]; then
			[[ "$stderr" == *"no answer without a newline; asked again with one"* ]]
			grep -q "client closed, no newline came" "$(emu_log "$g")"
			grep -q "'\*\*\*&1' newline -> 'NSClient++ 0.12.3 " "$(emu_log "$g")"
		else
			[[ "$stderr" != *"asked again"* ]]
			[ "$(grep -c check_nt "$(emu_log "$g")")" = 1 ]
			! grep -q newline "$(emu_log "$g")" || return 1
		fi
	done
}

@test "a wrong password, by era: Invalid password before 0.12.2, Bad request after" {
	for g in $GENERATIONS; do
		run -3 nt "$g" --password wrong-one
		case $g in
		0.12.3 | 0.16.4)
			[[ "${lines[0]}" == "WINBUILD UNKNOWN - NSClient++ check_nt at 127.0.0.1 port "*" answered 'ERROR: Bad request.': NSClient++ 0.12.2 or later refused the request: either the password is wrong, or the agent has no password set"* ]] ;;
		*)
			[[ "${lines[0]}" == "WINBUILD UNKNOWN - NSClient++ check_nt at 127.0.0.1 port "*" answered 'ERROR: Invalid password.': the agent refused the password"* ]] ;;
		esac
	done
}

@test "no password given: 'None' is sent, as check_nt did" {
	run -2 nt nopw-0.5.2.35 --output-format json
	[ "$(field .host.agent.version)" = 0.5.2.35 ]
	grep -q "'\*\*\*&1' -> 'NSClient++ 0.5.2.35" "$(emu_log nopw-0.5.2.35)"
	# an agent with a password refuses 'None'
	run -3 nt 0.5.2.35
	[[ "${lines[0]}" == *"'ERROR: Invalid password.'"* ]]
}

@test "0.12.2+ with no password set refuses everything" {
	run -3 nt nopw-0.16.4
	[[ "${lines[0]}" == *"answered 'ERROR: Bad request.'"*"the agent has no password set, and then it refuses every check_nt request"* ]]
	run -3 nt nopw-0.16.4 --password "$EMU_PASSWORD"
	[[ "${lines[0]}" == *"answered 'ERROR: Bad request.'"* ]]
}

@test "0.13+: CLIENTVERSION not in the allow list" {
	run -3 nt deny --password "$EMU_PASSWORD" --output-format json
	[[ "$(field .summary)" == *"answered 'ERROR: Command not allowed.': NSClient++ 0.13 or later: code 1 (CLIENTVERSION, group 'info') is not in the check_nt server's allow list" ]]
}

@test "the password from a file or the environment; never in the output or -vvv" {
	local pwfile=$BATS_TEST_TMPDIR/pw
	printf '%s\n' "$EMU_PASSWORD" >"$pwfile"
	chmod 600 "$pwfile"
	run --separate-stderr -2 nt 0.16.4 --password-file "$pwfile" -vvv
	[[ "$output" == *"agent: NSClient++ 0.16.4.55, over check_nt"* ]]
	[[ "$stderr" == *"check_nt port "*", password set (not shown)"* ]]
	[[ "$stderr" == *"host 127.0.0.1, sources snmp,nt, timeout 10 s"* ]]
	not_in_output "$EMU_PASSWORD"
	WINBUILD_NSCLIENT_PASSWORD=$EMU_PASSWORD run --separate-stderr -2 nt 0.12.3 -vvv
	[[ "$output" == *"agent: NSClient++ 0.12.3, over check_nt"* ]]
	not_in_output "$EMU_PASSWORD"
	# refused: neither the right nor the wrong password shows
	run --separate-stderr -3 nt 0.5.2.35 --password wbWrong-Secret9 -vvv
	not_in_output wbWrong-Secret9
	not_in_output "$EMU_PASSWORD"
	! grep -q -e "$EMU_PASSWORD" -e wbWrong-Secret9 "$(emu_log 0.5.2.35)" || return 1
}

@test "IPv6: -H ::1 and -H [::1]" {
	run -3 wb -H ::1 --source nt --nt-port "$(emu_nt_port 0.5.2.35)" --password "$EMU_PASSWORD" \
		--output-format json
	[[ "$(field .summary)" == "NSClient++ 0.5.2.35 answered over check_nt, but"* ]]
	run -3 wb -H '[::1]' --source nt --nt-port "$(emu_nt_port 0.16.4)" --password "$EMU_PASSWORD"
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - NSClient++ 0.16.4.55 answered over check_nt"* ]]
}

@test "nt alone: UNKNOWN, the build needs another source" {
	run -3 wb -H 127.0.0.1 --source nt --nt-port "$(emu_nt_port 0.5.2.35)" \
		--password "$EMU_PASSWORD"
	[ "${lines[0]}" = "WINBUILD UNKNOWN - NSClient++ 0.5.2.35 answered over check_nt, but that protocol does not tell the Windows version or build: add a source that does, e.g. --source snmp,nt" ]
}

@test "no agent listening: UNKNOWN at once, within -t + 1 s" {
	local port
	port=$(free_tcp_port)
	timed_run wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2008sp2-6003 --source snmp,nt \
		--nt-port "$port" -t 3
	answered_within 3 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - cannot connect to NSClient++ check_nt at 127.0.0.1 port $port: Connection refused (no agent listens there"* ]]
}

@test "a stalled agent: the timeout state within -t + 1 s, after the newline retry" {
	timed_run nt stall --password "$EMU_PASSWORD" -t 3
	answered_within 3 3
	[[ "${lines[0]}" == *"accepted the connection but sent nothing in time, also when asked with a newline at the end (as 0.12.2 to 0.16.2 need) (the whole check has 3 s)" ]]
	timed_run nt stall --password "$EMU_PASSWORD" -t 2:critical
	answered_within 2 2
}

@test "an agent that closes without answering: allowed hosts or TLS" {
	timed_run nt close --password "$EMU_PASSWORD" -t 3
	answered_within 3 3
	[[ "${lines[0]}" == *"closed the connection without an answer: this address may not be in the agent's allowed hosts, or the agent speaks TLS there"* ]]
}

@test "an answer of 64 KiB: refused as over-long, capped and clean" {
	timed_run nt oversized --password "$EMU_PASSWORD" -t 3
	answered_within 3 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - NSClient++ check_nt at 127.0.0.1 port "*" answered 'NSClient++ 0.5.2.35 2018-01-28 pad [2Jx"*"...': an answer longer than 1024 bytes: not NSClient++'s CLIENTVERSION" ]]
	[ "${#lines[0]}" -lt 600 ]
	printf '%s\n' "$output" >"$BATS_TEST_TMPDIR/out"
	no_control_bytes "$BATS_TEST_TMPDIR/out"
	pipe_only_perfdata "$BATS_TEST_TMPDIR/out"
}

@test "usage: --nt-port is a port; nt needs a plain host" {
	run -3 wb -H 127.0.0.1 --source snmp,nt --nt-port 0
	[ "${lines[0]}" = "WINBUILD UNKNOWN - --nt-port: '0' is not a port from 1 to 65535" ]
	run -3 wb -H tcp:127.0.0.1:161 --source snmp,nt
	[ "${lines[0]}" = "WINBUILD UNKNOWN - --source nt needs -H as a host name or address, not a net-snmp transport" ]
}
