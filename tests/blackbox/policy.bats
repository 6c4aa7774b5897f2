#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The policy file (--policy) and the rules it writes, end to end: the example
# policies of data/policies on the 6002 and 6003 Server 2008 SP2 hosts (SNMP
# alone, and SNMP with NSClient++), what the command line overrides, LTSC
# against the general channel, a broken policy file, --explain, and two
# sources that contradict each other.

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers
	load ../emulator/emulator
	emu_setup
	start_emulator 2008 --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json"
	start_emulator 2008-old --generation 0.4.4.23 --host "$EMU_HOSTS/win2008sp2.json"
	start_emulator ltsc --generation 0.16.4 --host "$EMU_HOSTS/win10-ltsc2019.json"
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
	POLICIES=$WB_TOP/data/policies
	TMP=$BATS_TEST_TMPDIR
}

# snmp COMMUNITY ARGS...: the plugin on a simulated host, on the test date
snmp() {
	local host=$1
	shift
	wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C "$host" --date 2026-11-22 "$@"
}

# both COMMUNITY EMULATOR ARGS...: SNMP and NSClient++ together
both() {
	local host=$1 emu=$2
	shift 2
	WINBUILD_NSCLIENT_PASSWORD=$EMU_PASSWORD snmp "$host" --source snmp,rest \
		--rest-port "$(emu_port "$emu")" --ca-file "$EMU_CERTS/ca.pem" "$@"
}

# rule NAME: the state and message of rule NAME in the JSON answer
rule() { jq -r --arg n "$1" '.rules[] | select(.name == $n) | .state + " " + .message' <<<"$output"; }

@test "no policy: 6.0.6002 is denied by the catalogue's advisory, with what to install" {
	run -2 snmp win2008sp2-6002 --output-format json
	[ "$(rule denied)" = "CRITICAL 6.0.6002 is denied (advisory 6002-no-updates): no update since March 2019 (last 6002 rollup: 6.0.6002.24565); Server 2008 SP2: install the servicing stack KB4493730 and SHA-2 support KB4474419, then the April 2019 rollup KB4493471 or later (build 6003)" ]
	run -2 snmp win2008sp2-6003 --output-format json
	[ -z "$(rule denied)" ]
	# allow lifts it: only the support rule is left
	run -2 snmp win2008sp2-6002 --allow 6002-no-updates --output-format json
	[ -z "$(rule denied)" ]
	[ "$(jq -r '[.rules[].name] | join(",")' <<<"$output")" = support ]
}

@test "legacy-esu: 6002 CRITICAL (denied, below the minimum), 6003 WARNING (the exception)" {
	run -2 snmp win2008sp2-6002 --policy "$POLICIES/legacy-esu.policy" --output-format json
	[ "$(rule support)" = "WARNING ESU year 4 (Azure only) ended 2024-01-09 (1048 days ago)" ]
	[ "$(rule build)" = "CRITICAL 6002 is below the minimum 6.0.6003.21481" ]
	[[ "$(rule denied)" == "CRITICAL 6.0.6002 is denied (advisory 6002-no-updates): "* ]]
	# SNMP cannot tell the revision, the hotfixes or the agent: missing-fact = warning
	[ "$(rule hotfixes)" = "WARNING 2 of 2 required cannot be checked (the installed hotfixes are not known; NSClient++ lists them, SNMP only on XP and Server 2003): KB4493730, KB4474419" ]
	run -1 snmp win2008sp2-6003 --policy "$POLICIES/legacy-esu.policy" --output-format json
	[ "$(rule build)" = "WARNING build 6003 matches, but its revision is not known (SNMP does not report it; query NSClient++ for it with --source snmp,rest); the minimum 6.0.6003.21481 needs it" ]
	[ "$(rule agent)" = "WARNING the NSClient++ version is not known (ask NSClient++ with --source rest); the minimum is 0.5.2.35" ]
	# with NSClient++ every fact is there, and only the exception warns
	run -1 both win2008sp2-6003 2008 --policy "$POLICIES/legacy-esu.policy" --output-format json
	[ "$(jq -r '[.rules[] | select(.state != "OK") | .name] | join(",")' <<<"$output")" = support ]
	[ "$(rule build)" = "OK 6003.21481 is at or above the minimum 6.0.6003.21481" ]
	[ "$(rule hotfixes)" = "OK all 2 required hotfixes are installed" ]
	[ "$(rule agent)" = "OK NSClient++ 0.16.4.55 is at or above the minimum 0.5.2.35" ]
	# an agent too old to tell its version (the legacy API): missing-fact = warning
	run -1 both win2008sp2-6003 2008-old --policy "$POLICIES/legacy-esu.policy" --output-format json
	[ "$(rule agent)" = "WARNING the NSClient++ version is not known (the agent did not tell it); the minimum is 0.5.2.35" ]
}

