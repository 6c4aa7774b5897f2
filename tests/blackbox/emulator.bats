#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The NSClient++ REST emulator (tests/emulator) checked against clients nobody here wrote:
#   - Icinga's check_nscp_api (icinga2-bin 2.13.6) on the legacy /query/<command> route, for
#     every generation: it reads the JSON of most eras, garbles the perfdata of 0.6-0.8 (nested
#     thresholds, nscp issue #942) and turns the 0.9.0-0.9.7 always-"OK" result into exit 0;
#   - curl, against the real 0.16.4 transcripts in tests/fixtures/nsclient-0.16.4
#     (status line, headers, body), the era's 403 texts, and the four --fault modes.
# The emulator answers from the host facts in tests/emulator/hosts (constructed, see its README).

bats_require_minimum_version 1.5.0

load helpers
load ../emulator/emulator

GENERATIONS="0.4.4.23 0.5.2.35 0.6.0.1 0.7.0 0.9.5 0.9.15 0.11.32 0.12.3 0.16.4"
NSCP_API=/usr/lib/nagios/plugins/check_nscp_api
: "${NSCP_CAPTURES:=$WB_TOP/tests/fixtures/nsclient-0.16.4}"
OS_QUERY='query=SELECT Caption, Version, BuildNumber, ProductType, CSDVersion, OSArchitecture FROM Win32_OperatingSystem'
WS2008_OS='Microsoft® Windows Server® 2008 Standard , 6.0.6003, 6003, 3, Service Pack 2, 64-bit'
WS2008_KBS='KB4493730 4/16/2019, KB4499180 5/15/2019, KB4503287 6/12/2019, KB4474419 9/24/2019, KB5014006 5/11/2022'

setup_file() {
	local g
	emu_setup
	for g in $GENERATIONS; do
		start_emulator "g$g" --generation "$g" --host "$EMU_HOSTS/win2008sp2.json"
	done
	start_emulator win11-0.16.4 --generation 0.16.4 --host "$EMU_HOSTS/win11-24h2.json"
	start_emulator ltsc-0.16.4 --generation 0.16.4 --host "$EMU_HOSTS/win10-ltsc2019.json"
	start_emulator s2019-0.4.4.23 --generation 0.4.4.23 --host "$EMU_HOSTS/server2019.json"
	start_emulator s2019-0.5.2.35 --generation 0.5.2.35 --host "$EMU_HOSTS/server2019.json"
	start_emulator s2019-0.12.3 --generation 0.12.3 --host "$EMU_HOSTS/server2019.json"
	start_emulator nowmi --generation 0.16.4 --disable-module CheckWMI
	start_emulator w10-noinfoversion --generation 0.5.2.35 \
		--host "$EMU_HOSTS/win10-22h2.json" --no-info-version
	start_emulator auth --generation 0.16.4 --user monitor
	start_emulator ratelimit --generation 0.16.4
	for g in stall cut oversized malformed; do
		start_emulator "fault-$g" --generation 0.16.4 --fault "$g"
	done
}

teardown_file() {
	emu_teardown
}

# nscp_api NAME ARGS...: run Icinga's check_nscp_api against emulator NAME (stdout in $output,
# stderr in $stderr). timeout: the plugin itself has none.
nscp_api() {
	local name=$1
	shift
	run --separate-stderr timeout 10 "$NSCP_API" -H 127.0.0.1 -P "$(emu_port "$name")" \
		--password "$EMU_PASSWORD" "$@"
}

# is_out TEXT RC: stdout is exactly TEXT and the exit code RC.
is_out() {
	# shellcheck disable=SC2154 # $stderr is set by run --separate-stderr
	if [ "$output" != "$1" ] || [ "$status" -ne "$2" ]; then
		printf 'got exit %s, stdout:\n[%s]\nstderr:\n[%s]\nexpected exit %s, stdout:\n[%s]\n' \
			"$status" "$output" "$stderr" "$2" "$1" >&2
		return 1
	fi
}

# both_checks NAME OS_TEXT OS_RC: check_os_version prints OS_TEXT with OS_RC, and check_wmi with the
# OS-facts query prints the Server 2008 row with exit 0.
both_checks() {
	nscp_api "$1" -q check_os_version
	is_out "$2" "$3"
	nscp_api "$1" -q check_wmi -a "$OS_QUERY"
	is_out "check_wmi $WS2008_OS | " 0
}

