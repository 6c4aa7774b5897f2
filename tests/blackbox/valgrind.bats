#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Representative checks under valgrind's memcheck, the paths users meet every day and the failure
# paths: no invalid read or write, no use of uninitialised memory, no definite leak, whatever the
# host answered. SNMP v2c and v3, hrSWInstalledTable's walk, NSClient++ REST over TLS, both
# together, fleet runs of SNMP, REST and NRPE hosts, and the failures: no agent, a wrong password, a malformed answer, a usage error, a
# broken catalogue. (Not run on a sanitizer build, which valgrind cannot run.)

bats_require_minimum_version 1.5.0

WB_DATE=2026-11-22

setup_file() {
	load helpers
	load ../emulator/emulator
	start_snmpsim
	emu_setup
	start_emulator agent --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json"
	start_emulator malformed --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json" \
		--fault malformed --fault-route check_os_version
	start_nrpe_emulator nrpe --generation 0.16.4 --allow-arguments --tls cert \
		--cert "$EMU_CERTS/server.pem" --key "$EMU_CERTS/server.key"
	start_nrpe_emulator nrpe-crc --generation 0.16.4 --fault crc --tls cert \
		--cert "$EMU_CERTS/server.pem" --key "$EMU_CERTS/server.key"
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
	if ldd "$WB_BIN" | grep -q libasan; then
		skip "a sanitizer build: valgrind cannot run it"
	fi
}

# memcheck STATE ARGS...: the plugin under valgrind exits with STATE (not valgrind's 99), and
# valgrind reported nothing.
memcheck() {
	local want=$1
	shift
	run --separate-stderr valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite --show-leak-kinds=definite \
		"$WB_BIN" ${WB_CATALOG:+--catalog "$WB_CATALOG"} "$@"
	if [ "$status" -ne "$want" ] || [[ "$stderr" == *"=="* ]]; then
		printf 'exit %s (expected %s)\nstdout:\n%s\nvalgrind:\n%s\n' "$status" "$want" \
			"$output" "$stderr" >&2
		return 1
	fi
}

rest() {
	echo --source rest --rest-port "$(emu_port "$1")" --ca-file "$EMU_CERTS/ca.pem"
}

@test "SNMP v2c: a Server 2019 domain controller, text and JSON" {
	memcheck 0 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc --date "$WB_DATE" -vvv
	memcheck 0 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc --date "$WB_DATE" \
		--output-format json
}

@test "--software: the XP host's 160 rows over v2c (GETBULK) and v1 (GETNEXT)" {
	memcheck 2 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C winxp --date "$WB_DATE" --software -vvv
	memcheck 2 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C winxp --date "$WB_DATE" --software -P 1 \
		--output-format json
}

@test "SNMPv3 authPriv (SHA-256, AES)" {
	memcheck 0 -H 127.0.0.1 -p "$SNMPSIM_PORT" -P 3 -U "$WB_V3_USER" -a SHA-256 \
		-A "$WB_V3_AUTH_PASS" -x AES -X "$WB_V3_PRIV_PASS" -N win2019dc --date "$WB_DATE"
}

@test "NSClient++ REST over TLS, alone and with SNMP" {
	# shellcheck disable=SC2046
	memcheck 2 -H 127.0.0.1 $(rest agent) --password "$EMU_PASSWORD" -t 30 --date "$WB_DATE"
	# shellcheck disable=SC2046
	memcheck 2 -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2008sp2-6003 --source snmp \
		$(rest agent) --password "$EMU_PASSWORD" -t 30 --date "$WB_DATE" -vv
}

@test "failures: no agent, a wrong password, a malformed answer" {
	memcheck 3 -H 127.0.0.1 -p "$(free_port)" -t 2 --date "$WB_DATE"
	# shellcheck disable=SC2046
	memcheck 3 -H 127.0.0.1 $(rest agent) --password wrong-password -t 30 --date "$WB_DATE"
	# shellcheck disable=SC2046
	memcheck 3 -H 127.0.0.1 $(rest malformed) --password "$EMU_PASSWORD" -t 30 \
		--date "$WB_DATE"
}