@test "current-only: both 2008 SP2 hosts CRITICAL, a missing fact too" {
	run -2 snmp win2008sp2-6002 --policy "$POLICIES/current-only.policy" --output-format json
	[ "$(rule support)" = "CRITICAL mainstream support ended 2015-01-13 (4331 days ago); extended support also ended 2020-01-14" ]
	[[ "$(rule denied)" == "CRITICAL 6.0.6002 is denied"* ]]
	run -2 snmp win2008sp2-6003 --policy "$POLICIES/current-only.policy" --output-format json
	[ "$(rule agent)" = "CRITICAL the NSClient++ version is not known (ask NSClient++ with --source rest); the minimum is 0.9.0.0" ]
	# no minimum for NT 6.0 in its list: the build rule has nothing to say
	[ -z "$(rule build)" ]
	# Server 2019 is out of mainstream support too
	run -2 snmp win2019dc --policy "$POLICIES/current-only.policy" --output-format json
	[ "$(rule support)" = "CRITICAL mainstream support ended 2024-01-09 (1048 days ago); extended support to 2029-01-09" ]
	[ "$(rule build)" = "CRITICAL build 17763 matches, but its revision is not known (SNMP does not report it; query NSClient++ for it with --source snmp,rest); the minimum 10.0.17763.8647 needs it" ]
}

@test "dc-lsass-april-2026: nothing to say about 2008; a DC of that build without a revision is the missing-fact state" {
	run -2 snmp win2008sp2-6002 --policy "$POLICIES/dc-lsass-april-2026.policy" --output-format json
	[[ "$(rule denied)" == "CRITICAL 6.0.6002 is denied (advisory 6002-no-updates)"* ]]
	run -2 snmp win2008sp2-6003 --policy "$POLICIES/dc-lsass-april-2026.policy" --output-format json
	[ -z "$(rule denied)" ]
	# a 2019 domain controller: the range needs its revision, which SNMP lacks
	run -3 snmp win2019dc --policy "$POLICIES/dc-lsass-april-2026.policy" --output-format json
	[ "$(rule denied)" = "UNKNOWN build 17763 may be denied (10.0.17763.8644 to 10.0.17763.8646: the April 2026 update KB5082123 can make this DC restart again and again (LSASS stops); install the out-of-band KB5091573 (17763.8647) or later), but its revision is not known" ]
	# a deny lifted by its versions, as written
	run -0 snmp win2019dc --policy "$POLICIES/dc-lsass-april-2026.policy" --output-format json \
		--allow 10.0.17763.8644-10.0.17763.8646
	[ -z "$(rule denied)" ]
}

@test "a deny range catches the revision NSClient++ reports, and only within its build" {
	run -2 both win2008sp2-6003 2008 --deny '6.0.6003.21000-6.0.6003.21500: broke the print spooler' \
		--support esu-azure --date 2023-06-01 --output-format json
	[ "$(rule denied)" = "CRITICAL 6.0.6003.21481 is denied: broke the print spooler" ]
	run -1 both win2008sp2-6003 2008 --deny '6.0.6003.21000-6.0.6003.21500 warning: slow' \
		--support esu-azure --date 2023-06-01 --output-format json
	[ "$(rule denied)" = "WARNING 6.0.6003.21481 is denied: slow" ]
	run -0 both win2008sp2-6003 2008 --deny '6.0.6003.21482-6.0.6003.22000: later' \
		--support esu-azure --date 2023-06-01 --output-format json
	[ -z "$(rule denied)" ]
	# a 6002 range never matches a 6003 revision
	run -0 both win2008sp2-6003 2008 --deny '6.0.6002.21000-6.0.6002.24565: old' \
		--support esu-azure --date 2023-06-01 --output-format json
	[ -z "$(rule denied)" ]
}

@test "precedence: [product:] over [type:] over [family:] over [default], the command line over all" {
	cat >"$TMP/p.policy" <<'EOF'
[product:server-2019]
warning = 700:
[type:domain_controller]
warning = 800:
support = mainstream
[family:server]
warning = 900:
support = extended
[default]
warning = 1000:
EOF
	# the DC: [type:]'s mainstream over [family:]'s extended, [product:]'s -w
	run -2 snmp win2019dc --policy "$TMP/p.policy" --output-format json
	jq -e '.perfdata[] | select(.label == "support_days_left") | .warn == "700:"' <<<"$output"
	[ "$(rule support)" = "CRITICAL mainstream support ended 2024-01-09 (1048 days ago); extended support to 2029-01-09" ]
	run -0 snmp win2019dc --policy "$TMP/p.policy" --support extended --output-format json
	[ "$(rule support)" = "OK extended support ends 2029-01-09 (779 days left)" ]
	run -1 snmp win2019dc --policy "$TMP/p.policy" --support extended -w 800: --output-format json
	[ "$(rule support)" = "WARNING extended support ends 2029-01-09 (779 days left)" ]
	# a Server 2022 host: no [product:] for it; [type:] is not a DC; [family:server]
	run -0 snmp win2022 --policy "$TMP/p.policy" --output-format json
	jq -e '.perfdata[] | select(.label == "support_days_left") | .warn == "900:"' <<<"$output"
}