needs_captures() {
	[ -d "$NSCP_CAPTURES" ] || { echo "captures not found: $NSCP_CAPTURES"; return 1; }
}

# --- check_nscp_api, one generation each (Server 2008 SP2 host) ---------------------------------

@test "check_nscp_api reads 0.4.4.23 (protobuf JSON, int_value): OK: Windows 2008 (6.0.6003)" {
	both_checks g0.4.4.23 "check_os_version OK: Windows 2008 (6.0.6003) | 'version'=60;50;50 " 0
}

@test "check_nscp_api reads 0.5.2.35 (protobuf JSON, int_value): OK: Windows 2008 (6.0.6003)" {
	both_checks g0.5.2.35 "check_os_version OK: Windows 2008 (6.0.6003) | 'version'=60;50;50 " 0
}

@test "check_nscp_api garbles 0.6.0.1 perfdata: proto3 nests warning/critical as {value} (nscp #942)" {
	both_checks g0.6.0.1 "check_os_version OK: Windows 2008 (6.0.6003) | 'version'=60;{
	value = 50.000000
};{
	value = 50.000000
} " 0
}

@test "check_nscp_api garbles 0.7.0 perfdata (nscp #942); 2008 reported CRITICAL with version=0" {
	both_checks g0.7.0 "check_os_version CRITICAL: Windows Server 2008 (6.0.6003) | 'version'=0;{
	value = 50.000000
};{
	value = 50.000000
} " 2
}

@test "check_nscp_api exits 0 on 0.9.5's CRITICAL: the 0.9.0-0.9.7 legacy API always says OK" {
	both_checks g0.9.5 "check_os_version CRITICAL: Windows Server 2008 (6.0.6003) | 'version'=0;50;50 " 0
}

@test "check_nscp_api reads 0.9.15 (hand-built JSON, json_spirit): CRITICAL, the 2008 version=0 bug" {
	both_checks g0.9.15 "check_os_version CRITICAL: Windows Server 2008 (6.0.6003) | 'version'=0;50;50 " 2
}

@test "check_nscp_api reads 0.11.32 (Boost.JSON 0E0/5E1 numbers): CRITICAL, the 2008 version=0 bug" {
	both_checks g0.11.32 "check_os_version CRITICAL: Windows Server 2008 (6.0.6003) | 'version'=0;50;50 " 2
}

@test "check_nscp_api reads 0.12.3 (Boost.JSON): CRITICAL, the 2008 version=0 bug" {
	both_checks g0.12.3 "check_os_version CRITICAL: Windows Server 2008 (6.0.6003) | 'version'=0;50;50 " 2
}

@test "check_nscp_api reads 0.16.4 (Boost.JSON): OK: Windows Server 2008 (6.0.6003.0) x64" {
	both_checks g0.16.4 "check_os_version OK: Windows Server 2008 (6.0.6003.0) x64 | 'version'=60;50;50 " 0
}

# --- check_nscp_api, other hosts and commands ----------------------------------------------------

@test "check_nscp_api: 0.16.4 on Windows 11 24H2 reports kernel 10.0.26100.4349 and version=110" {
	nscp_api win11-0.16.4 -q check_os_version
	is_out "check_os_version OK: Windows 11 24H2 (10.0.26100.4349) x64 | 'version'=110;50;50 " 0
	nscp_api win11-0.16.4 -q check_wmi -a "$OS_QUERY"
	is_out "check_wmi Microsoft Windows 11 Pro, 10.0.26100, 26100, 1, , 64-bit | " 0
}

@test "check_nscp_api: 0.16.4 on Windows 10 LTSC 2019 (workstation 17763) is Windows 10" {
	nscp_api ltsc-0.16.4 -q check_os_version
	is_out "check_os_version OK: Windows 10 (10.0.17763.6893) x64 | 'version'=100;50;50 " 0
}

@test "check_nscp_api: 0.4.4.23 on Server 2019 sees the GetVersionEx lie, Windows 2012 (6.2.9200)" {
	nscp_api s2019-0.4.4.23 -q check_os_version
	is_out "check_os_version OK: Windows 2012 (6.2.9200) | 'version'=62;50;50 " 0
}

