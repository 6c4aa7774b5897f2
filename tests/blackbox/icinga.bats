#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The shipped Icinga 2 CheckCommand in a real Icinga 2 daemon (issue 7: a CheckCommand that
# passes `icinga2 daemon -C` lost -H in a running daemon). One daemon for the file, with its own
# configuration, state, log and API under a temp dir (icinga.bash), running the installed
# contrib file unchanged against snmpsim and the NSClient++ emulator on 127.0.0.1. Each check is
# forced through the API and read back as Icinga recorded it: state, output, perfdata, command.

bats_require_minimum_version 1.5.0

WB_DATE=2026-11-22

# The secrets. Each community is an snmpsim alias of a fixture, so that a leak is a string no
# fixture, host name or path contains.
C6002=wbC6002-Jf83kq C2019=wbC2019-Pq27vx C11=wbC11-Hn52rt C6003=wbC6003-Lm94ws
CDOWN=wbCdown-Xr61pz

setup_file() {
	load helpers
	load ../emulator/emulator
	load icinga
	require_wb
	if [ ! -x "$IC_BIN" ]; then
		echo "no $IC_BIN: install Debian's icinga2-bin (scripts/deps)" >&2
		return 1
	fi
	ic_system_state >"$BATS_FILE_TMPDIR/system.before"
	SNMPSIM_ALIASES="$C6002=win2008sp2-6002 $C2019=win2019dc $C11=win11-24h2 $C6003=win2008sp2-6003" \
		start_snmpsim
	emu_setup
	start_emulator w2008 --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json"
	start_emulator w2019 --generation 0.16.4 --host "$EMU_HOSTS/server2019.json"
	start_emulator nt --generation 0.5.2.35 --host "$EMU_HOSTS/win2008sp2.json" --nt-port 0
	# NSClient++ 0.16.4 over NRPE: insecure mode (anonymous ECDH) with arguments allowed, and
	# the default settings (a certificate, no arguments) asking for a client certificate
	start_nrpe_emulator nrpe-ecdh --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json" \
		--tls anon-ecdh --allow-arguments
	start_nrpe_emulator nrpe-cert --generation 0.16.4 --host "$EMU_HOSTS/server2019.json" \
		--tls cert --cert "$EMU_CERTS/server.pem" --key "$EMU_CERTS/server.key" \
		--client-ca "$EMU_CERTS/ca.pem"
	DOWN_PORT=$(free_port)
	export DOWN_PORT
	ic_setup
	IC_INI=$IC_DIR/etc/winbuild.ini
	export IC_INI
	printf '[dc2019]\ncommunity = %s\n' "$C2019" >"$IC_INI"
	chmod 600 "$IC_INI"
	# the fleet's inventory: communities in files (mode 600), Windows 11's from the service's
	# winbuild_community, an SNMPv3 host (snmpsim's user, its passphrases the service's
	# winbuild_v3_auth_passphrase and winbuild_v3_priv_passphrase_file), a host that does not
	# answer
	IC_FLEET=$IC_DIR/etc/windows.hosts
	export IC_FLEET
	printf '%s\n' "$C6002" >"$IC_DIR/etc/c6002"
	printf '%s\n' "$C2019" >"$IC_DIR/etc/c2019"
	printf '%s\n' "$C6003" >"$IC_DIR/etc/c6003"
	printf '%s\n' "$WB_V3_PRIV_PASS" >"$IC_DIR/etc/v3.priv"
	chmod 600 "$IC_DIR"/etc/c6002 "$IC_DIR"/etc/c2019 "$IC_DIR"/etc/c6003 "$IC_DIR/etc/v3.priv"
	{
		echo "127.0.0.1 name=srv6002 community-file=$IC_DIR/etc/c6002 site=berlin"
		echo "127.0.0.1 name=dc2019 community-file=$IC_DIR/etc/c2019 group=dc"
		echo "127.0.0.1 name=srv6003 community-file=$IC_DIR/etc/c6003 site=berlin"
		echo "127.0.0.1 name=pc11 group=clients"
		echo "127.0.0.1 name=srv6003v3 version=3 secname=$WB_V3_USER seclevel=authPriv" \
			"authproto=SHA-256 privproto=AES context=win2008sp2-6003 site=berlin"
		echo "127.0.0.1 name=down port=$DOWN_PORT"
	} >"$IC_FLEET"
	# NSClient++ hosts in a fleet: Server 2019 over REST and over NRPE (a verified certificate
	# and a client certificate); the REST password is the service's winbuild_nsclient_password
	IC_FLEET_NSC=$IC_DIR/etc/nsclient.hosts
	export IC_FLEET_NSC
	{
		echo "127.0.0.1 name=srv2019-rest source=rest port=$(emu_port w2019) group=apps"
		echo "127.0.0.1 name=srv2019-nrpe source=nrpe port=$(emu_port nrpe-cert) group=apps"
	} >"$IC_FLEET_NSC"
	# the ApiUser's password for --submit icinga2, in a file (mode 600)
	printf '%s\n' "$IC_API_PASS" >"$IC_DIR/etc/api-pass"
	chmod 600 "$IC_DIR/etc/api-pass"
	write_objects "$IC_DIR/etc/objects.conf"
	ic_write_config "$IC_DIR/etc/icinga2.conf" "$IC_DIR/etc/objects.conf" api
	ic_start
}

teardown_file() {
	load helpers
	load ../emulator/emulator
	load icinga
	local rc=0
	ic_teardown || rc=1
	stop_snmpsim || rc=1
	emu_teardown || rc=1
	return $rc
}

setup() {
	load helpers
	load ../emulator/emulator
	load icinga
}

