#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# check_winbuild over NSClient++'s REST API, against the emulator of every
# agent generation (tests/emulator), alone and together with SNMP.

bats_require_minimum_version 1.5.0

GENERATIONS="0.4.4.23 0.5.2.35 0.6.0.1 0.7.0 0.9.5 0.9.15 0.11.32 0.12.3 0.16.4"

setup_file() {
	load helpers
	load ../emulator/emulator
	emu_setup
	for g in $GENERATIONS; do
		start_emulator "2008-$g" --generation "$g" --host "$EMU_HOSTS/win2008sp2.json"
	done
	start_emulator 2019 --generation 0.16.4 --host "$EMU_HOSTS/server2019.json" --user monitor
	start_emulator ltsc --generation 0.16.4 --host "$EMU_HOSTS/win10-ltsc2019.json"
	for g in 0.9.15 0.11.32 0.16.4; do
		start_emulator "w11-$g" --generation "$g" --host "$EMU_HOSTS/win11-24h2.json"
	done
	for g in 0.4.4.23 0.5.2.35 0.9.15; do
		start_emulator "w10-$g" --generation "$g" --host "$EMU_HOSTS/win10-22h2.json"
	done
	start_emulator 2019-0.5.2.35 --generation 0.5.2.35 --host "$EMU_HOSTS/server2019.json"
	start_emulator w10-nodisk --generation 0.5.2.35 --host "$EMU_HOSTS/win10-22h2.json" \
		--disable-module CheckDisk
	start_emulator w10-noinfoversion --generation 0.5.2.35 \
		--host "$EMU_HOSTS/win10-22h2.json" --no-info-version
	start_emulator nowmi --generation 0.9.5 --host "$EMU_HOSTS/win2008sp2.json" \
		--disable-module CheckWMI
	start_emulator lie --generation 0.4.4.23 --host "$EMU_HOSTS/server2019.json" \
		--disable-module CheckWMI
	for fault in stall cut oversized malformed; do
		start_emulator "$fault" --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json" \
			--fault "$fault" --fault-route check_os_version
	done
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

# rest NAME ARGS...: the plugin against emulator NAME, verified with the test CA
rest() {
	local name=$1
	shift
	wb -H 127.0.0.1 --source rest --rest-port "$(emu_port "$name")" \
		--ca-file "$EMU_CERTS/ca.pem" --date 2026-11-22 "$@"
}

field() { jq -r "$1" <<<"$output"; }

days_to() { echo $((($(date -ud "$1" +%s) - $(date -ud 2026-11-22 +%s)) / 86400)); }

@test "every agent generation: Server 2008 SP2 on 6.0.6003.21481" {
	for g in $GENERATIONS; do
		run -2 rest "2008-$g" --password "$EMU_PASSWORD" --output-format json
		[ "$(field .host.product)" = server-2008-sp2 ] || { echo "$g: $output"; return 1; }
		[ "$(field .host.build)" = 6003 ]
		[ "$(field .host.revision)" = 21481 ] || { echo "$g: revision $(field .host.revision)"; return 1; }
		[ "$(field .host.version)" = 6.0.6003.21481 ]
		[ "$(field .sources.revision)" = "nsclient:check_files ntoskrnl.exe" ]
		[ "$(field .host.product_type)" = server ]
		[ "$(field .host.caption)" = "Microsoft(R) Windows Server(R) 2008 Standard" ]
		[ "$(field .host.service_pack)" = "Service Pack 2" ]
		[ "$(field '.host.hotfixes | length')" -ge 4 ]
		[ "$(field '.host.hotfixes[] | select(.id == "KB4493730") | .installed')" != "" ]
		if [ "$g" = 0.4.4.23 ]; then
			[ "$(field .host.agent.api)" = legacy ]
			[ "$(field .host.agent.version)" = null ]
		else
			[ "$(field .host.agent.api)" = v1 ]
			[[ "$(field .host.agent.version)" == "$g"* ]]
		fi
	done
}

@test "the 0.6.15-0.14 Server 2008 bug (check_os_version CRITICAL, version 0) does not mislead" {
	run -0 rest 2008-0.12.3 --password "$EMU_PASSWORD" --support esu-azure --date 2023-06-01 \
		--output-format json
	[ "$(field .host.build)" = 6003 ]
	[ "$(field .state)" = OK ]
}

@test "a minimum build with a revision is checked over REST" {
	run -2 rest 2008-0.16.4 --password "$EMU_PASSWORD" --support esu-azure \
		--min-build 6.0.6003.21481 --output-format json
	[ "$(field '.rules[] | select(.name == "build") | .state')" = OK ]
	run -2 rest 2008-0.16.4 --password "$EMU_PASSWORD" --support esu-azure \
		--min-build 6.0.6003.23117 --output-format json
	[ "$(field '.rules[] | select(.name == "build") | .message')" = "6003.21481 is below the minimum 6.0.6003.23117" ]
}

@test "Server 2019 Standard: the LTSC server release, its UBR from check_os_version" {
	run -0 rest 2019 --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.product)" = server-2019 ]
	[ "$(field .host.revision)" = 7009 ]
	[ "$(field .sources.revision)" = nsclient:check_os_version ]
	[ "$(field .host.edition)" = ltsc ]
	[ "$(field .host.edition_assumed)" = null ]
}