@test "check_nscp_api: 0.5.2.35 on Server 2019 names it Windows Server 2016 (10.0.17763)" {
	nscp_api s2019-0.5.2.35 -q check_os_version
	is_out "check_os_version OK: Windows Server 2016 (10.0.17763) | 'version'=100;50;50 " 0
}

@test "check_nscp_api: hotfix list with detail-syntax, rows joined by comma" {
	nscp_api g0.16.4 -q check_wmi -a 'query=SELECT HotFixID, InstalledOn FROM Win32_QuickFixEngineering' \
		'detail-syntax=%(HotFixID) %(InstalledOn)'
	is_out "check_wmi $WS2008_KBS | " 0
}

@test "check_nscp_api: CheckWMI not loaded gives Unknown command(s): check_wmi, exit 3" {
	nscp_api nowmi -q check_wmi -a "$OS_QUERY"
	is_out "check_wmi Unknown command(s): check_wmi | " 3
}

@test "check_nscp_api: a wrong password (403 text/plain) is an unparsable body, exit 3" {
	run --separate-stderr timeout 10 "$NSCP_API" -H 127.0.0.1 -P "$(emu_port auth)" \
		--password wrong -q check_os_version
	is_out "" 3
	[[ "$stderr" == "UNKNOWN - Cannot parse JSON response body '403 You're not allowed', error: "* ]]
}

@test "check_nscp_api: malformed JSON (fault) is reported as unparsable, exit 3" {
	nscp_api fault-malformed -q check_os_version
	is_out "" 3
	[[ "$stderr" == "UNKNOWN - Cannot parse JSON response body '{\"payload\":[{\"command\":\"check_os_version\""* ]]
}

# --- the requests of the check_winbuild REST contract --------------------------------------------

@test "contract: /api/v1/info/version, and 404 for it on the legacy-only 0.4.4.23" {
	run emu_curl g0.12.3 /api/v1/info/version
	[[ "$output" == *$'\r\n\r\n{"version":"0.12.3 2026-05-17"}' ]]
	run emu_curl g0.4.4.23 /api/v1/info/version
	[[ "$output" == $'HTTP/1.1 404 \r\nContent-Length: 13\r\n\r\n404 Not Found' ]]
}

@test "contract: --no-info-version answers /api/v1/info, and 404 for /api/v1/info/version" {
	run emu_curl w10-noinfoversion /api/v1/info/version
	[[ "$output" == $'HTTP/1.1 404 \r\nContent-Length: 13\r\n\r\n404 Not Found' ]]
	run emu_curl w10-noinfoversion /api/v1/info
	[[ "$output" == *$'\r\n\r\n{"name":"NSClient++","version":"0.5.2.35 2018-01-28","version_url":"https://127.0.0.1:'*'/api/v1/info/version"}' ]]
}

@test "contract: the kernel file of Windows 10 22H2 keeps the 19041 base build" {
	local q
	q='/api/v1/queries/check_files/commands/execute?path=C%3A%2FWindows%2FSystem32&pattern=ntoskrnl.exe&top-syntax=%25(list)&detail-syntax=%25(version)&show-all'
	run curl -sk -H "password: $EMU_PASSWORD" "https://127.0.0.1:$(emu_port w10-noinfoversion)$q"
	[[ "$output" == *'"message":"10.0.19041.6456"'* ]]
	q='/api/v1/queries/check_os_version/commands/execute'
	run curl -sk -H "password: $EMU_PASSWORD" "https://127.0.0.1:$(emu_port w10-noinfoversion)$q"
	[[ "$output" == *'"message":"OK: Windows 10 (10.0.19045)"'* ]]
}