@test "a [policy:NAME] section applies to the hosts that name it, over every other section, under the command line" {
	cat >"$TMP/p.policy" <<'EOF'
[policy:dc]
support = mainstream
warning = 30:
[product:server-2019]
warning = 800:
support = extended
[default]
warning = 1000:
EOF
	# not named: [product:]'s extended support and its -w
	run -1 snmp win2019dc --policy "$TMP/p.policy" --output-format json
	[ "$(rule support)" = "WARNING extended support ends 2029-01-09 (779 days left)" ]
	# named: [policy:dc] over [product:], shown by --explain
	run -2 snmp win2019dc --policy "$TMP/p.policy" --policy-section dc --explain
	[[ "$output" == "WINBUILD CRITICAL - "* ]]
	[[ "$output" == *$'\n\\_ [CRITICAL] support: mainstream support ended 2024-01-09 (1048 days ago); extended support to 2029-01-09\n'* ]]
	[[ "$output" == *$'\n\\_ explain: policy '"$TMP/p.policy"': [policy:dc] (line 1), [product:server-2019] (line 4), [default] (line 7)'$'\n'* ]]
	[[ "$output" == *"'support_days_left'=-1048;30:;0:;;"* ]]
	# the command line has the last word
	run -0 snmp win2019dc --policy "$TMP/p.policy" --policy-section dc --support extended -w 60: --output-format json
	[ "$(rule support)" = "OK extended support ends 2029-01-09 (779 days left)" ]
	# a name the file does not have is a typo, not "no rules": UNKNOWN before any agent is asked
	run -3 snmp win2019dc --policy "$TMP/p.policy" --policy-section dcs
	[ "$output" = "WINBUILD UNKNOWN - --policy-section dcs: the policy file $TMP/p.policy has no [policy:dcs] section" ]
	run -3 snmp win2019dc --policy-section dc
	[ "$output" = "WINBUILD UNKNOWN - --policy-section dc: no --policy FILE given: the built-in policy has no [policy:dc] section" ]
	run -3 snmp win2019dc --policy "$TMP/p.policy" --policy-section 'Domain Controllers'
	[ "$output" = "WINBUILD UNKNOWN - --policy-section: 'Domain Controllers' is not a section name (lower-case letters, digits and -, as in [policy:NAME])" ]
}

@test "LTSC against the general channel: [edition:ltsc] applies once NSClient++ names the edition" {
	cat >"$TMP/p.policy" <<'EOF'
[default]
support = mainstream
[edition:ltsc]
support = extended
EOF
	# the general 1809 release: [default]'s mainstream, ended
	run -2 wb -H 127.0.0.1 --source rest --rest-port "$(emu_port ltsc)" --ca-file "$EMU_CERTS/ca.pem" \
		--password "$EMU_PASSWORD" --date 2026-11-22 --policy "$TMP/p.policy" --edition general \
		--output-format json
	[ "$(jq -r .host.product <<<"$output")" = win10-1809 ]
	# the Caption says LTSC 2019: the LTSC row and [edition:ltsc]'s tier
	run -0 wb -H 127.0.0.1 --source rest --rest-port "$(emu_port ltsc)" --ca-file "$EMU_CERTS/ca.pem" \
		--password "$EMU_PASSWORD" --date 2026-11-22 --policy "$TMP/p.policy" --output-format json
	[ "$(jq -r .host.product <<<"$output")" = win10-ltsc-2019 ]
	[ "$(rule support)" = "OK extended support ends 2029-01-09 (779 days left)" ]
}

@test "a broken policy file is UNKNOWN naming the file and the line, in text and JSON" {
	printf '[default]\nsupport = esu\n[product:server-2008-sp3]\nsupport = esu\n' >"$TMP/p.policy"
	run -3 snmp win2008sp2-6003 --policy "$TMP/p.policy"
	[ "$output" = "WINBUILD UNKNOWN - $TMP/p.policy:3: the catalogue has no product 'server-2008-sp3' (--list-catalog shows them)" ]
	printf '[default]\nsupport = esu\nsuport = esu\n' >"$TMP/p.policy"
	run -3 snmp win2008sp2-6003 --policy "$TMP/p.policy" --output-format json
	[ "$(jq -r .summary <<<"$output")" = "$TMP/p.policy:3: no rule is called 'suport' (support, warning, critical, min-build, deny, allow, require-hotfix, min-agent, patch-age-warning, patch-age-critical, updates-behind-warning, updates-behind-critical, baseline, baseline-grace, missing-fact)" ]
	run -3 snmp win2008sp2-6003 --policy "$TMP/none.policy"
	[ "$output" = "WINBUILD UNKNOWN - cannot open the policy $TMP/none.policy: No such file or directory" ]
	# a usage error comes first: no agent is asked
	run -3 snmp win2008sp2-6003 --policy "$TMP/none.policy" --min-agent x
	[[ "$output" == "WINBUILD UNKNOWN - --min-agent: 'x' is not a version"* ]]
}