@test "Enterprise LTSC 2019 on 17763 ends 2029-01-09, not on 1809's 2020-11-10" {
	run -0 rest ltsc --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.product)" = win10-ltsc-2019 ]
	[ "$(field .host.edition)" = ltsc ]
	[ "$(field .sources.edition)" = "nsclient:check_wmi Win32_OperatingSystem" ]
	[ "$(field '.perfdata[] | select(.label == "support_days_left") | .value')" = "$(days_to 2029-01-09)" ]
}

@test "Windows 11 24H2: the UBR from 0.15's kernel version and from 0.11.32's registry check" {
	run -2 rest w11-0.16.4 --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.product)" = win11-24h2 ]
	[ "$(field .host.revision)" = 4349 ]
	[ "$(field .sources.revision)" = nsclient:check_os_version ]
	run -2 rest w11-0.11.32 --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.revision)" = 4349 ]
	[ "$(field .sources.revision)" = "nsclient:check_registry_value UBR" ]
}

@test "Windows 11 on 0.9.15: no UBR, the revision from the kernel file" {
	run -2 rest w11-0.9.15 --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.revision)" = 4349 ]
	[ "$(field .sources.revision)" = "nsclient:check_files ntoskrnl.exe" ]
	[ "$(field .host.notes)" = null ]
	run -2 rest w11-0.9.15 --password "$EMU_PASSWORD" --min-build 10.0.26100.4349
	[[ "$output" == *"[OK] build: 26100.4349 is at or above the minimum 10.0.26100.4349"* ]]
}

@test "Windows 10 22H2 on 0.5.2.35: 19045 with the revision of its 19041 kernel file" {
	run -2 rest w10-0.5.2.35 --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.product)" = win10-22h2 ]
	[ "$(field .host.build)" = 19045 ]
	[ "$(field .host.version)" = 10.0.19045.6456 ]
	[ "$(field .host.revision)" = 6456 ]
	[ "$(field .sources.version)" = "nsclient:check_wmi Win32_OperatingSystem" ]
	[ "$(field .sources.revision)" = "nsclient:check_files ntoskrnl.exe" ]
	[ "$(field .host.agent.version)" = 0.5.2.35 ]
	[ "$(field .host.notes)" = null ]
	# 0.5.2.35 has no registry check: it is not asked for one
	! grep -q check_registry_value "$(emu_log w10-0.5.2.35)" || return 1
	run -2 --separate-stderr rest w10-0.5.2.35 --password "$EMU_PASSWORD" -v
	[[ "${lines[0]}" == "WINBUILD CRITICAL - Windows 10 version 22H2 Home/Pro 10.0.19045.6456: "* ]]
	[[ "$output" == *$'\n\\_ revision: 6456 (nsclient:check_files ntoskrnl.exe)\n'* ]]
	[[ "$output" == *"'build'=19045;;;; 'revision'=6456;;;;"* ]]
	run -2 rest w10-0.5.2.35 --password "$EMU_PASSWORD" --min-build 10.0.19045.6457
	[[ "$output" == *"[CRITICAL] build: 19045.6456 is below the minimum 10.0.19045.6457"* ]]
}

@test "Windows 10 22H2 on the legacy-only 0.4.4.23 and on 0.9.15: the kernel file's revision" {
	for name in w10-0.4.4.23 w10-0.9.15; do
		run -2 rest "$name" --password "$EMU_PASSWORD" --output-format json
		[ "$(field .host.version)" = 10.0.19045.6456 ] || { echo "$name: $output"; return 1; }
		[ "$(field .sources.revision)" = "nsclient:check_files ntoskrnl.exe" ]
	done
	[ "$(field .host.agent.api)" = v1 ]
	run -2 rest w10-0.4.4.23 --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.agent.api)" = legacy ]
	grep -q 'GET /query/check_files?' "$(emu_log w10-0.4.4.23)"
	! grep -q check_registry_value "$(emu_log w10-0.4.4.23)" || return 1
}