@test "contract: OS facts, ntoskrnl version and hotfixes on Server 2008; UBR over the registry" {
	local q
	q='/api/v1/queries/check_wmi/commands/execute?query=SELECT%20Caption%2C%20Version%2C%20BuildNumber%2C%20ProductType%2C%20CSDVersion%2C%20OSArchitecture%20FROM%20Win32_OperatingSystem'
	run curl -sk -H "password: $EMU_PASSWORD" "https://127.0.0.1:$(emu_port g0.12.3)$q"
	[ "$(jq -r '.lines[0].message' <<<"$output")" = "$WS2008_OS" ]
	q='/api/v1/queries/check_files/commands/execute?path=C%3A%2FWindows%2FSystem32&pattern=ntoskrnl.exe&top-syntax=%25(list)&detail-syntax=%25(version)&show-all'
	run curl -sk -H "password: $EMU_PASSWORD" "https://127.0.0.1:$(emu_port g0.12.3)$q"
	[ "$output" = '{"command":"check_files","result":0,"lines":[{"message":"6.0.6003.21481","perf":{}}]}' ]
	q='/api/v1/queries/check_wmi/commands/execute?query=SELECT%20HotFixID%2C%20InstalledOn%20FROM%20Win32_QuickFixEngineering&detail-syntax=%25(HotFixID)%20%25(InstalledOn)'
	run curl -sk -H "password: $EMU_PASSWORD" "https://127.0.0.1:$(emu_port g0.5.2.35)$q"
	[ "$output" = "{\"command\":\"check_wmi\",\"lines\":[{\"message\":\"$WS2008_KBS\",\"perf\":{}}],\"result\":0}" ]
	q='/api/v1/queries/check_registry_value/commands/execute?key=HKLM%5CSOFTWARE%5CMicrosoft%5CWindows%20NT%5CCurrentVersion&value=UBR&top-syntax=%25(list)&detail-syntax=%25(int_value)'
	run curl -sk -H "password: $EMU_PASSWORD" "https://127.0.0.1:$(emu_port s2019-0.12.3)$q"
	[ "$output" = '{"command":"check_registry_value","result":0,"lines":[{"message":"7009","perf":{}}]}' ]
	run curl -sk -H "password: $EMU_PASSWORD" "https://127.0.0.1:$(emu_port g0.9.15)$q"
	[ "$output" = '{"command":"check_registry_value","lines":[{"message":"Unknown command(s): check_registry_value","perf":{}}],"result":3}' ]
}

@test "contract: Basic auth works from 0.5.2 on; the 0.4.4.23 agent ignores it" {
	run curl -sk -o /dev/null -w '%{http_code}' -u "monitor:$EMU_PASSWORD" \
		"https://127.0.0.1:$(emu_port auth)/api/v1/info/version"
	[ "$output" = 200 ]
	run curl -sk -w '%{http_code}' -u "admin:$EMU_PASSWORD" \
		"https://127.0.0.1:$(emu_port g0.5.2.35)/api/v1/info/version"
	[ "$output" = '{"version":"0.5.2.35 2018-01-28"}200' ]
	run curl -sk -w ' %{http_code}' -u "admin:$EMU_PASSWORD" \
		"https://127.0.0.1:$(emu_port g0.4.4.23)/query/check_os_version"
	[ "$output" = '403 Please login first 403' ]
}

@test "contract: Accept: text/plain gives message|perf with 200 OK, 500 CRITICAL, 503 UNKNOWN" {
	local p=/api/v1/queries/check_os_version/commands/execute
	run curl -sk -w '%{http_code}' -H "password: $EMU_PASSWORD" -H 'Accept: text/plain' \
		"https://127.0.0.1:$(emu_port g0.16.4)$p"
	[ "$output" = $'OK: Windows Server 2008 (6.0.6003.0) x64|\'version\'=60;50;50\n200' ]
	run curl -sk -w '%{http_code}' -H "password: $EMU_PASSWORD" -H 'Accept: text/plain' \
		"https://127.0.0.1:$(emu_port g0.9.15)$p"
	[ "$output" = $'CRITICAL: Windows Server 2008 (6.0.6003)|\'version\'=0;50;50\n500' ]
	run curl -sk -w '%{http_code}' -H "password: $EMU_PASSWORD" -H 'Accept: text/plain' \
		"https://127.0.0.1:$(emu_port g0.16.4)/api/v1/queries/no_such_cmd/commands/execute"
	[ "$output" = $'Unknown command(s): no_such_cmd\n503' ]
}

# --- 0.16.4 against the real transcripts ---------------------------------------------------------

