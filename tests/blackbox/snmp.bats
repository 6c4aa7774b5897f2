#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check_winbuild against snmpsim serving the fixture hosts of tests/fixtures/snmprec (community =
# file name): product recognition from real sysDescr strings, support dates and states, the text
# and JSON outputs, SNMPv1, IPv6. The evaluation date is fixed with --date; expected day counts
# are computed here from the catalogue dates with date(1), never written as numbers.

bats_require_minimum_version 1.5.0

load helpers

WB_DATE=2026-11-22

setup_file() {
	start_snmpsim
}

teardown_file() {
	stop_snmpsim
}

setup() {
	require_wb
}

# fixture_value COMMUNITY OID: the value of a plain record in the fixture file.
fixture_value() {
	sed -n "s/^$2|[0-9]*|//p" "$WB_FIXTURES/snmprec/$1.snmprec"
}

# query_json COMMUNITY [OPTIONS...]: run the plugin against the snmpsim host COMMUNITY, JSON output.
query_json() {
	local community=$1
	shift
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C "$community" \
		--output-format json "$@"
}

# check_host COMMUNITY PRODUCT BUILD PRODUCT_TYPE SUPPORT_END
# At $WB_DATE with the defaults (--support extended, -w 180: -c 0:), the host must be recognised
# as PRODUCT/BUILD/PRODUCT_TYPE (a JSON literal: '"server"' or null) and support_days_left must be
# the days from $WB_DATE to SUPPORT_END, with the state those days give.
check_host() {
	local community=$1 product=$2 build=$3 ptype=$4 end=$5 days want
	days=$(days_between "$WB_DATE" "$end")
	want=$(state_for_days "$days")
	query_json "$community" --date "$WB_DATE"
	status_is "$want"
	json_is .state "\"$(state_name "$want")\""
	json_is .exit_code "$want"
	json_is .host.product "\"$product\""
	json_is .host.build "$build"
	json_is .host.product_type "$ptype"
	json_is .host.revision null
	json_is .host.name "\"$(fixture_value "$community" 1.3.6.1.2.1.1.5.0)\""
	json_is .sources.version '"snmp:sysDescr.0"'
	json_is '[.perfdata[] | select(.label == "support_days_left") | .value]' "[$days]"
	json_is '[.perfdata[] | select(.label == "build") | .value]' "[$build]"
	json_is '[.rules[] | select(.name == "support") | .state]' "[\"$(state_name "$want")\"]"
}

# check_old_host COMMUNITY PRODUCT BUILD PRODUCT_TYPE: a release long out of support (NT 4 to
# 2003): CRITICAL with a negative support_days_left, whatever its exact catalogue date.
check_old_host() {
	query_json "$1" --date "$WB_DATE"
	status_is 2
	json_is .state '"CRITICAL"'
	json_is .host.product "\"$2\""
	json_is .host.build "$3"
	json_is .host.product_type "$4"
	json_is .host.revision null
	json_is '[.perfdata[] | select(.label == "support_days_left") | .value < 0]' '[true]'
}

# --- every Windows fixture host, defaults, at 2026-11-22 ----------------------------------------

@test "Server 2008 SP2 build 6002: past extended support (2020-01-14), CRITICAL" {
	check_host win2008sp2-6002 server-2008-sp2 6002 '"server"' 2020-01-14
}

@test "Server 2008 SP2 build 6003: same release and dates as 6002, CRITICAL" {
	check_host win2008sp2-6003 server-2008-sp2 6003 '"server"' 2020-01-14
}

@test "Server 2008 R2 SP1 (7601): past extended support (2020-01-14), CRITICAL" {
	check_host win2008r2sp1 server-2008-r2-sp1 7601 '"server"' 2020-01-14
}

@test "Server 2012 R2 (9600): past extended support (2023-10-10), CRITICAL" {
	check_host win2012r2 server-2012-r2 9600 '"server"' 2023-10-10
}

@test "Server 2016 (14393, reported as 6.3): extended support ends 2027-01-12, WARNING" {
	check_host win2016 server-2016 14393 '"server"' 2027-01-12
}

@test "Server 2019 domain controller (17763, sysObjectID .3.1.3): OK until 2029-01-09" {
	check_host win2019dc server-2019 17763 '"domain_controller"' 2029-01-09
}

@test "Server 2022 (20348): OK until 2031-10-14" {
	check_host win2022 server-2022 20348 '"server"' 2031-10-14
}

@test "Server 2025 (26100, server sysObjectID): OK until 2034-11-14" {
	check_host win2025 server-2025 26100 '"server"' 2034-11-14
}

@test "Windows 10 22H2 (19045, workstation): ended 2025-10-14, CRITICAL" {
	check_host win10-22h2 win10-22h2 19045 '"workstation"' 2025-10-14
}

@test "Windows 11 24H2 (26100, workstation): general edition ended 2026-10-13, CRITICAL" {
	check_host win11-24h2 win11-24h2 26100 '"workstation"' 2026-10-13
	json_is .host.edition null
	json_is .host.edition_assumed '"general"'
}

@test "NT 4.0 server (Build Number: 1381, double spaces): CRITICAL" {
	check_old_host winnt4 nt4-server 1381 '"server"'
}

@test "Windows 2000 Professional (Windows 2000 Version 5.0, 2195, workstation): CRITICAL" {
	check_old_host win2000 win2000 2195 '"workstation"'
}

@test "Windows XP (reports Windows 2000 Version 5.1, 2600, workstation): CRITICAL" {
	check_old_host winxp winxp 2600 '"workstation"'
}

@test "Server 2003 (Windows Version 5.2, 3790): CRITICAL" {
	check_old_host win2003 server-2003 3790 '"server"'
}