@test "--explain: the row and its source, each fact's source, the policy lines behind each rule" {
	local line
	line=$(grep -n '^release | server-2008-sp2 ' "$WB_TOP/data/windows-lifecycle.catalog" | cut -d: -f1)
	run -1 both win2008sp2-6003 2008 --policy "$POLICIES/legacy-esu.policy" --explain
	[[ "$output" == *$'\n\\_ explain: Windows Server 2008 SP2 is catalogue row server-2008-sp2 ('*"windows-lifecycle.catalog:$line): S2 windows-server-2008.yml"* ]]
	[[ "$output" == *$'\n\\_ explain: version 6.0.6003 from snmp:sysDescr.0 and nsclient:'* ]]
	[[ "$output" == *$'\n\\_ explain: revision 21481 from nsclient:check_files ntoskrnl.exe\n'* ]]
	[[ "$output" == *$'\n\\_ explain: hotfixes 5 from nsclient:'* ]]
	[[ "$output" == *$'\n\\_ explain: policy '"$POLICIES/legacy-esu.policy"': [default] (line 10), [family:server] (line 20), [product:server-2008-sp2] (line 24)'$'\n'* ]]
	[[ "$output" == *$'\n\\_ explain build: min-build = 6.0.6003.21481 ('"$POLICIES/legacy-esu.policy"$':34)\n'* ]]
	[[ "$output" == *$'\n\\_ explain hotfixes: require-hotfix = KB4493730 ('"$POLICIES/legacy-esu.policy"':35), KB4474419 ('"$POLICIES/legacy-esu.policy"$':35)\n'* ]]
	[[ "$output" == *$'\n\\_ explain agent: min-agent = 0.5.2.35 WARNING ('"$POLICIES/legacy-esu.policy"$':22)\n'* ]]
	# JSON: the same trace
	run -1 both win2008sp2-6003 2008 --policy "$POLICIES/legacy-esu.policy" --explain --output-format json
	[ "$(jq -r .explain.catalog.row <<<"$output")" = server-2008-sp2 ]
	[ "$(jq -r '.explain.facts[] | select(.fact == "revision") | .source' <<<"$output")" = "nsclient:check_files ntoskrnl.exe" ]
	[ "$(jq -r '.explain.policy.sections' <<<"$output")" = "[default] (line 10), [family:server] (line 20), [product:server-2008-sp2] (line 24)" ]
	[ "$(jq -r '.rules[] | select(.name == "build") | .explain' <<<"$output")" = "min-build = 6.0.6003.21481 ($POLICIES/legacy-esu.policy:34)" ]
	# the advisory: its source, and how to lift it
	run -2 snmp win2008sp2-6002 --explain --output-format json
	[[ "$(jq -r '.rules[] | select(.name == "denied") | .explain' <<<"$output")" == "advisory 6002-no-updates ("*"windows-lifecycle.catalog:"*"), denying 6.0.6002: S3 (March 2019"*"; a policy lifts it with allow = 6002-no-updates" ]]
	# without --explain, none of it
	run -2 snmp win2008sp2-6002 --output-format json
	[ "$(jq -r 'has("explain")' <<<"$output")" = false ]
}

@test "SNMP and NSClient++ that contradict each other: UNKNOWN naming both, never a verdict" {
	# the 2019 DC's SNMP agent and the 2008 host's NSClient++ at one address
	run -3 both win2019dc 2008 --output-format json
	[ "$(jq -r .summary <<<"$output")" = "the sources disagree on the NT version: snmp:sysDescr.0 says 10.0, nsclient:check_wmi Win32_OperatingSystem says 6.0" ]
	[ "$(jq -r '.rules | length' <<<"$output")" = 0 ]
	# Windows 10 LTSC's NSClient++ behind a Server 2019 SNMP agent: same build, other type
	run -3 both win2019dc ltsc --output-format json
	[ "$(jq -r .summary <<<"$output")" = "the sources disagree on the product type: snmp:sysObjectID.0 says domain_controller, nsclient:check_wmi Win32_OperatingSystem says workstation" ]
}