# write_objects FILE: the hosts and services. Active checks are off: only the forced checks of
# the tests run. No service sets winbuild_address: -H must come from the host's address.
write_objects() {
	local catalog= updates=
	# an uninstalled build has no catalogue or update history at its default paths
	[ -z "${WB_CATALOG:-}" ] || catalog="vars.winbuild_catalog = \"$WB_CATALOG\""
	[ -z "${WB_UPDATES:-}" ] || updates="vars.winbuild_updates = \"$WB_UPDATES\""
	cat >"$1" <<EOF
template Host "wb-host" {
	check_command = "dummy"
	enable_active_checks = false
	address = "127.0.0.1"
}
template Service "wb-service" {
	check_command = "winbuild"
	enable_active_checks = false
	vars.winbuild_port = $SNMPSIM_PORT
	vars.winbuild_date = "$WB_DATE"
	$catalog
	$updates
}
object Host "srv2008-6002" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "srv2008-6002"
	vars.winbuild_community = "$C6002"
}
object Host "dc2019" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "dc2019"
	vars.winbuild_community = "$C2019"
}
object Host "win11" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "win11"
	vars.winbuild_community = "$C11"
	vars.winbuild_edition = "enterprise"
	vars.winbuild_warning = "365:"
}
object Host "srv2016-v3" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "srv2016-v3"
	vars.winbuild_protocol = "3"
	vars.winbuild_v3_user = "$WB_V3_USER"
	vars.winbuild_v3_authproto = "SHA-256"
	vars.winbuild_v3_auth_passphrase = "$WB_V3_AUTH_PASS"
	vars.winbuild_v3_privproto = "AES"
	vars.winbuild_v3_priv_passphrase = "$WB_V3_PRIV_PASS"
	vars.winbuild_v3_context = "win2016"
}
object Host "srv2008-rest" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "srv2008-rest"
	vars.winbuild_community = "$C6003"
	vars.winbuild_source = "snmp,rest"
	vars.winbuild_rest_port = $(emu_port w2008)
	vars.winbuild_pin = "$EMU_PIN"
	vars.winbuild_nsclient_password = "$EMU_PASSWORD"
	vars.winbuild_support = "esu"
	vars.winbuild_min_build = "6.0.6003.21481"
}
// a policy file with a 2008 SP2 exception, every policy option over it, --explain
object Host "srv2008-policy" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "srv2008-policy"
	vars.winbuild_community = "$C6003"
	vars.winbuild_source = "snmp,rest"
	vars.winbuild_rest_port = $(emu_port w2008)
	vars.winbuild_pin = "$EMU_PIN"
	vars.winbuild_nsclient_password = "$EMU_PASSWORD"
	vars.winbuild_policy = "$WB_TOP/data/policies/legacy-esu.policy"
	vars.winbuild_policy_section = "retiring"
	vars.winbuild_deny = [ "6.0.6003.20000-6.0.6003.21480 warning: before May 2022", "6.0.6002 critical: no updates" ]
	vars.winbuild_allow = [ "6002-no-updates" ]
	vars.winbuild_require_hotfix = "KB4499180"
	vars.winbuild_min_agent = "0.5.2.35 critical"
	vars.winbuild_missing_fact = "critical"
	vars.winbuild_explain = true
	vars.winbuild_software = true
}
// how patched, from the revision NSClient++ reports: every patch option
object Host "srv2019-patch" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "srv2019-patch"
	vars.winbuild_source = "rest"
	vars.winbuild_rest_port = $(emu_port w2019)
	vars.winbuild_pin = "$EMU_PIN"
	vars.winbuild_nsclient_password = "$EMU_PASSWORD"
	vars.winbuild_updates = "$WB_TOP/data/windows-updates.data"
	vars.winbuild_baseline = "latest-3 warning"
	vars.winbuild_baseline_grace = "7"
	vars.winbuild_patch_age_warning = "90"
	vars.winbuild_patch_age_critical = "400"
	vars.winbuild_updates_behind_warning = "1"
	vars.winbuild_updates_behind_critical = "24"
	vars.winbuild_require_hotfix = "KB5052000"
}
// SNMP for the build, the legacy check_nt protocol for the agent's version
object Host "srv2008-nt" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "srv2008-nt"
	vars.winbuild_community = "$C6003"
	vars.winbuild_source = "snmp,nt"
	vars.winbuild_nt_port = $(emu_nt_port nt)
	vars.winbuild_nsclient_password = "$EMU_PASSWORD"
	vars.winbuild_support = "esu-azure"
	vars.winbuild_min_agent = "0.9.0 warning"
}
// SNMP and NSClient++ over NRPE in 0.16's insecure mode, v2 packets (0.16.4 never answers v4)
object Host "srv2008-nrpe" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "srv2008-nrpe"
	vars.winbuild_community = "$C6003"
	vars.winbuild_source = "snmp,nrpe"
	vars.winbuild_nrpe_port = $(emu_port nrpe-ecdh)
	vars.winbuild_nrpe_tls = "anon-ecdh"
	vars.winbuild_nrpe_version = "2"
	vars.winbuild_support = "esu"
}
// NRPE alone with NSClient++'s defaults: a verified certificate, a client certificate, no arguments
object Host "srv2019-nrpe" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "srv2019-nrpe"
	vars.winbuild_source = "nrpe"
	vars.winbuild_nrpe_port = $(emu_port nrpe-cert)
	vars.winbuild_nrpe_tls = "cert"
	vars.winbuild_ca_file = "$EMU_CERTS/ca.pem"
	vars.winbuild_nrpe_cert = "$EMU_CERTS/client.pem"
	vars.winbuild_nrpe_key = "$EMU_CERTS/client.key"
	vars.winbuild_nrpe_payload = "1024"
}
// the community from an --extra-opts file (mode 600), never on the command line
object Host "dc2019-ini" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "dc2019-ini"
	vars.winbuild_extra_opts = "dc2019@$IC_INI"
}
// the whole estate in one check
object Host "monitoring" { import "wb-host" }
// passive services, fed by fleet runs through the API (--submit icinga2): every host of the
// inventory has one
object Host "srv6003" { import "wb-host" }
object Host "pc11" { import "wb-host" }
object Host "srv6003v3" { import "wb-host" }
apply Service "winbuild-api" {
	check_command = "dummy"
	enable_active_checks = false
	enable_passive_checks = true
	assign where host.name in [ "srv6002", "dc2019", "srv6003", "pc11", "srv6003v3", "down" ]
}
// a passive service that takes no passive results
apply Service "winbuild-off" {
	check_command = "dummy"
	enable_active_checks = false
	enable_passive_checks = false
	assign where host.name == "srv6002"
}
// the same fleet run through the API, as the CheckCommand runs it
object Service "windows-fleet-api" {
	host_name = "monitoring"
	check_command = "winbuild-fleet"
	enable_active_checks = false
	vars.winbuild_hosts = "$IC_FLEET"
	vars.winbuild_deadline = "50"
	vars.winbuild_submit = "icinga2"
	vars.winbuild_icinga_url = "https://127.0.0.1:$IC_PORT"
	vars.winbuild_icinga_user = "$IC_API_USER"
	vars.winbuild_icinga_password = "$IC_API_PASS"
	vars.winbuild_icinga_ca_file = "$IC_DIR/lib/certs/ca.crt"
	vars.winbuild_submit_service = "winbuild-api"
	vars.winbuild_port = $SNMPSIM_PORT
	vars.winbuild_community = "$C11"
	vars.winbuild_v3_auth_passphrase = "$WB_V3_AUTH_PASS"
	vars.winbuild_v3_priv_passphrase_file = "$IC_DIR/etc/v3.priv"
	vars.winbuild_date = "$WB_DATE"
	vars.winbuild_timeout = "2"
	$catalog
	$updates
}
// NSClient++ hosts of a fleet, over REST and NRPE, with the CheckCommand's NSClient++ settings
object Service "windows-fleet-nsclient" {
	host_name = "monitoring"
	check_command = "winbuild-fleet"
	enable_active_checks = false
	vars.winbuild_hosts = "$IC_FLEET_NSC"
	vars.winbuild_records = "$IC_DIR/lib/nsclient.csv"
	vars.winbuild_ca_file = "$EMU_CERTS/ca.pem"
	vars.winbuild_nsclient_password = "$EMU_PASSWORD"
	vars.winbuild_nrpe_tls = "cert"
	vars.winbuild_nrpe_cert = "$EMU_CERTS/client.pem"
	vars.winbuild_nrpe_key = "$EMU_CERTS/client.key"
	vars.winbuild_nrpe_version = "2"
	vars.winbuild_rest_api = "v1"
	vars.winbuild_date = "$WB_DATE"
	vars.winbuild_timeout = "5"
	$catalog
	$updates
}
// passive services, fed by a fleet run (--submit command-file)
object Host "srv6002" { import "wb-host" }
apply Service "winbuild-passive" {
	check_command = "dummy"
	enable_active_checks = false
	enable_passive_checks = true
	assign where host.name in [ "srv6002", "dc2019" ]
}
object Service "windows-fleet" {
	host_name = "monitoring"
	check_command = "winbuild-fleet"
	enable_active_checks = false
	vars.winbuild_hosts = "$IC_FLEET"
	vars.winbuild_parallel = "4"
	vars.winbuild_deadline = "50"
	vars.winbuild_records = "$IC_DIR/lib/fleet.csv"
	vars.winbuild_records_format = "csv"
	vars.winbuild_report = "$IC_DIR/lib/fleet.html"
	vars.winbuild_submit = true
	vars.winbuild_command_file = "$IC_DIR/run/icinga2.cmd"
	vars.winbuild_submit_service = "winbuild-passive"
	vars.winbuild_fleet_warning = "30"
	vars.winbuild_fleet_critical = "50"
	vars.winbuild_port = $SNMPSIM_PORT
	vars.winbuild_protocol = "2c"
	vars.winbuild_community = "$C11"
	vars.winbuild_v3_auth_passphrase = "$WB_V3_AUTH_PASS"
	vars.winbuild_v3_priv_passphrase_file = "$IC_DIR/etc/v3.priv"
	vars.winbuild_support = "extended"
	vars.winbuild_min_build = "6003"
	vars.winbuild_missing_fact = "unknown"
	vars.winbuild_date = "$WB_DATE"
	vars.winbuild_timeout = "2"
	$catalog
	$updates
}
object Host "down" { import "wb-host" }
object Service "winbuild" {
	import "wb-service"
	host_name = "down"
	vars.winbuild_port = $DOWN_PORT
	vars.winbuild_timeout = "1"
}
// Icinga kills the plugin after check_timeout and logs its command line: every secret is set.
object Service "icinga-timeout" {
	import "wb-service"
	host_name = "down"
	check_timeout = 1s
	vars.winbuild_port = $DOWN_PORT
	vars.winbuild_timeout = "20"
	vars.winbuild_community = "$CDOWN"
	vars.winbuild_v3_auth_passphrase = "$WB_V3_AUTH_PASS"
	vars.winbuild_v3_priv_passphrase = "$WB_V3_PRIV_PASS"
	vars.winbuild_nsclient_password = "$EMU_PASSWORD"
}
EOF
	if [ "$SNMPSIM_IPV6" = 1 ]; then
		cat >>"$1" <<EOF
