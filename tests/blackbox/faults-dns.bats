#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The name-resolution rows of the fault matrix, for SNMP -H NAME and for REST: a resolver that
# never answers (the answer still comes within -t) and a name that does not exist (NXDOMAIN).
#
# This machine's resolver is never asked: every run that resolves a name goes through
# tests/faults/resolver.bash, in a private mount namespace whose /etc/resolv.conf names only a
# DNS stub of ours (tests/faults/dns_stub.py) on a 127.53.x.y address. Names are under the
# reserved .invalid and .test domains. Needs root (unshare --mount, port 53); skipped otherwise.

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers
	load ../emulator/emulator
	load ../faults/resolver
	dns_setup
	[ -z "$DNS_SKIP" ] || return 0
	# both stubs know agent.test (127.0.0.1), the proof that the plugin asks them
	start_dns_stub nx nxdomain --record agent.test=127.0.0.1
	start_dns_stub stall stall --record agent.test=127.0.0.1
	emu_setup
	start_emulator agent --host "$EMU_HOSTS/win2008sp2.json"
	start_nrpe_emulator nrpe --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json" \
		--tls none --allow-arguments
}

teardown_file() {
	load helpers
	load ../emulator/emulator
	load ../faults/resolver
	emu_teardown
	dns_teardown
}

setup() {
	load helpers
	load ../emulator/emulator
	load ../faults/resolver
	[ -z "$DNS_SKIP" ] || skip "$DNS_SKIP"
	require_wb
}

# via STUB T STATUS ARGS...: the plugin with -t T, resolving through STUB; the exit code is
# STATUS, the first line "WINBUILD <state> - " (or JSON with that state), stderr empty, and the
# answer came within T + 1 s (namespace set-up included). Sets what `run` sets, and ELAPSED_MS.
via() {
	local stub=$1 t=$2 want=$3
	shift 3
	timed_run wb_via "$stub" -t "$t" --date 2026-11-22 "$@"
	answered_within "$t" "$want"
}

# timed_out PATTERN NAME: the first line is PATTERN, or else the plugin's own -t alarm about
# NAME, which answers instead when the module's report comes too late (the module has -t less
# 100 ms, which under a sanitiser on a loaded machine can be too short). Both come within -t;
# an alarm's answer is noted in the TAP output.
timed_out() {
	# shellcheck disable=SC2053 # PATTERN is a pattern
	[[ "${lines[0]}" != $1 ]] || return 0
	if [[ "${lines[0]}" == "WINBUILD "*" - no complete answer from $2 within "*" s ("*")" ]]; then
		echo "# the -t alarm answered first: ${lines[0]}" >&3
		return 0
	fi
	echo "first line: ${lines[0]}" >&2
	return 1
}

# asked STUB NAME: the stub's log shows a query for NAME.
asked() {
	grep -q " $2 " "$(dns_log "$1")" ||
		{ echo "stub $1 was not asked for $2:" >&2; cat "$(dns_log "$1")" >&2; return 1; }
}

rest_args() {
	echo --source rest --rest-port "$(emu_port agent)" --password "$EMU_PASSWORD"
}

@test "the namespace resolves through the stub only; the machine's resolver is untouched" {
	run -0 in_resolver nx cat /etc/resolv.conf
	[ "$output" = "$(cat "$DNS_DIR/nx/resolv.conf")" ]
	[[ "$output" == "nameserver 127.53."* ]]
	run -0 in_resolver nx getent ahostsv4 agent.test
	[[ "${lines[0]}" == "127.0.0.1 "* ]]
	asked nx agent.test
	run -2 in_resolver nx getent hosts nohost.invalid
	asked nx nohost.invalid
	# outside the namespace nothing changed
	run ! grep -q '127\.53\.' /etc/resolv.conf
}

@test "REST through the stub: a name it knows works (the pinned key, as the certificate is for 127.0.0.1)" {
	# shellcheck disable=SC2046
	via nx 3 2 -H agent.test $(rest_args) --pin "$EMU_PIN" --output-format json
	json_is .host.revision 21481
	asked nx agent.test
}

@test "NRPE through the stub: the name is resolved once for all of the check's commands" {
	local before
	before=$(wc -l <"$(dns_log nx)")
	via nx 3 2 -H agent.test --source nrpe --nrpe-port "$(emu_port nrpe)" --nrpe-tls none \
		--output-format json
	json_is .host.revision 21481
	# several commands (the version, the build, the revision...), one lookup of the name
	[ "$(grep -c "^query text " "$(emu_log nrpe)")" -ge 2 ] ||
		{ cat "$(emu_log nrpe)" >&2; return 1; }
	[ "$(tail -n "+$((before + 1))" "$(dns_log nx)" | grep -c " agent.test A ")" -eq 1 ] ||
		{ cat "$(dns_log nx)" >&2; return 1; }
}