@test "fleet mode: SNMP and REST hosts in one run, both runners at once, bad agents among them" {
	local hosts=$BATS_TEST_TMPDIR/fleet.hosts records=$BATS_TEST_TMPDIR/records.jsonl
	printf '%s\n' "$EMU_PASSWORD" >"$BATS_TEST_TMPDIR/nscp.pw"
	{
		echo "127.0.0.1 name=dc community-env=WB_VG_COMMUNITY"
		echo "127.0.0.1 name=agent source=rest port=$(emu_port agent) password-file=$BATS_TEST_TMPDIR/nscp.pw"
		echo "127.0.0.1 name=malformed source=rest port=$(emu_port malformed) password-file=$BATS_TEST_TMPDIR/nscp.pw"
		echo "127.0.0.1 name=dead source=rest port=$(free_port) password-file=$BATS_TEST_TMPDIR/nscp.pw"
	} >"$hosts"
	export WB_VG_COMMUNITY=win2019dc
	memcheck 0 --hosts "$hosts" -p "$SNMPSIM_PORT" --ca-file "$EMU_CERTS/ca.pem" -t 30 \
		--date "$WB_DATE" --records "$records" --report "$BATS_TEST_TMPDIR/report.html"
	[ "$(jq -r '.check.state' "$records" | sort | tr '\n' ' ')" = "CRITICAL OK UNKNOWN UNKNOWN " ]
	# the report's lines, written to its temporary file and read back
	[ "$(grep -o '<tr class="[a-z]*"><td>[a-z]*' "$BATS_TEST_TMPDIR/report.html" | sed 's/.*<td>//' | sort | tr '\n' ' ')" = "agent dc dead malformed " ]
}

@test "fleet mode: NRPE hosts over verified TLS beside SNMP and REST ones, bad agents among them" {
	local hosts=$BATS_TEST_TMPDIR/fleet.hosts records=$BATS_TEST_TMPDIR/records.jsonl
	printf '%s\n' "$EMU_PASSWORD" >"$BATS_TEST_TMPDIR/nscp.pw"
	{
		echo "127.0.0.1 name=dc community-env=WB_VG_COMMUNITY"
		echo "127.0.0.1 name=agent source=rest port=$(emu_port agent) password-file=$BATS_TEST_TMPDIR/nscp.pw"
		echo "127.0.0.1 name=nrpe source=nrpe port=$(emu_port nrpe)"
		echo "127.0.0.1 name=nrpe2 source=nrpe port=$(emu_port nrpe)"
		echo "127.0.0.1 name=crc source=nrpe port=$(emu_port nrpe-crc)"
		echo "127.0.0.1 name=dead source=nrpe port=$(free_port)"
	} >"$hosts"
	export WB_VG_COMMUNITY=win2019dc
	memcheck 0 --hosts "$hosts" -p "$SNMPSIM_PORT" --ca-file "$EMU_CERTS/ca.pem" --nrpe-tls cert \
		-t 30 --date "$WB_DATE" --records "$records"
	[ "$(jq -r '.check.state' "$records" | sort | tr '\n' ' ')" = "CRITICAL CRITICAL CRITICAL OK UNKNOWN UNKNOWN " ]
}

@test "failures: a usage error, a broken catalogue" {
	memcheck 3 -H 127.0.0.1 -w nonsense --output-format json
	printf 'release | broken\n' >"$BATS_TEST_TMPDIR/broken.catalog"
	run --separate-stderr valgrind -q --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite "$WB_BIN" -H 127.0.0.1 \
		--catalog "$BATS_TEST_TMPDIR/broken.catalog"
	[ "$status" -eq 3 ] && [[ "$stderr" != *"=="* ]] ||
		{ printf 'exit %s\n%s\n%s\n' "$status" "$output" "$stderr" >&2; false; }
}