# --- support tiers -----------------------------------------------------------------------------

@test "--support esu: 2008 SP2 at 2022-06-01 counts to the end of ESU year 3 (2023-01-10)" {
	local days want
	days=$(days_between 2022-06-01 2023-01-10)
	want=$(state_for_days "$days")
	query_json win2008sp2-6003 --date 2022-06-01 --support esu
	status_is "$want"
	json_is .state "\"$(state_name "$want")\""
	json_is '[.perfdata[] | select(.label == "support_days_left") | .value]' "[$days]"
	json_is '[.rules[] | select(.name == "support") | .state]' "[\"$(state_name "$want")\"]"
}

@test "--support esu-azure: 2008 SP2 at 2023-06-01 counts to the Azure year end (2024-01-09)" {
	local days want
	days=$(days_between 2023-06-01 2024-01-09)
	want=$(state_for_days "$days")
	query_json win2008sp2-6003 --date 2023-06-01 --support esu-azure
	status_is "$want"
	json_is '[.perfdata[] | select(.label == "support_days_left") | .value]' "[$days]"
}

# --- minimum build -----------------------------------------------------------------------------

@test "--min-build 6003: the 6002 host fails the build rule" {
	query_json win2008sp2-6002 --date "$WB_DATE" --min-build 6003
	status_is 2
	json_is '[.rules[] | select(.name == "build") | .state]' '["CRITICAL"]'
}

@test "--min-build 6.0.6003 (dotted): the 6002 host fails the build rule" {
	query_json win2008sp2-6002 --date "$WB_DATE" --min-build 6.0.6003
	status_is 2
	json_is '[.rules[] | select(.name == "build") | .state]' '["CRITICAL"]'
}

@test "--min-build 6003: the 6003 host passes the build rule" {
	query_json win2008sp2-6003 --date "$WB_DATE" --min-build 6003
	# still CRITICAL overall: extended support ended in 2020
	status_is 2
	json_is '[.rules[] | select(.name == "build") | .state]' '["OK"]'
}

# --- text output -------------------------------------------------------------------------------

@test "text output: 2008 SP2 6002 summary, support line and perfdata" {
	local days
	days=$(days_between "$WB_DATE" 2020-01-14)
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2008sp2-6002 --date "$WB_DATE"
	status_is 2
	[[ "${lines[0]}" == "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002"* ]] ||
		{ echo "first line: ${lines[0]}" >&2; false; }
	printf '%s\n' "$output" | grep -Eq '^[[:space:]]*\\_ \[CRITICAL\] support:' ||
		{ echo "no '\\_ [CRITICAL] support:' line in:" >&2; echo "$output" >&2; false; }
	printf '%s\n' "$output" | grep -F "'build'=6002" |
		grep -qF "'support_days_left'=$days;180:;0:" ||
		{ echo "no perfdata line with 'build'=6002 and 'support_days_left'=$days;180:;0:" >&2; \
			echo "$output" >&2; false; }
}

@test "text output: the exit code is the state (WARNING for Server 2016)" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2016 --date "$WB_DATE"
	status_is 1
	[[ "${lines[0]}" == "WINBUILD WARNING - "* ]] || { echo "first line: ${lines[0]}" >&2; false; }
}

# --- not Windows -------------------------------------------------------------------------------

@test "a Linux net-snmp agent is UNKNOWN: not Windows, and says what it saw" {
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C linux --date "$WB_DATE"
	status_is 3
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - "* ]] || { echo "first line: ${lines[0]}" >&2; false; }
	output_matches 'not .*windows' "says it is not Windows"
	output_matches 'Linux cray|1\.3\.6\.1\.4\.1\.8072\.3\.2\.10' "shows the sysDescr or sysObjectID"
}

@test "a Linux net-snmp agent is UNKNOWN in JSON too" {
	query_json linux --date "$WB_DATE"
	status_is 3
	json_is .state '"UNKNOWN"'
	json_is .exit_code 3
}

# --- protocol versions and addresses -------------------------------------------------------------

@test "SNMPv1 (-P 1) reads the same host" {
	query_json win2022 --date "$WB_DATE" -P 1
	status_is 0
	json_is .host.product '"server-2022"'
	json_is .host.build 20348
}

@test "-H udp:127.0.0.1 (net-snmp transport syntax)" {
	run --separate-stderr wb -H udp:127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc --date "$WB_DATE" \
		--output-format json
	status_is 0
	json_is .host.build 17763
}

@test "IPv6: -H ::1" {
	[ "$SNMPSIM_IPV6" = 1 ] || skip "this machine cannot bind UDP on ::1, snmpsim listens on IPv4 only"
	run --separate-stderr wb -H ::1 -p "$SNMPSIM_PORT" -C win2019dc --date "$WB_DATE" \
		--output-format json
	status_is 0
	json_is .host.build 17763
}

@test "IPv6: -H [::1]" {
	[ "$SNMPSIM_IPV6" = 1 ] || skip "this machine cannot bind UDP on ::1, snmpsim listens on IPv4 only"
	run --separate-stderr wb -H '[::1]' -p "$SNMPSIM_PORT" -C win2019dc --date "$WB_DATE" \
		--output-format json
	status_is 0
	json_is .host.build 17763
}

@test "IPv6: -H udp6:[::1]" {
	[ "$SNMPSIM_IPV6" = 1 ] || skip "this machine cannot bind UDP on ::1, snmpsim listens on IPv4 only"
	run --separate-stderr wb -H 'udp6:[::1]' -p "$SNMPSIM_PORT" -C win2019dc --date "$WB_DATE" \
		--output-format json
	status_is 0
	json_is .host.build 17763
}