@test "NXDOMAIN over REST: UNKNOWN cannot resolve NAME, at once" {
	# shellcheck disable=SC2046
	via nx 2 3 -H nohost.invalid $(rest_args)
	[ "${lines[0]}" = "WINBUILD UNKNOWN - cannot resolve nohost.invalid" ]
	[ "$ELAPSED_MS" -lt 2000 ]
	asked nx nohost.invalid
}

@test "NXDOMAIN over NRPE: UNKNOWN cannot resolve NAME, at once" {
	via nx 2 3 -H nohost.invalid --source nrpe --nrpe-port "$(emu_port nrpe)" --nrpe-tls none
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - cannot resolve nohost.invalid: "* ]]
	[ "$ELAPSED_MS" -lt 2000 ]
	asked nx nohost.invalid
}

@test "NXDOMAIN over SNMP: UNKNOWN cannot resolve NAME, at once" {
	via nx 2 3 -H nohost.invalid
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - cannot resolve"*"nohost.invalid"* ]]
	[ "$ELAPSED_MS" -lt 2000 ]
	asked nx nohost.invalid
}

@test "NXDOMAIN with SNMP and REST: UNKNOWN cannot resolve NAME" {
	# shellcheck disable=SC2046
	via nx 2 3 -H gone.test --source snmp $(rest_args)
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - cannot resolve"*"gone.test"* ]]
	asked nx gone.test
}

@test "a stalled resolver over REST: UNKNOWN within -t, could not resolve in time" {
	# shellcheck disable=SC2046
	via stall 2 3 -H slow.invalid $(rest_args)
	timed_out "WINBUILD UNKNOWN - could not resolve slow.invalid in time: the name server did not answer (the whole check has 2 s)" slow.invalid
	asked stall slow.invalid
	# shellcheck disable=SC2046
	via stall 2:CRITICAL 2 -H slow.invalid $(rest_args)
	timed_out "WINBUILD CRITICAL - could not resolve slow.invalid in time*" slow.invalid
}

@test "a stalled resolver over NRPE: UNKNOWN within -t, could not resolve in time" {
	via stall 2 3 -H slow.invalid --source nrpe --nrpe-port "$(emu_port nrpe)" --nrpe-tls none
	timed_out "WINBUILD UNKNOWN - could not resolve slow.invalid in time: the name server did not answer (the whole check has 2 s)" slow.invalid
	asked stall slow.invalid
}

@test "a stalled resolver in a fleet of NRPE hosts: that host is UNKNOWN within -t, the others answer" {
	local hosts=$BATS_TEST_TMPDIR/nrpe.hosts records=$BATS_TEST_TMPDIR/records.jsonl
	{
		echo "slow.invalid name=slow port=$(emu_port nrpe)"
		echo "agent.test name=by-name port=$(emu_port nrpe)"
		echo "127.0.0.1 name=by-address port=$(emu_port nrpe)"
	} >"$hosts"
	timed_run wb_via stall -t 2 --date 2026-11-22 --hosts "$hosts" --source nrpe \
		--nrpe-tls none --parallel 3 --records "$records"
	[ "$ELAPSED_MS" -le 3000 ] || { echo "took $ELAPSED_MS ms with -t 2" >&2; return 1; }
	[ "$(jq -r 'select(.name == "slow") | .check.summary' "$records")" = "could not resolve slow.invalid in time: the name server did not answer (the whole check has 2 s)" ]
	[ "$(jq -r 'select(.name != "slow") | .check.host.revision' "$records")" = $'21481\n21481' ]
	asked stall slow.invalid
}

@test "a stalled resolver over SNMP: UNKNOWN within -t, no answer in time" {
	via stall 2 3 -H slower.invalid
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "*"slower.invalid"* ]]
	output_matches "(no answer from slower\.invalid within 2 s|could not resolve slower\.invalid in time)"
	asked stall slower.invalid
	via stall 2:WARNING 1 -H slower.invalid
}

@test "a stalled resolver with SNMP and REST: UNKNOWN within -t" {
	# shellcheck disable=SC2046
	via stall 3 3 -H slowest.invalid --source snmp $(rest_args)
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "*"slowest.invalid"* ]]
	output_matches "(no (complete )?answer from slowest\.invalid within 3 s|could not resolve slowest\.invalid in time)"
}