@test "0.16.4 matches the captures: info, info/version, unknown route" {
	local port a=$BATS_TEST_TMPDIR/actual
	needs_captures
	port=$(emu_port g0.16.4)
	emu_curl g0.16.4 /api/v1/info/version >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_info_version.txt" "$a"
	emu_curl g0.16.4 /api/v1/info >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_info_pw.txt" "$a" 127.0.0.1:8443 "127.0.0.1:$port"
	curl -sk -D- -u "admin:$EMU_PASSWORD" "https://127.0.0.1:$port/api/v1/info" >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_info_basic.txt" "$a" 127.0.0.1:8443 "127.0.0.1:$port"
	emu_curl g0.16.4 /api/v1/nonexistent >"$a"
	same_shape "$NSCP_CAPTURES/web_unknown_route.txt" "$a"
	emu_curl g0.16.4 /api >"$a"
	same_shape "$NSCP_CAPTURES/web_api_root.txt" "$a" 127.0.0.1:8443 "127.0.0.1:$port"
	emu_curl g0.16.4 /api/v1 >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_root.txt" "$a" 127.0.0.1:8443 "127.0.0.1:$port"
}

# The captures' check_os_version text is a stand-in (see their README): the message is replaced by
# what 0.16.4 says on Server 2008; everything around it must match.
@test "0.16.4 matches the captures: check_os_version over execute, execute_nagios, v2 and /query" {
	local a=$BATS_TEST_TMPDIR/actual stand='OK: Windows 2008 (6.0.6003)'
	local real='OK: Windows Server 2008 (6.0.6003.0) x64'
	needs_captures
	emu_curl g0.16.4 /api/v1/queries/check_os_version/commands/execute >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_execute_pw.txt" "$a" "$stand" "$real"
	emu_curl g0.16.4 /api/v1/queries/check_os_version/commands/execute_nagios >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_execute_nagios_pw.txt" "$a" "$stand" "$real"
	emu_curl g0.16.4 /api/v2/queries/check_os_version/commands/execute >"$a"
	same_shape "$NSCP_CAPTURES/web_v2_execute_pw.txt" "$a" "$stand" "$real"
	emu_curl g0.16.4 /query/check_os_version >"$a"
	same_shape "$NSCP_CAPTURES/web_query_ok.txt" "$a" "$stand" "$real"
	curl -sk -D- -u "admin:$EMU_PASSWORD" \
		"https://127.0.0.1:$(emu_port g0.16.4)/query/check_os_version" >"$a"
	same_shape "$NSCP_CAPTURES/web_query_basic.txt" "$a" "$stand" "$real"
}

# The captures' WMI row is a stand-in without the ® of the real Server 2008 Caption.
@test "0.16.4 matches the captures: check_wmi (Caption, Version, BuildNumber) and unknown commands" {
	local a=$BATS_TEST_TMPDIR/actual q
	needs_captures
	q='?query=SELECT%20Caption%2C%20Version%2C%20BuildNumber%20FROM%20Win32_OperatingSystem'
	emu_curl g0.16.4 "/api/v1/queries/check_wmi/commands/execute$q" >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_execute_wmi.txt" "$a" \
		'Microsoft Windows Server 2008' 'Microsoft® Windows Server® 2008'
	emu_curl g0.16.4 "/query/check_wmi$q" >"$a"
	same_shape "$NSCP_CAPTURES/web_query_wmi.txt" "$a" \
		'Microsoft Windows Server 2008' 'Microsoft® Windows Server® 2008'
	emu_curl g0.16.4 /api/v1/queries/no_such_cmd/commands/execute >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_execute_unknown.txt" "$a"
	emu_curl g0.16.4 /api/v1/queries/no_such_cmd/commands/execute_nagios >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_execute_nagios_unknown.txt" "$a"
	emu_curl g0.16.4 /query/no_such_cmd >"$a"
	same_shape "$NSCP_CAPTURES/web_query_unknown.txt" "$a"
}

@test "0.16.4 matches the captures: 403 for no, wrong, Basic-wrong and query-string passwords" {
	local a=$BATS_TEST_TMPDIR/actual base
	needs_captures
	base=https://127.0.0.1:$(emu_port auth)
	curl -sk -D- "$base/api/v1/queries/check_os_version/commands/execute" >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_execute_nopw.txt" "$a"
	curl -sk -D- -H 'password: wrong' "$base/api/v1/queries/check_os_version/commands/execute" >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_execute_wrongpw.txt" "$a"
	curl -sk -D- -u admin:wrong "$base/api/v1/queries/check_os_version/commands/execute" >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_execute_basic_wrong.txt" "$a"
	curl -sk -D- "$base/query/check_os_version?password=$EMU_PASSWORD" >"$a"
	same_shape "$NSCP_CAPTURES/web_query_qs_password.txt" "$a"
	curl -sk -D- -H 'password: wrong' "$base/api/v1/info" >"$a"
	same_shape "$NSCP_CAPTURES/web_v1_info_nopw.txt" "$a"
}