@test "Server 2019 on 0.5.2.35: the revision from ntoskrnl.exe 10.0.17763.7009" {
	run -0 rest 2019-0.5.2.35 --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.product)" = server-2019 ]
	[ "$(field .host.version)" = 10.0.17763.7009 ]
	[ "$(field .sources.revision)" = "nsclient:check_files ntoskrnl.exe" ]
}

@test "an agent of unknown version: the registry first, then the kernel file" {
	run -2 rest w10-0.5.2.35 --password "$EMU_PASSWORD" --rest-api legacy \
		--output-format json
	[ "$(field .host.agent.version)" = null ]
	[ "$(field .host.revision)" = 6456 ]
	[ "$(field .sources.revision)" = "nsclient:check_files ntoskrnl.exe" ]
	# the missing registry check is no fault when the kernel file tells
	[ "$(field .host.notes)" = null ]
	run -2 rest w11-0.16.4 --password "$EMU_PASSWORD" --rest-api legacy --output-format json
	[ "$(field .sources.revision)" = nsclient:check_os_version ]
}

@test "no registry check and no CheckDisk: the revision stays unknown, and the output says why" {
	run -2 rest w10-nodisk --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.build)" = 19045 ]
	[ "$(field .host.revision)" = null ]
	[ "$(field .sources.revision)" = null ]
	[[ "$(field .host.notes)" == *"the agent does not know check_files: enable its CheckDisk module"* ]]
	[[ "$(field .host.notes)" == *"NSClient++ 0.5.2.35 cannot report the UBR (0.11.32 or later can)"* ]]
	run -2 rest w10-nodisk --password "$EMU_PASSWORD" --min-build 10.0.19045.6456
	[[ "$output" == *"[UNKNOWN] build: build 19045 matches, but its revision is not known (NSClient++ did not report it)"* ]]
}

@test "an agent with /api/v1/info but no /api/v1/info/version is a v1 agent" {
	run -2 rest w10-noinfoversion --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.agent.api)" = v1 ]
	[ "$(field .host.agent.version)" = 0.5.2.35 ]
	[ "$(field .sources.agent)" = nsclient:/api/v1/info ]
	[ "$(field .host.revision)" = 6456 ]
	grep -q 'GET /api/v1/info/version HTTP/1.1 .*status=404' "$(emu_log w10-noinfoversion)"
	grep -q 'GET /api/v1/queries/check_os_version/commands/execute' "$(emu_log w10-noinfoversion)"
	! grep -q 'GET /query/' "$(emu_log w10-noinfoversion)" || return 1
	run -2 rest w10-noinfoversion --password "$EMU_PASSWORD" --rest-api v1 --output-format json
	[ "$(field .host.agent.api)" = v1 ]
}

@test "text output: revision, edition, hotfixes and agent lines" {
	run -2 rest 2008-0.16.4 --password "$EMU_PASSWORD"
	[ "${lines[0]}" = "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003.21481: extended support ended 2020-01-14 (2504 days ago)" ]
	[[ "$output" == *$'\n\\_ revision: 21481 (nsclient:check_files ntoskrnl.exe)\n'* ]]
	[[ "$output" == *$'\n\\_ edition: Microsoft(R) Windows Server(R) 2008 Standard, Service Pack 2, 64-bit (general)\n'* ]]
	# newest first, as ISO dates (WMI's InstalledOn is M/D/YYYY)
	[[ "$output" == *$'\n\\_ hotfixes: 5 installed, newest first: KB5014006 (2022-05-11), KB4474419 (2019-09-24), KB4503287 (2019-06-12), KB4499180 (2019-05-15), KB4493730 (2019-04-16)\n'* ]]
	[[ "$output" == *$'\n\\_ agent: NSClient++ 0.16.4.55, REST API v1\n'* ]]
	[[ "$output" == *"'revision'=21481;;;;"* ]]
}

@test "a wrong password is UNKNOWN with the agent's own 403 text, in each era" {
	run -3 rest 2008-0.16.4 --password wrong
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - NSClient++ refused the credentials at https://127.0.0.1:"*" (HTTP 403: \"403 You're not allowed\"): check --password or --user, and the agent's allowed hosts" ]]
	run -3 rest 2008-0.4.4.23 --password wrong
	[[ "${lines[0]}" == *"(HTTP 403: \"403 Please login first\")"* ]]
	run -3 rest 2008-0.5.2.35
	[[ "${lines[0]}" == *"refused the credentials"*"Please login first"* ]]
}