object Host "dc2019-v6" {
	check_command = "dummy"
	enable_active_checks = false
	address6 = "::1"
}
object Service "winbuild" {
	import "wb-service"
	host_name = "dc2019-v6"
	vars.winbuild_community = "$C2019"
}
EOF
	fi
}

# force HOST SERVICE: force the check; CR is its last_check_result (JSON).
force() { CR=$(ic_force_check "$1" "$2"); }

# wait_result HOST SERVICE: wait (20 s at most) for the service's first result, into CR.
wait_result() {
	local deadline=$(($(now_ms) + 20000))
	until CR=$(ic_result "$1" "$2") && [ "$CR" != null ]; do
		[ "$(now_ms)" -lt "$deadline" ] || { echo "$1!$2: no result" >&2; return 1; }
		sleep 0.2
	done
}

# cr FILTER: jq -r FILTER on CR.
cr() { jq -r "$1" <<<"$CR"; }

# cr_is FILTER EXPECTED: FILTER on CR gives EXPECTED, byte for byte (a trailing newline too).
cr_is() {
	local got
	got=$(jq -j "$1" <<<"$CR" && printf x)
	got=${got%x}
	if [ "$got" != "$2" ]; then
		printf '%s is:\n%s\nexpected:\n%s\nlast_check_result: %s\n' "$1" "$got" "$2" "$CR" >&2
		return 1
	fi
}

# output_is LINE...: Icinga's output is these lines. Icinga 2.13 keeps the plugin's lines after
# the first in the same field; the perfdata line goes to performance_data and leaves an empty
# last line, so the output ends with a newline.
output_is() {
	local want
	want=$(printf '%s\n' "$@" && printf x)
	cr_is .output "${want%x}"
}

# wait_log TEXT: the daemon's log gets a line with TEXT within 10 s (Icinga writes its log
# file in batches).
wait_log() {
	local deadline=$(($(now_ms) + 10000))
	until grep -qF -- "$1" "$IC_DIR/log/icinga2.log"; do
		if [ "$(now_ms)" -gt "$deadline" ]; then
			echo "no line with '$1' in the log within 10 s" >&2
			return 1
		fi
		sleep 0.1
	done
}