@test "0.16.4 rate limit: after 10 failed logins even the right password gets 403 (capture)" {
	local a=$BATS_TEST_TMPDIR/actual base
	needs_captures
	base=https://127.0.0.1:$(emu_port ratelimit)
	run curl -sk -o /dev/null -w '%{http_code}' -H "password: $EMU_PASSWORD" "$base/api/v1/info"
	[ "$output" = 200 ]
	for _ in $(seq 10); do
		curl -sk -o /dev/null -H 'password: wrong' "$base/api/v1/info"
	done
	curl -sk -D- -H "password: $EMU_PASSWORD" "$base/query/check_os_version" >"$a"
	same_shape "$NSCP_CAPTURES/web_ratelimited_after_12_failures.txt" "$a"
}

# --- every era's 403 --------------------------------------------------------------------------------

@test "a wrong password gets each era's 403 text; 0.4/0.5 with an empty reason phrase" {
	local g want got
	for g in $GENERATIONS; do
		case $g in
		0.4.4.23) want=$'HTTP/1.1 403 \r\nContent-Length: 22\r\n\r\n403 Please login first' ;;
		0.5.2.35) want=$'HTTP/1.1 403 \r\nContent-Length: 20\r\n\r\n403 Your not allowed' ;;
		*) want=$'HTTP/1.1 403 Forbidden\r\nConnection: close\r\nContent-Type: text/plain\r\nContent-Length: 22\r\n\r\n403 You\'re not allowed' ;;
		esac
		got=$(curl -sk -D- -H 'password: wrong' "https://127.0.0.1:$(emu_port "g$g")/query/check_os_version")
		if [ "$got" != "$want" ]; then
			printf '%s: got\n%q\nexpected\n%q\n' "$g" "$got" "$want" >&2
			return 1
		fi
	done
}

@test "no credentials: 403 Please login first up to 0.12.3 (0.5.2: issue #485 bytes), 0.16.4 not allowed" {
	run curl -sk -D- "https://127.0.0.1:$(emu_port g0.5.2.35)/query/check_os_version"
	[ "$output" = $'HTTP/1.1 403 \r\nContent-Length: 22\r\n\r\n403 Please login first' ]
	run curl -sk "https://127.0.0.1:$(emu_port g0.12.3)/api/v1/info/version"
	[ "$output" = '403 Please login first' ]
	run curl -sk "https://127.0.0.1:$(emu_port g0.16.4)/api/v1/info/version"
	[ "$output" = "403 You're not allowed" ]
}

# --- faults -----------------------------------------------------------------------------------------

@test "fault stall: the connection is accepted, nothing comes back (curl times out)" {
	local t0
	t0=$(now_ms)
	run curl -sk --max-time 1 -D- -H "password: $EMU_PASSWORD" \
		"https://127.0.0.1:$(emu_port fault-stall)/api/v1/info/version"
	[ "$status" -eq 28 ]
	[ -z "$output" ]
	[ $(($(now_ms) - t0)) -ge 900 ]
}

@test "fault cut: Content-Length larger than the body, then the connection closes" {
	local h=$BATS_TEST_TMPDIR/h b=$BATS_TEST_TMPDIR/b len
	run curl -sk -D "$h" -o "$b" -H "password: $EMU_PASSWORD" \
		"https://127.0.0.1:$(emu_port fault-cut)/api/v1/info/version"
	[ "$status" -eq 18 ] # CURLE_PARTIAL_FILE
	len=$(tr -d '\r' <"$h" | sed -n 's/^Content-Length: //p')
	[ "$len" -eq $(($(wc -c <"$b") + 100)) ]
	[ "$(cat "$b")" = '{"version":"0.16.4.55 2026-11-22"}' ]
}