@test "Basic authentication with --user, where the agent has it" {
	run -0 rest 2019 --user monitor --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.product)" = server-2019 ]
	run -3 rest 2008-0.4.4.23 --user admin --password "$EMU_PASSWORD"
	[[ "${lines[0]}" == *"refused the credentials"* ]]
}

@test "TLS: a certificate from another CA is refused; --insecure says so" {
	run -3 wb -H 127.0.0.1 --source rest --rest-port "$(emu_port 2008-0.16.4)" \
		--password "$EMU_PASSWORD" --ca-file "$EMU_CERTS/other-ca.pem"
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - the certificate of https://127.0.0.1:"*" did not verify ("*"): give --ca-file with the CA that signed it, or --pin its public key" ]]
	run -2 wb -H 127.0.0.1 --source rest --rest-port "$(emu_port 2008-0.16.4)" \
		--password "$EMU_PASSWORD" --insecure
	[[ "$output" == *$'\n\\_ tls: the agent\'s certificate was not verified (--insecure)\n'* ]]
}

@test "TLS: --ca-file is the only trust: the system's CA directory is not asked as well" {
	# the system's CAs, in a mount namespace of this test's own, include the emulator's CA:
	# without --ca-file the agent verifies; with --ca-file naming another CA it must not
	local sys=$BATS_TEST_TMPDIR/system-certs
	unshare --mount true 2>/dev/null || skip "no mount namespace here (unshare --mount)"
	mkdir "$sys"
	cp "$EMU_CERTS/ca.pem" "$sys/ca.pem"
	cp "$EMU_CERTS/ca.pem" "$sys/ca-certificates.crt"
	openssl rehash "$sys" 2>/dev/null
	in_ns() { unshare --mount sh -c 'mount --bind "$1" /etc/ssl/certs && shift && exec "$@"' \
		sh "$sys" "$WB_BIN" -H 127.0.0.1 --source rest --rest-port "$(emu_port 2008-0.16.4)" \
		--password "$EMU_PASSWORD" "$@"; }
	run -2 in_ns --output-format json
	[ "$(field .host.agent.tls_verified)" = true ]
	run -3 in_ns --ca-file "$EMU_CERTS/other-ca.pem"
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - the certificate of https://127.0.0.1:"*" did not verify ("*"): give --ca-file with the CA that signed it, or --pin its public key" ]]
}

@test "TLS: the matching pin is accepted without a CA, a wrong one refused" {
	run -2 wb -H 127.0.0.1 --source rest --rest-port "$(emu_port 2008-0.16.4)" \
		--password "$EMU_PASSWORD" --pin "$EMU_PIN" --output-format json
	[ "$(field .host.revision)" = 21481 ]
	[ "$(field .host.agent.tls_verified)" = true ]
	run -3 wb -H 127.0.0.1 --source rest --rest-port "$(emu_port 2008-0.16.4)" \
		--password "$EMU_PASSWORD" --pin sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=
	[[ "${lines[0]}" == *"does not match --pin: another host, or a new certificate" ]]
	run -3 wb -H 127.0.0.1 --source rest --pin sha256//short
	[[ "$output" == "WINBUILD UNKNOWN - --pin: 'sha256//short' is not sha256//BASE64"* ]]
}

@test "a stalled agent: the answer comes within -t" {
	local t0=$(now_ms)
	run -3 rest stall --password "$EMU_PASSWORD" -t 2
	[ $(($(now_ms) - t0)) -lt 3000 ]
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - no"*"answer from"*"in time"* || "${lines[0]}" == "WINBUILD UNKNOWN - no complete answer from 127.0.0.1 within 2 s"* ]]
	run -2 rest stall --password "$EMU_PASSWORD" -t 2:CRITICAL
	[[ "${lines[0]}" == "WINBUILD CRITICAL - no"* ]]
}

@test "an oversized, a cut-off and a malformed answer are UNKNOWN saying so" {
	run -3 rest oversized --password "$EMU_PASSWORD"
	[[ "${lines[0]}" == *"is larger than 1024 KiB" ]]
	run -3 rest cut --password "$EMU_PASSWORD"
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - request to https://127.0.0.1:"*" failed: "* ]]
	run -3 rest malformed --password "$EMU_PASSWORD"
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - cannot read https://127.0.0.1:"*"'s answer to check_os_version: the answer is not a JSON object"* ]]
}