# perfdata_is ENTRY...: performance_data is exactly these entries; an entry that starts with
# ~ is an extended regex for the entry in that place (the run time varies).
perfdata_is() {
	local -a got
	local i want
	mapfile -t got < <(cr '.performance_data[]')
	if [ "${#got[@]}" -ne $# ]; then
		printf 'performance_data: %s, expected %d entries: %s\n' \
			"$(jq -c .performance_data <<<"$CR")" $# "$*" >&2
		return 1
	fi
	i=0
	for want in "$@"; do
		if [[ "$want" == "~"* && ! "${got[$i]}" =~ ${want#\~} ]] ||
			[[ "$want" != "~"* && "${got[$i]}" != "$want" ]]; then
			echo "performance_data[$i] is ${got[$i]}, expected $want" >&2
			return 1
		fi
		i=$((i + 1))
	done
}

# command_has ARG...: the recorded command line contains these arguments, in this order, next to
# each other.
command_has() {
	local cmd want
	cmd=$(cr '.command | map("<" + . + ">") | join(" ")')
	want=$(printf '<%s> ' "$@")
	if [[ "$cmd " != *"$want"* ]]; then
		printf 'command %s lacks %s\n' "$cmd" "$want" >&2
		return 1
	fi
}

# no_secret_in FILE...: none of this run's secrets in the files.
no_secret_in() {
	local s f rc=0
	for s in "$C6002" "$C2019" "$C11" "$C6003" "$CDOWN" "$WB_V3_AUTH_PASS" "$WB_V3_PRIV_PASS" \
		"$EMU_PASSWORD" "$IC_API_PASS"; do
		for f in "$@"; do
			if grep -qF -- "$s" "$f"; then
				echo "secret '$s' found in $f:" >&2
				grep -nF -- "$s" "$f" | head -n 3 >&2
				rc=1
			fi
		done
	done
	return $rc
}

@test "icinga2 daemon -C accepts the shipped CheckCommand and the examples in its comment" {
	local contrib examples
	contrib=$(ic_contrib_file)
	examples=$IC_DIR/etc/examples.conf
	# The comment's examples, as configuration, with what they refer to.
	sed -n '/^ \* Examples$/,/^ \* Not mapped/p' "$contrib" | sed -n 's/^ \*   //p' >"$examples"
	cat >>"$examples" <<EOF
const WinbuildAuthPassphrase = "example-auth"
const WinbuildPrivPassphrase = "example-priv"
object Host "win2008a" { check_command = "dummy"; address = "127.0.0.1" }
object Host "monitoring" { check_command = "dummy" }
object Host "win2019b" {
	check_command = "dummy"
	address = "127.0.0.1"
	vars.os = "Windows"
	vars.nsclient_pin = "$EMU_PIN"
}
EOF
	grep -q 'apply Service' "$examples"
	ic_write_config "$IC_DIR/etc/validate.conf" "$examples"
	mkdir -p "$IC_DIR/cache-validate"
	IC_CACHE=$IC_DIR/cache-validate run ic_icinga2 daemon -C -c "$IC_DIR/etc/validate.conf"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Instantiated 5 Services."* ]]
	[[ "$output" != *"warning/"* && "$output" != *"critical/"* ]]
}

@test "Server 2008 SP2 on 6002 (v2c): CRITICAL, -H from the host's address" {
	force srv2008-6002 winbuild
	cr_is .state 2
	cr_is .exit_status 2
	output_is "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002: extended support ended 2020-01-14 (2504 days ago)" \
		'\_ [CRITICAL] support: extended support ended 2020-01-14 (2504 days ago); ESU also ended 2023-01-10, on Azure also ended 2024-01-09' \
		'\_ [CRITICAL] denied: 6.0.6002 is denied (advisory 6002-no-updates): no update since March 2019 (last 6002 rollup: 6.0.6002.24565); Server 2008 SP2: install the servicing stack KB4493730 and SHA-2 support KB4474419, then the April 2019 rollup KB4493471 or later (build 6003)'
	perfdata_is "build=6002;;;;" "support_days_left=-2504;180:;0:;;" "uptime=86401s;;;;" \
		"~^time=[0-9.]+s;;;;$"
	command_has "$(dirname "$WB_BIN")/check_winbuild"
	command_has -H 127.0.0.1
	command_has -p "$SNMPSIM_PORT"
	command_has --date "$WB_DATE"
}

@test "Server 2019 domain controller (v2c): OK, the edition note in the long output" {
	force dc2019 winbuild
	cr_is .state 0
	output_is "WINBUILD OK - Windows Server 2019 10.0.17763: extended support ends 2029-01-09 (779 days left)" \
		'\_ [OK] support: extended support ends 2029-01-09 (779 days left)' \
		'\_ [OK] edition: not told by SNMP; assumed ltsc (Windows Server 2019). Build 17763 is also: sac; give --edition if the host runs one of those'
	perfdata_is "build=17763;;;;" "support_days_left=779;180:;0:;;" "uptime=45388s;;;;" \
		"~^time=[0-9.]+s;;;;$"
	command_has -H 127.0.0.1
}

@test "--extra-opts: the community from an ini file section, never on the command line" {
	force dc2019-ini winbuild
	cr_is .state 0
	output_is "WINBUILD OK - Windows Server 2019 10.0.17763: extended support ends 2029-01-09 (779 days left)" \
		'\_ [OK] support: extended support ends 2029-01-09 (779 days left)' \
		'\_ [OK] edition: not told by SNMP; assumed ltsc (Windows Server 2019). Build 17763 is also: sac; give --edition if the host runs one of those'
	command_has --extra-opts "dc2019@$IC_INI"
	command_has -H 127.0.0.1
}

@test "Windows 11 24H2 Enterprise with -w 365: WARNING" {
	force win11 winbuild
	cr_is .state 1
	output_is "WINBUILD WARNING - Windows 11 version 24H2 Enterprise/Education 10.0.26100: extended support ends 2027-10-12 (324 days left)" \
		'\_ [WARNING] support: extended support ends 2027-10-12 (324 days left)'
	perfdata_is "build=26100;;;;" "support_days_left=324;365:;0:;;" "uptime=471s;;;;" \
		"~^time=[0-9.]+s;;;;$"
	command_has --edition enterprise
	command_has -w 365:
}

@test "SNMPv3 authPriv, SHA-256/AES, context win2016, passphrases in the environment: WARNING" {
	force srv2016-v3 winbuild
	cr_is .state 1
	output_is "WINBUILD WARNING - Windows Server 2016 10.0.14393: extended support ends 2027-01-12 (51 days left)" \
		'\_ [WARNING] support: extended support ends 2027-01-12 (51 days left)'
	perfdata_is "build=14393;;;;" "support_days_left=51;180:;0:;;" "uptime=7250s;;;;" \
		"~^time=[0-9.]+s;;;;$"
	command_has -P 3
	command_has -U "$WB_V3_USER"
	command_has -a SHA-256
	command_has -x AES
	command_has -N win2016
	[[ "$(cr '.command | join(" ")')" != *" -A "* && "$(cr '.command | join(" ")')" != *" -X "* ]]
}

@test "SNMP and NSClient++ REST, community and password in the environment: CRITICAL with the revision" {
	force srv2008-rest winbuild
	cr_is .state 2
	output_is "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003.21481: ESU year 3 ended 2023-01-10 (1412 days ago)" \
		'\_ [CRITICAL] support: ESU year 3 ended 2023-01-10 (1412 days ago); on Azure also ended 2024-01-09' \
		'\_ [OK] build: 6003.21481 is at or above the minimum 6.0.6003.21481' \
		'\_ [OK] patch: KB5014010 of 2022-05-10 (6003.21481), 1657 days old' \
		'\_ [OK] updates: 0 monthly releases behind, on the release of 2022-05' \
		'\_ revision: 21481 (nsclient:check_files ntoskrnl.exe)' \
		'\_ edition: Microsoft(R) Windows Server(R) 2008 Standard, Service Pack 2, 64-bit (general)' \
		'\_ hotfixes: 5 installed, newest first: KB5014006 (2022-05-11), KB4474419 (2019-09-24), KB4503287 (2019-06-12), KB4499180 (2019-05-15), KB4493730 (2019-04-16)' \
		'\_ agent: NSClient++ 0.16.4.55, REST API v1' \
		"\\_ update history: $(wb_updates_path) lists build 6003's updates through 2022-05-10, 1657 days before this check's date: patch figures may be understated (update it)"
	perfdata_is "patch_age=1657;;;;" "updates_behind=0;;;;" "build=6003;;;;" "revision=21481;;;;" \
		"support_days_left=-1412;180:;0:;;" "uptime=86401s;;;;" "~^time=[0-9.]+s;;;;$"
	command_has --source snmp,rest
	command_has --rest-port "$(emu_port w2008)"
	command_has --pin "$EMU_PIN"
	grep -q 'password-header=yes authorization=none status=200' "$(emu_log w2008)"
}

@test "SNMP and NSClient++ check_nt, the password in the environment: the agent below the minimum" {
	force srv2008-nt winbuild
	cr_is .state 2
	output_is "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003: ESU year 4 (Azure only) ended 2024-01-09 (1048 days ago)" \
		'\_ [CRITICAL] support: ESU year 4 (Azure only) ended 2024-01-09 (1048 days ago)' \
		'\_ [WARNING] agent: NSClient++ 0.5.2.35 is older than the minimum 0.9.0.0' \
		'\_ agent: NSClient++ 0.5.2.35, over check_nt (no TLS)'
	perfdata_is "build=6003;;;;" "support_days_left=-1048;180:;0:;;" "uptime=86401s;;;;" \
		"~^time=[0-9.]+s;;;;$"
	command_has --source snmp,nt
	command_has --nt-port "$(emu_nt_port nt)"
	[[ "$(cr '.command | join(" ")')" != *"$EMU_PASSWORD"* ]]
	grep -q "check_nt '\*\*\*&1' -> 'NSClient++ 0.5.2.35 2018-01-28'" "$(emu_log nt)"
}

@test "SNMP and NSClient++ over NRPE, anonymous ECDH, v2 packets: CRITICAL with the revision" {
	force srv2008-nrpe winbuild
	cr_is .state 2
	output_is "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003.21481: ESU year 3 ended 2023-01-10 (1412 days ago)" \
		'\_ [CRITICAL] support: ESU year 3 ended 2023-01-10 (1412 days ago); on Azure also ended 2024-01-09' \
		'\_ [OK] patch: KB5014010 of 2022-05-10 (6003.21481), 1657 days old' \
		'\_ [OK] updates: 0 monthly releases behind, on the release of 2022-05' \
		'\_ revision: 21481 (nsclient:check_files ntoskrnl.exe)' \
		'\_ edition: Microsoft(R) Windows Server(R) 2008 Standard, Service Pack 2, 64-bit (general)' \
		'\_ hotfixes: 5 installed, newest first: KB5014006 (2022-05-11), KB4474419 (2019-09-24), KB4503287 (2019-06-12), KB4499180 (2019-05-15), KB4493730 (2019-04-16)' \
		'\_ agent: NSClient++ 0.16.4.55, over NRPE' \
		'\_ tls: the agent was not authenticated (--nrpe-tls adh, anon-ecdh or none, or --insecure)' \
		"\\_ update history: $(wb_updates_path) lists build 6003's updates through 2022-05-10, 1657 days before this check's date: patch figures may be understated (update it)"
	perfdata_is "patch_age=1657;;;;" "updates_behind=0;;;;" "build=6003;;;;" "revision=21481;;;;" \
		"support_days_left=-1412;180:;0:;;" "uptime=86401s;;;;" "~^time=[0-9.]+s;;;;$"
	command_has --source snmp,nrpe
	command_has --nrpe-port "$(emu_port nrpe-ecdh)"
	command_has --nrpe-tls anon-ecdh
	command_has --nrpe-version 2
	# v2 only: never a v4 query, which 0.16.4 would not answer
	grep -q 'query v2' "$(emu_log nrpe-ecdh)"
	! grep -q 'query v4' "$(emu_log nrpe-ecdh)" || return 1
}

@test "NRPE alone with NSClient++'s default settings: a client certificate, and how to allow arguments" {
	force srv2019-nrpe winbuild
	cr_is .state 0
	output_is "WINBUILD OK - Windows Server 2019 10.0.17763.7009: extended support ends 2029-01-09 (779 days left)" \
		'\_ [OK] support: extended support ends 2029-01-09 (779 days left)' \
		'\_ [OK] patch: KB5053596 of 2025-03-11 (17763.7009), 621 days old; newest KB5120238 of 2026-08-11 (17763.9121)' \
		'\_ [OK] updates: 17 monthly releases behind, on the release of 2025-03' \
		"\\_ [OK] edition: not told by NSClient++ (no Caption); assumed ltsc (Windows Server 2019). Build 17763 is also: sac; give --edition if the host runs one of those" \
		'\_ revision: 7009 (nsclient:check_os_version)' \
		'\_ agent: NSClient++ 0.16.4.55, over NRPE' \
		"\\_ notes: the agent refuses arguments over NRPE, so only check_os_version ran: set 'allow arguments = true' under [/settings/NRPE/server] (nrpe: dont_blame_nrpe=1) for the caption and hotfixes" \
		"\\_ update history: $(wb_updates_path) lists build 17763's updates through 2026-08-11, 103 days before this check's date: patch figures may be understated (update it)"
	perfdata_is "patch_age=621;;;;" "updates_behind=17;;;;" "build=17763;;;;" "revision=7009;;;;" \
		"support_days_left=779;180:;0:;;" "~^time=[0-9.]+s;;;;$"
	command_has --source nrpe
	command_has --nrpe-tls cert
	command_has --ca-file "$EMU_CERTS/ca.pem"
	command_has --nrpe-cert "$EMU_CERTS/client.pem"
	command_has --nrpe-key "$EMU_CERTS/client.key"
	command_has --nrpe-payload 1024
}

@test "a policy file and every policy option, --software: the 2008 SP2 exception warns, explained" {
	local policy=$WB_TOP/data/policies/legacy-esu.policy line
	line=$(grep -n '^release | server-2008-sp2 ' "$WB_TOP/data/windows-lifecycle.catalog" | cut -d: -f1)
	force srv2008-policy winbuild
	cr_is .state 1
	[ "$(cr '.output | split("\n")[0]')" = "WINBUILD WARNING - Windows Server 2008 SP2 6.0.6003.21481: ESU year 4 (Azure only) ended 2024-01-09 (1048 days ago)" ]
	cr_is '.output | split("\n") | map(select(startswith("\\_ ["))) | join("\n")' \
		'\_ [WARNING] support: ESU year 4 (Azure only) ended 2024-01-09 (1048 days ago)
\_ [OK] build: 6003.21481 is at or above the minimum 6.0.6003.21481
\_ [OK] patch: KB5014010 of 2022-05-10 (6003.21481), 1657 days old
\_ [OK] updates: 0 monthly releases behind, on the release of 2022-05
\_ [OK] hotfixes: all 3 required hotfixes are installed
\_ [OK] agent: NSClient++ 0.16.4.55 is at or above the minimum 0.5.2.35'
	[[ "$(cr '.output | split("\n") | map(select(startswith("\\_ explain support:"))) | .[0]')" == "\\_ explain support: support = esu-azure ($policy:28), warning = 60: ($policy:14), critical = ~: ($policy:40); the dates of catalogue row server-2008-sp2 ("*"windows-lifecycle.catalog:$line)" ]]
	[[ "$(cr .output)" == *$'\n\\_ explain: policy '"$policy"': [default] (line 10), [family:server] (line 20), [product:server-2008-sp2] (line 24), [policy:retiring] (line 37)'$'\n'* ]]
	[[ "$(cr .output)" == *$'\n\\_ explain: revision 21481 from nsclient:check_files ntoskrnl.exe\n'* ]]
	command_has --policy "$policy"
	command_has --policy-section retiring
	command_has --deny "6.0.6003.20000-6.0.6003.21480 warning: before May 2022" --deny "6.0.6002 critical: no updates"
	command_has --allow 6002-no-updates
	command_has --require-hotfix KB4499180
	command_has --min-agent "0.5.2.35 critical"
	command_has --missing-fact critical
	command_has --explain
	command_has --software
	# the 2008 SP2 host's agent has no hrSWInstalledTable: an empty list, no UNKNOWN
	[[ "$(cr .output)" == *$'\n\\_ software: 0 installed programs (0 updates by KB)\n'* ]]
}

@test "how patched, every patch option: the update, its age, the releases behind, the baseline month" {
	force srv2019-patch winbuild
	cr_is .state 2
	output_is "WINBUILD CRITICAL - Windows Server 2019 10.0.17763.7009: KB5053596 of 2025-03-11 (17763.7009), 621 days old" \
		'\_ [OK] support: extended support ends 2029-01-09 (779 days left)' \
		'\_ [CRITICAL] patch: KB5053596 of 2025-03-11 (17763.7009), 621 days old; newest KB5120238 of 2026-08-11 (17763.9121)' \
		'\_ [WARNING] updates: 17 monthly releases behind, on the release of 2025-03' \
		'\_ [WARNING] baseline: below the baseline 2026-08: needs KB5120238 of 2026-08-11 (17763.9121) or later, runs KB5053596 of 2025-03-11 (17763.7009)' \
		'\_ [OK] hotfixes: all 1 required hotfixes are installed' \
		'\_ revision: 7009 (nsclient:check_os_version)' \
		'\_ edition: Microsoft Windows Server 2019 Standard, 64-bit (ltsc)' \
		'\_ hotfixes: 3 installed, newest first: KB5053596 (2025-03-12), KB5052000 (2025-02-12), KB5050008 (2025-01-15)' \
		'\_ agent: NSClient++ 0.16.4.55, REST API v1' \
		"\\_ update history: $WB_TOP/data/windows-updates.data lists build 17763's updates through 2026-08-11, 103 days before this check's date: patch figures may be understated (update it)"
	perfdata_is "patch_age=621;90;400;;" "updates_behind=17;1;24;;" "build=17763;;;;" \
		"revision=7009;;;;" "support_days_left=779;180:;0:;;" "~^time=[0-9.]+s;;;;$"
	command_has --source rest
	command_has --updates "$WB_TOP/data/windows-updates.data"
	command_has --baseline "latest-3 warning"
	command_has --baseline-grace 7
	command_has --patch-age-warning 90
	command_has --patch-age-critical 400
	command_has --updates-behind-warning 1
	command_has --updates-behind-critical 24
	command_has --require-hotfix KB5052000
}

@test "the fleet service: the estate in one check, its state from the share out of support" {
	local csv=$IC_DIR/lib/fleet.csv
	force monitoring windows-fleet
	cr_is .state 2
	output_is "WINBUILD FLEET CRITICAL - 6 hosts: 4 out of support (66.7 %), 4 CRITICAL, 0 WARNING, 1 UNKNOWN" \
		'\_ states: 1 OK, 0 WARNING, 4 CRITICAL, 1 UNKNOWN' \
		'\_ support: 4 ended, 0 in mainstream, 1 in extended, 0 in ESU, 0 in ESU on Azure' \
		'\_ products: Windows Server 2008 SP2 (3), Windows 11 version 24H2 Home/Pro (1), Windows Server 2019 (1)' \
		'\_ soonest end: dc2019, Windows Server 2019, 2029-01-09 (779 days left)' \
		"\\_ submitted: 6 results to $IC_DIR/run/icinga2.cmd"
	perfdata_is "hosts=6;;;0;" "ok=1;;;0;" "warning=0;;;0;" "critical=4;;;0;" "unknown=1;;;0;" \
		"out_of_support=66.7%;30;50;0;100" "~^time=[0-9.]+s;;;;$"
	command_has --hosts "$IC_FLEET"
	command_has --parallel 4
	command_has --deadline 50
	command_has --records "$csv"
	command_has --records-format csv
	command_has --report "$IC_DIR/lib/fleet.html"
	command_has --submit command-file
	command_has --command-file "$IC_DIR/run/icinga2.cmd"
	command_has --submit-service winbuild-passive
	grep -qF '<h1>Windows support of 6 hosts</h1>' "$IC_DIR/lib/fleet.html"
	command_has -w 30
	command_has -c 50
	command_has -P 2c
	command_has --min-build 6003
	command_has -t 2
	command_has --priv-passphrase-file "$IC_DIR/etc/v3.priv"
	# Windows 11's community and the v3 authentication passphrase came in the environment: not
	# on the command line
	[[ "$(cr '.command | join(" ")')" != *"$C11"* ]]
	[[ "$(cr '.command | join(" ")')" != *"$WB_V3_AUTH_PASS"* ]]
	# the records, one a host, written by the plugin Icinga ran
	[ "$(wc -l <"$csv")" -eq 7 ]
	grep -qx 'srv6002,127.0.0.1,berlin,,,CRITICAL,"Windows Server 2008 SP2",6.0.6002,extended,2020-01-14,-2504,"support:CRITICAL build:CRITICAL denied:CRITICAL","Windows Server 2008 SP2 6.0.6002: extended support ended 2020-01-14 (2504 days ago)"' "$csv" ||
		{ cat "$csv" >&2; return 1; }
	grep -q '^pc11,127.0.0.1,,,clients,CRITICAL,"Windows 11 version 24H2 Home/Pro",' "$csv"
	grep -q '^srv6003v3,127.0.0.1,berlin,,,CRITICAL,"Windows Server 2008 SP2",6.0.6003,' "$csv"
	grep -qx 'down,127.0.0.1,,,,UNKNOWN,,,,,,,"no answer from 127.0.0.1 within 2 s over SNMP v2c: the host is down, no SNMP agent answers there, or the community is wrong (agents ignore a wrong community)"' "$csv"
	! grep -qF -e "$C6002" -e "$C2019" -e "$C6003" -e "$C11" -e "$WB_V3_AUTH_PASS" \
		-e "$WB_V3_PRIV_PASS" "$csv" || return 1
	# and the run Icinga made fed the passive services
	wait_result srv6002 winbuild-passive
	cr_is .state 2
	[[ "$(cr .output)" == "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002: extended support ended 2020-01-14 (2504 days ago)"* ]]
}

@test "the CheckCommand winbuild-fleet asks NSClient++ hosts over REST and NRPE, the password in its environment" {
	local csv=$IC_DIR/lib/nsclient.csv
	force monitoring windows-fleet-nsclient
	cr_is .state 0
	[[ "$(cr .output)" == "WINBUILD FLEET OK - 2 hosts: 0 out of support (0.0 %), 0 CRITICAL, 0 WARNING, 0 UNKNOWN"$'\n'* ]] ||
		{ cr .output >&2; return 1; }
	grep -q '^srv2019-rest,127.0.0.1,,,apps,OK,"Windows Server 2019",10.0.17763.7009,extended,2029-01-09,779,' "$csv"
	grep -q '^srv2019-nrpe,127.0.0.1,,,apps,OK,"Windows Server 2019",10.0.17763.7009,extended,2029-01-09,779,' "$csv"
	command_has --hosts "$IC_FLEET_NSC"
	command_has --ca-file "$EMU_CERTS/ca.pem"
	command_has --nrpe-tls cert
	command_has --nrpe-cert "$EMU_CERTS/client.pem"
	command_has --nrpe-key "$EMU_CERTS/client.key"
	command_has --nrpe-version 2
	command_has --rest-api v1
	# the password went in the environment: not on the command line, not in the records
	[[ "$(cr '.command | join(" ")')" != *"$EMU_PASSWORD"* ]]
	! grep -qF "$EMU_PASSWORD" "$csv" || return 1
	# each agent was asked: the REST one with the password, the NRPE one over v2
	grep -q 'password-header=yes authorization=none status=200' "$(emu_log w2019)"
	grep -q 'query v2' "$(emu_log nrpe-cert)"
}

@test "a fleet run's results, submitted to Icinga's command pipe, are the passive services' results" {
	WINBUILD_COMMUNITY=$C11 WINBUILD_AUTH_PASSPHRASE=$WB_V3_AUTH_PASS run -2 wb --hosts "$IC_FLEET" \
		-p "$SNMPSIM_PORT" -w 30 -c 50 -t 2 --date "$WB_DATE" \
		--priv-passphrase-file "$IC_DIR/etc/v3.priv" \
		--submit command-file --command-file "$IC_DIR/run/icinga2.cmd" \
		--submit-service winbuild-passive
	output_matches "^\\\\_ submitted: 6 results to $IC_DIR/run/icinga2.cmd$"
	wait_result srv6002 winbuild-passive
	cr_is .state 2
	cr_is .active false
	output_is "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002: extended support ended 2020-01-14 (2504 days ago)" \
		'\_ [CRITICAL] support: extended support ended 2020-01-14 (2504 days ago); ESU also ended 2023-01-10, on Azure also ended 2024-01-09' \
		'\_ [CRITICAL] denied: 6.0.6002 is denied (advisory 6002-no-updates): no update since March 2019 (last 6002 rollup: 6.0.6002.24565); Server 2008 SP2: install the servicing stack KB4493730 and SHA-2 support KB4474419, then the April 2019 rollup KB4493471 or later (build 6003)'
	cr_is '.performance_data | join(" ")' "build=6002;;;; support_days_left=-2504;180:;0:;; uptime=86401s;;;;"
	wait_result dc2019 winbuild-passive
	cr_is .state 0
	cr_is .active false
	[[ "$(cr .output)" == "WINBUILD OK - Windows Server 2019 10.0.17763: extended support ends 2029-01-09 (779 days left)"* ]]
}

# api_run ARGS...: a fleet run of the inventory that submits to the daemon's API as the test's
# ApiUser, the password from a file, TLS verified with the daemon's CA; ARGS come after.
api_run() {
	WINBUILD_COMMUNITY=$C11 WINBUILD_AUTH_PASSPHRASE=$WB_V3_AUTH_PASS run wb --hosts "$IC_FLEET" \
		-p "$SNMPSIM_PORT" -w 30 -c 50 -t 2 --date "$WB_DATE" \
		--priv-passphrase-file "$IC_DIR/etc/v3.priv" --submit icinga2 --icinga-url "https://127.0.0.1:$IC_PORT" \
		--icinga-user "$IC_API_USER" --icinga-password-file "$IC_DIR/etc/api-pass" \
		--icinga-ca-file "$IC_DIR/lib/certs/ca.crt" "$@"
}

# no_api_secret: neither the API's password nor the wrong one of a test in $output.
no_api_secret() {
	[[ "$output" != *"$IC_API_PASS"* && "$output" != *wbWrong-Pw83* ]] ||
		{ echo "a password in the output: $output" >&2; return 1; }
}

@test "--submit icinga2: a fleet run's results through the API are the passive services' results" {
	api_run --submit-service winbuild-api
	echo "$output"
	[ "$status" -eq 2 ]
	[ "${lines[0]}" = "WINBUILD FLEET CRITICAL - 6 hosts: 4 out of support (66.7 %), 4 CRITICAL, 0 WARNING, 1 UNKNOWN" ]
	output_matches "^\\\\_ submitted: 6 results to https://127.0.0.1:$IC_PORT$"
	no_api_secret
	wait_result srv6002 winbuild-api
	cr_is .state 2
	cr_is .active false
	cr_is .check_source "$(hostname)"
	output_is "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002: extended support ended 2020-01-14 (2504 days ago)" \
		'\_ [CRITICAL] support: extended support ended 2020-01-14 (2504 days ago); ESU also ended 2023-01-10, on Azure also ended 2024-01-09' \
		'\_ [CRITICAL] denied: 6.0.6002 is denied (advisory 6002-no-updates): no update since March 2019 (last 6002 rollup: 6.0.6002.24565); Server 2008 SP2: install the servicing stack KB4493730 and SHA-2 support KB4474419, then the April 2019 rollup KB4493471 or later (build 6003)'
	perfdata_is "build=6002;;;;" "support_days_left=-2504;180:;0:;;" "uptime=86401s;;;;"
	wait_result dc2019 winbuild-api
	cr_is .state 0
	[[ "$(cr .output)" == "WINBUILD OK - Windows Server 2019 10.0.17763: extended support ends 2029-01-09 (779 days left)"$'\n'* ]]
	perfdata_is "build=17763;;;;" "support_days_left=779;180:;0:;;" "~^uptime=[0-9]+s;;;;$"
	wait_result pc11 winbuild-api
	cr_is .state 2
	[[ "$(cr .output)" == "WINBUILD CRITICAL - Windows 11 version 24H2 Home/Pro "* ]]
	# the SNMPv3 host, its passphrases from the environment and a file
	wait_result srv6003v3 winbuild-api
	cr_is .state 2
	[[ "$(cr .output)" == "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003: "* ]]
	wait_result down winbuild-api
	cr_is .state 3
	output_is "WINBUILD UNKNOWN - no answer from 127.0.0.1 within 2 s over SNMP v2c: the host is down, no SNMP agent answers there, or the community is wrong (agents ignore a wrong community)"
	cr_is '.performance_data | length' 0
}

@test "--submit icinga2: hosts without the service are counted and named, the others submitted" {
	api_run --submit-service winbuild-passive
	echo "$output"
	[ "$status" -eq 2 ]
	output_matches "^\\\\_ submitted: 2 results to https://127.0.0.1:$IC_PORT, not 4: 4 without a service winbuild-passive \\(srv6003, pc11, srv6003v3, down\\)$"
	no_api_secret
}

@test "--submit icinga2: a service with passive checks off refuses, with Icinga's reason" {
	api_run --submit-service winbuild-off
	echo "$output"
	[ "$status" -eq 2 ]
	output_matches "^\\\\_ submitted: 0 results to https://127.0.0.1:$IC_PORT, not 6: 5 without a service winbuild-off \\(dc2019, srv6003, pc11, srv6003v3, down\\); 1 refused \\(Passive checks are disabled for object 'srv6002!winbuild-off'\\.\\)$"
	# never a result (jq -e fails on null)
	CR=$(ic_result srv6002 winbuild-off) || true
	[ "$CR" = null ]
}

@test "--submit icinga2 with a wrong password: UNKNOWN, said once, nothing submitted, no secret shown" {
	local before after
	wait_result srv6002 winbuild-api
	before=$CR
	printf 'wbWrong-Pw83\n' >"$BATS_TEST_TMPDIR/wrong"
	chmod 600 "$BATS_TEST_TMPDIR/wrong"
	api_run --submit-service winbuild-api --icinga-password-file "$BATS_TEST_TMPDIR/wrong"
	echo "$output"
	[ "$status" -eq 3 ]
	[ "${lines[0]}" = "WINBUILD FLEET UNKNOWN - 6 hosts: 4 out of support (66.7 %), 4 CRITICAL, 0 WARNING, 1 UNKNOWN; nothing submitted: the Icinga 2 API refused the credentials of ApiUser '$IC_API_USER' (HTTP 401): check --icinga-user and its password" ]
	output_matches "^\\\\_ submitted: 0 results to https://127.0.0.1:$IC_PORT, not 6: 6 not sent \\(the submission stopped\\)$"
	[ "$(grep -c 'refused the credentials' <<<"$output")" -eq 1 ]
	no_api_secret
	CR=$(ic_result srv6002 winbuild-api)
	[ "$CR" = "$before" ]
}

@test "--submit icinga2 with the password in the environment, a CA that did not sign the API's certificate: TLS refused" {
	WINBUILD_ICINGA_PASSWORD=$IC_API_PASS WINBUILD_COMMUNITY=$C11 \
		WINBUILD_AUTH_PASSPHRASE=$WB_V3_AUTH_PASS run wb --hosts "$IC_FLEET" \
		-p "$SNMPSIM_PORT" -t 2 --date "$WB_DATE" --submit icinga2 \
		--priv-passphrase-file "$IC_DIR/etc/v3.priv" \
		--icinga-url "https://127.0.0.1:$IC_PORT" --icinga-user "$IC_API_USER" \
		--icinga-ca-file "$EMU_CERTS/ca.pem" --submit-service winbuild-api
	echo "$output"
	[ "$status" -eq 3 ]
	[[ "${lines[0]}" == "WINBUILD FLEET UNKNOWN - 6 hosts: "*"; nothing submitted: the certificate of https://127.0.0.1:$IC_PORT did not verify ("*"): give --icinga-ca-file with the CA that signed it (Icinga's own: /var/lib/icinga2/certs/ca.crt)" ]]
	output_matches "^\\\\_ submitted: 0 results to https://127.0.0.1:$IC_PORT, not 6: 6 not sent \\(the submission stopped\\)$"
	no_api_secret
}

@test "the CheckCommand winbuild-fleet submits through the API, the password in its environment" {
	local before
	wait_result pc11 winbuild-api
	before=$(cr .execution_end)
	force monitoring windows-fleet-api
	# no -w or -c: the fleet is OK whatever its hosts are
	cr_is .state 0
	# (the output's last line end is gone in $(...))
	[[ "$(cr .output)" == *$'\n\\_ submitted: 6 results to https://127.0.0.1:'"$IC_PORT" ]] ||
		{ cr .output >&2; return 1; }
	command_has --submit icinga2
	command_has --icinga-url "https://127.0.0.1:$IC_PORT"
	command_has --icinga-user "$IC_API_USER"
	command_has --icinga-ca-file "$IC_DIR/lib/certs/ca.crt"
	command_has --submit-service winbuild-api
	[[ "$(cr '.command | join(" ")')" != *"$IC_API_PASS"* ]]
	wait_result pc11 winbuild-api
	[ "$(cr .execution_end)" != "$before" ]
	cr_is .state 2
}

@test "an agent that is down: UNKNOWN within the plugin's -t" {
	force down winbuild
	cr_is .state 3
	cr_is .exit_status 3
	output_is "WINBUILD UNKNOWN - no answer from 127.0.0.1 within 1 s over SNMP v2c: the host is down, no SNMP agent answers there, or the community is wrong (agents ignore a wrong community)"
	perfdata_is "~^time=[0-9.]+s;;;;$"
	command_has -p "$DOWN_PORT"
	command_has -t 1
}

@test "a host with only an IPv6 address: -H is its address6" {
	[ "$SNMPSIM_IPV6" = 1 ] || skip "no IPv6 loopback"
	force dc2019-v6 winbuild
	cr_is .state 0
	command_has -H ::1
}

@test "Icinga's own timeout kills the plugin: UNKNOWN, and the logged command line holds no secret" {
	local line
	force down icinga-timeout
	cr_is .state 3
	cr_is .exit_status 128
	cr_is .output '<Timeout exceeded.><Terminated by signal 15 (Terminated).>'
	command_has -t 20
	# the warnings name the command line: the arguments, not the environment
	wait_log "after timeout of 1 seconds"
	wait_log "Check command for object 'down!icinga-timeout'"
	line=$(grep -F "after timeout of 1 seconds" "$IC_DIR/log/icinga2.log")
	[[ "$line" == *"/check_winbuild' "*"'-H' '127.0.0.1' '-p' '$DOWN_PORT' '-t' '20')"* ]]
	no_secret_in "$IC_DIR/log/icinga2.log"
}

@test "no secret in any recorded command line, the log, or icinga2.state after a stop" {
	local h s
	for h in srv2008-6002 dc2019 dc2019-ini win11 srv2016-v3 srv2008-rest down; do
		CR=$(ic_result "$h" winbuild)
		[ "$CR" != null ] || { echo "$h!winbuild has not been checked" >&2; return 1; }
		cr '.command | join(" ")' >>"$BATS_TEST_TMPDIR/commands"
	done
	CR=$(ic_result down icinga-timeout)
	cr '.command | join(" ")' >>"$BATS_TEST_TMPDIR/commands"
	no_secret_in "$BATS_TEST_TMPDIR/commands"
	# the negative checks see real records: the log has the command lines, the state the results
	wait_log "notice/Process: Running command '$(dirname "$WB_BIN")/check_winbuild' "
	ic_stop
	s=$IC_DIR/lib/icinga2.state
	[ -s "$s" ]
	grep -qF "$(dirname "$WB_BIN")/check_winbuild" "$s"
	grep -qF 'extended support ended 2020-01-14' "$s"
	no_secret_in "$s" "$IC_DIR/log/icinga2.log" "$IC_DIR/log/console.log" \
		"$IC_DIR/lib/modified-attributes.conf"
}

@test "the system's Icinga directories are untouched and no daemon process is left" {
	ic_stop
	[ -z "$(ic_pids)" ]
	ic_system_state >"$BATS_FILE_TMPDIR/system.after"
	diff "$BATS_FILE_TMPDIR/system.before" "$BATS_FILE_TMPDIR/system.after"
}