@test "fault oversized: HTTP 200 with a valid JSON body of exactly 4 MiB" {
	local h=$BATS_TEST_TMPDIR/h b=$BATS_TEST_TMPDIR/b
	curl -sk -D "$h" -o "$b" -H "password: $EMU_PASSWORD" \
		"https://127.0.0.1:$(emu_port fault-oversized)/api/v1/queries/check_os_version/commands/execute"
	head -n 1 "$h" | grep -q '^HTTP/1.1 200 OK'
	[ "$(wc -c <"$b")" -eq 4194304 ]
	[ "$(jq -r '.command' "$b")" = check_os_version ]
	[[ "$(jq -r '.lines[0].message' "$b")" == "OK: Windows Server 2008 (6.0.6003.0) x64, OK: "* ]]
}

@test "fault malformed: HTTP 200, application/json, a truncated body that is not JSON" {
	local h=$BATS_TEST_TMPDIR/h b=$BATS_TEST_TMPDIR/b
	curl -sk -D "$h" -o "$b" -H "password: $EMU_PASSWORD" \
		"https://127.0.0.1:$(emu_port fault-malformed)/api/v1/queries/check_os_version/commands/execute"
	head -n 1 "$h" | grep -q '^HTTP/1.1 200 OK'
	grep -q '^Content-Type: application/json' "$h"
	[ "$(tr -d '\r' <"$h" | sed -n 's/^Content-Length: //p')" -eq "$(wc -c <"$b")" ]
	run jq . "$b"
	[ "$status" -ne 0 ]
	[[ "$(cat "$b")" == '{"command":"check_os_version","result":0,'* ]]
}

# --- the emulator itself ---------------------------------------------------------------------------

@test "the log has every request line and the auth headers' presence, never the password" {
	local log
	curl -sk -o /dev/null -H "password: $EMU_PASSWORD" "https://127.0.0.1:$(emu_port g0.4.4.23)/api/v1/info/version"
	curl -sk -o /dev/null "https://127.0.0.1:$(emu_port g0.4.4.23)/query/check_os_version?password=$EMU_PASSWORD"
	log=$(emu_log g0.4.4.23)
	grep -q 'GET /api/v1/info/version HTTP/1.1 password-header=yes authorization=none status=404' "$log"
	grep -q 'GET /query/check_os_version?password=\*\*\* HTTP/1.1 password-header=no authorization=none status=200' "$log"
	grep -q 'authorization=basic' "$(emu_log auth)"
	run ! grep -rqF -- "$EMU_PASSWORD" "$EMU_DIR"/*/requests.log
}

@test "plain HTTP on 127.0.0.1 and ::1, then SIGTERM: exit 0 and the ready file removed" {
	local d=$BATS_TEST_TMPDIR pid port rc=0 v6=
	have_ipv6_loopback && v6=--ipv6
	"$WB_PYTHON" "$EMU_PY" --plain $v6 --password "$EMU_PASSWORD" --ready-file "$d/ready" \
		--generation 0.9.15 --host "$EMU_HOSTS/server2019.json" >"$d/out" 2>&1 3>&- &
	pid=$!
	for _ in $(seq 250); do [ -s "$d/ready" ] && break; sleep 0.02; done
	port=$(cat "$d/ready")
	[ "$(head -n 1 "$d/out")" = "$port" ]
	run curl -s -H "password: $EMU_PASSWORD" "http://127.0.0.1:$port/api/v1/info"
	[ "$output" = "{\"name\":\"NSClient++\",\"version\":\"0.9.15 2025-08-16\",\"version_url\":\"http://127.0.0.1:$port/api/v1/info/version\"}" ]
	if [ -n "$v6" ]; then
		run curl -sg -H "password: $EMU_PASSWORD" "http://[::1]:$port/api/v1/queries/check_os_version/commands/execute"
		[ "$output" = '{"command":"check_os_version","lines":[{"message":"OK: Windows Server 2019 (10.0.17763)","perf":{"version":{"critical":50.000000000000000,"unit":"","value":100.00000000000000,"warning":50.000000000000000}}}],"result":0}' ]
	fi
	kill -TERM "$pid"
	wait "$pid" || rc=$?
	[ "$rc" -eq 0 ]
	[ ! -e "$d/ready" ]
}

@test "a host file with a missing fact is refused with a clear message, exit 2" {
	printf '{"caption": "x"}\n' >"$BATS_TEST_TMPDIR/bad.json"
	run --separate-stderr "$WB_PYTHON" "$EMU_PY" --plain --password x --host "$BATS_TEST_TMPDIR/bad.json"
	[ "$status" -eq 2 ]
	[[ "$stderr" == *"missing key 'version'"* ]]
}