@test "a module that is not loaded is named; the check goes on without it" {
	run -2 rest nowmi --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.build)" = 6003 ]
	[ "$(field .sources.version)" = nsclient:check_os_version ]
	[ "$(field .host.caption)" = null ]
	[ "$(field .host.hotfixes)" = null ]
	[[ "$(field .host.notes)" == *"the agent does not know check_wmi: enable its CheckWMI module"* ]]
}

@test "0.4 without WMI: its GetVersionEx answer is flagged, and SNMP contradicts it" {
	run -2 rest lie --password "$EMU_PASSWORD" --output-format json
	[ "$(field .host.build)" = 9200 ]
	[[ "$(field .host.notes)" == *"0.4 agents say 6.2.9200 on Windows 8.1, 2012 R2 and later too: the build is only sure with CheckWMI"* ]]
	run -3 wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc --source snmp,rest \
		--rest-port "$(emu_port lie)" --password "$EMU_PASSWORD" --ca-file "$EMU_CERTS/ca.pem"
	[ "${lines[0]}" = "WINBUILD UNKNOWN - the sources disagree on the NT version: snmp:sysDescr.0 says 10.0, nsclient:check_os_version says 6.2" ]
}

@test "--rest-api legacy on a v1 agent, and v1 on a legacy-only agent" {
	run -2 rest 2008-0.16.4 --password "$EMU_PASSWORD" --rest-api legacy --output-format json
	[ "$(field .host.agent.api)" = legacy ]
	[ "$(field .host.revision)" = 21481 ]
	run -3 rest 2008-0.4.4.23 --password "$EMU_PASSWORD" --rest-api v1
	[[ "${lines[0]}" == *"answered HTTP 404 to /api/v1/info/version" ]]
}

@test "SNMP and REST together: facts merged, each with its source" {
	run -2 wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2008sp2-6003 --source snmp,rest \
		--rest-port "$(emu_port 2008-0.16.4)" --password "$EMU_PASSWORD" \
		--ca-file "$EMU_CERTS/ca.pem" --date 2026-11-22 --output-format json
	[ "$(field .host.product)" = server-2008-sp2 ]
	[ "$(field .host.revision)" = 21481 ]
	[ "$(field .host.name)" = win2008sp2-6003 ]
	[ "$(field .sources.version)" = "snmp:sysDescr.0 and nsclient:check_wmi Win32_OperatingSystem" ]
	[ "$(field .sources.name)" = snmp:sysName.0 ]
	[ "$(field .sources.revision)" = "nsclient:check_files ntoskrnl.exe" ]
}

@test "SNMP and REST disagreeing on the build: UNKNOWN naming both" {
	run -3 wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2008sp2-6002 --source snmp --source rest \
		--rest-port "$(emu_port 2008-0.16.4)" --password "$EMU_PASSWORD" \
		--ca-file "$EMU_CERTS/ca.pem"
	[ "${lines[0]}" = "WINBUILD UNKNOWN - the sources disagree on the build: snmp:sysDescr.0 says 6002, nsclient:check_wmi Win32_OperatingSystem says 6003" ]
}

@test "the NSClient++ password from a file or the environment never shows, even with -vvv" {
	echo "$EMU_PASSWORD" >"$BATS_TEST_TMPDIR/pw"
	run -2 --separate-stderr rest 2008-0.16.4 --password-file "$BATS_TEST_TMPDIR/pw" -vvv
	[[ "$output$stderr" != *"$EMU_PASSWORD"* ]]
	[[ "$stderr" == *"password set (not shown)"* ]]
	WINBUILD_NSCLIENT_PASSWORD=$EMU_PASSWORD run -2 --separate-stderr rest 2008-0.16.4 -vvv
	[[ "$output$stderr" != *"$EMU_PASSWORD"* ]]
	[[ "${lines[0]}" == "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003.21481"* ]]
}

@test "usage: REST needs a plain host" {
	run -3 wb -H udp:127.0.0.1 --source rest
	[ "$output" = "WINBUILD UNKNOWN - --source rest needs -H as a host name or address, not a net-snmp transport" ]
	run -3 wb -H 127.0.0.1 --source rest --rest-port 0
	[[ "$output" == "WINBUILD UNKNOWN - --rest-port: '0' is not a port"* ]]
	run -3 wb -H 127.0.0.1 --source rest --user admin
	[[ "$output" == "WINBUILD UNKNOWN - --user needs a password"* ]]
}
