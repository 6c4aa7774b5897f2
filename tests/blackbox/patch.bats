#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# How patched a host is, from its build and revision and the shipped update history: the
# update it runs and its age, the monthly releases it is behind, a baseline month, required KBs
# met by the revision. Against the NSClient++ emulator's hosts (alone and with SNMP), each on a
# revision Microsoft released (tests/emulator/hosts, some copied here onto another revision).

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers
	load ../emulator/emulator
	emu_setup
	local h=$BATS_FILE_TMPDIR/hosts
	mkdir -p "$h"
	# Server 2019 on the June 2025 security release, and Windows 11 24H2 on the April 2025
	# preview: real revisions, the emulator's hosts otherwise
	jq '.ubr = 7434 | .ntoskrnl = "10.0.17763.7434"' "$EMU_HOSTS/server2019.json" >"$h/2019-june.json"
	jq '.ubr = 3915 | .ntoskrnl = "10.0.26100.3915"' "$EMU_HOSTS/win11-24h2.json" >"$h/w11-preview.json"
	start_emulator 2019 --generation 0.16.4 --host "$EMU_HOSTS/server2019.json"
	start_emulator 2019-june --generation 0.16.4 --host "$h/2019-june.json"
	start_emulator w11 --generation 0.16.4 --host "$EMU_HOSTS/win11-24h2.json"
	start_emulator w11-preview --generation 0.16.4 --host "$h/w11-preview.json"
	start_emulator hotpatch --generation 0.16.4 --host "$EMU_HOSTS/win11-24h2-hotpatch.json"
	start_emulator 2008 --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json"
	start_emulator w10-old --generation 0.5.2.35 --host "$EMU_HOSTS/win10-22h2.json"
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

# rest NAME ARGS...: the plugin against emulator NAME over REST
rest() {
	local name=$1
	shift
	wb -H 127.0.0.1 --source rest --rest-port "$(emu_port "$name")" --ca-file "$EMU_CERTS/ca.pem" \
		--password "$EMU_PASSWORD" "$@"
}

field() { jq -r "$1" <<<"$output"; }

line() { grep -F -- "$1" <<<"$output"; }

@test "Server 2019 on March 2025's release: the update, its age, the releases behind, perfdata" {
	run -1 rest 2019 --date 2025-06-20 --patch-age-warning 60 --updates-behind-critical 5
	[ "$(line '\_ [WARNING] patch:')" = '\_ [WARNING] patch: KB5053596 of 2025-03-11 (17763.7009), 101 days old; newest KB5060531 of 2025-06-10 (17763.7434)' ]
	[ "$(line '\_ [OK] updates:')" = '\_ [OK] updates: 3 monthly releases behind, on the release of 2025-03' ]
	[[ "$output" == *"| 'patch_age'=101;60;;; 'updates_behind'=3;;5;; 'build'=17763;;;; 'revision'=7009;;;;"* ]]
	# as of the day of the history's last release, the April to August 2026 releases too
	run -2 rest 2019 --date 2026-08-11 --updates-behind-critical 12
	[ "$(line '\_ [CRITICAL] updates:')" = '\_ [CRITICAL] updates: 17 monthly releases behind, on the release of 2025-03' ]
}

@test "JSON: host.update and patch {age_days, updates_behind, newest, baseline}" {
	run -2 rest 2019 --date 2025-06-20 --baseline 2025-05 --baseline-grace 7 --output-format json
	[ "$(jq -c .host.update <<<"$output")" = '{"kb":"KB5053596","date":"2025-03-11","kind":"security","revision":7009}' ]
	[ "$(field .patch.age_days)" = 101 ]
	[ "$(field .patch.updates_behind)" = 3 ]
	[ "$(field .patch.newer_than_history)" = false ]
	[ "$(jq -c .patch.newest <<<"$output")" = '{"kb":"KB5060531","date":"2025-06-10","kind":"security","revision":7434}' ]
	[ "$(field .patch.baseline.month)" = 2025-05 ]
	[ "$(field .patch.baseline.required.kb)" = KB5058392 ]
	[ "$(field '.rules[] | select(.name == "baseline") | .state')" = CRITICAL ]
	[ "$(field '.perfdata[] | select(.label == "patch_age") | .value')" = 101 ]
}

@test "a baseline month, resolved per build: the June release meets 2025-06, March's does not" {
	run -0 rest 2019-june --date 2025-06-20 --baseline 2025-06
	[ "$(line '\_ [OK] baseline:')" = '\_ [OK] baseline: at or above the baseline 2025-06, KB5060531 of 2025-06-10 (17763.7434)' ]
	run -2 rest 2019 --date 2025-06-20 --baseline 2025-06
	[ "$(line '\_ [CRITICAL] baseline:')" = '\_ [CRITICAL] baseline: below the baseline 2025-06: needs KB5060531 of 2025-06-10 (17763.7434) or later, runs KB5053596 of 2025-03-11 (17763.7009)' ]
	# latest with a grace of 14 days: on 2025-06-20 June (Patch Tuesday 06-10) is not in force yet
	run -2 rest 2019 --date 2025-06-20 --baseline latest --baseline-grace 14
	[ "$(line '\_ [CRITICAL] baseline:')" = '\_ [CRITICAL] baseline: below the baseline 2025-05: needs KB5058392 of 2025-05-13 (17763.7314) or later, runs KB5053596 of 2025-03-11 (17763.7009)' ]
	# latest-3: March, which the host has; latest-2, April, warns as asked
	run -0 rest 2019 --date 2025-06-20 --baseline "latest-3 warning"
	[ "$(line '\_ [OK] baseline:')" = '\_ [OK] baseline: at or above the baseline 2025-03, KB5053596 of 2025-03-11 (17763.7009)' ]
	run -1 rest 2019 --date 2025-06-20 --baseline "latest-2 warning"
	[ "$(line '\_ [WARNING] baseline:')" = '\_ [WARNING] baseline: below the baseline 2025-04: needs KB5055519 of 2025-04-08 (17763.7136) or later, runs KB5053596 of 2025-03-11 (17763.7009)' ]
}

@test "a hotpatch host counts as its month's release; a preview host is below the next month" {
	run -0 rest hotpatch --date 2025-06-01 --baseline 2025-05
	[ "$(line '\_ [OK] patch:')" = '\_ [OK] patch: KB5058497 of 2025-05-13 (26100.3981, hotpatch), 19 days old; newest KB5058499 of 2025-05-28 (26100.4202, preview)' ]
	[ "$(line '\_ [OK] baseline:')" = '\_ [OK] baseline: at or above the baseline 2025-05, KB5058497 of 2025-05-13 (26100.3981, hotpatch)' ]
	[ "$(line '\_ [OK] updates:')" = '\_ [OK] updates: 0 monthly releases behind, on the release of 2025-05' ]
	# past July's baseline, still on May's hotpatch: skipped, and said so
	run -0 rest hotpatch --date 2025-07-20
	[ "$(line '\_ [OK] updates:')" = '\_ [OK] updates: 2 monthly releases behind, on the release of 2025-05; the hotpatch baseline of 2025-07, KB5062553 of 2025-07-08 (26100.4652, baseline), was skipped: the hotpatches after it need it' ]
	run -2 rest w11-preview --date 2025-06-01 --baseline 2025-05
	[ "$(line '\_ [CRITICAL] baseline:')" = '\_ [CRITICAL] baseline: below the baseline 2025-05: needs KB5058497 of 2025-05-13 (26100.3981, hotpatch) or later, runs KB5055627 of 2025-04-25 (26100.3915, preview)' ]
}

@test "Server 2008 SP2 on 6003.21481 over SNMP and NSClient++: May 2022's rollup, the partial history said" {
	run -2 wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2008sp2-6003 --source snmp,rest \
		--rest-port "$(emu_port 2008)" --ca-file "$EMU_CERTS/ca.pem" --password "$EMU_PASSWORD" \
		--date 2026-11-22 --baseline 2022-05 --patch-age-warning 365
	[ "$(line '\_ [WARNING] patch:')" = '\_ [WARNING] patch: KB5014010 of 2022-05-10 (6003.21481), 1657 days old' ]
	[ "$(line '\_ [OK] baseline:')" = '\_ [OK] baseline: at or above the baseline 2022-05, KB5014010 of 2022-05-10 (6003.21481)' ]
	line "\\_ update history: " | grep -q "lists build 6003's updates through 2022-05-10, 1657 days before this check's date: patch figures may be understated"
	# a month past what the history lists for 6003: the missing-fact state
	run -2 wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2008sp2-6003 --source snmp,rest \
		--rest-port "$(emu_port 2008)" --ca-file "$EMU_CERTS/ca.pem" --password "$EMU_PASSWORD" \
		--date 2026-11-22 --baseline 2023-01 --missing-fact warning
	[ "$(line '\_ [WARNING] baseline:')" = '\_ [WARNING] baseline: the update history is complete through 2022-05-10: the baseline 2023-01 is not in it (update it)' ]
}

@test "a required KB met by the revision when the hotfix list lacks it; one for another build is the policy's error" {
	# the 2008 host lists the May 2019 security-only update, not the monthly rollup KB4499149
	run -2 rest 2008 --date 2026-11-22 --require-hotfix KB4499149,KB4474419
	[ "$(line '\_ [OK] hotfixes:')" = '\_ [OK] hotfixes: all 2 required hotfixes are installed: KB4499149 by revision 21481 >= 20512' ]
	run -3 rest 2019 --date 2025-06-20 --require-hotfix KB5058411
	[ "$(line '\_ [UNKNOWN] hotfixes:')" = '\_ [UNKNOWN] hotfixes: the policy requires on build 17763 what the update history knows only for other builds: KB5058411 (an update for build 26100)' ]
}

@test "an old agent without the UBR: the kernel file's revision places Windows 10 22H2 all the same" {
	# 0.5.2.35 has no registry query: ntoskrnl.exe 10.0.19041.6456 on the 19045 host
	run -1 rest w10-old --date 2025-12-20 --support esu --updates-behind-warning 0 --output-format json
	[ "$(field .sources.revision)" = "nsclient:check_files ntoskrnl.exe" ]
	[ "$(field '.rules[] | select(.name == "patch") | .message')" = "KB5066791 of 2025-10-14 (19045.6456), 67 days old; newest KB5074976 of 2025-12-18 (19045.6693, oob)" ]
	[ "$(field '.rules[] | select(.name == "updates") | .message')" = "2 monthly releases behind, on the release of 2025-10" ]
	[ "$(field .host.update.kb)" = KB5066791 ]
}

@test "SNMP alone: no revision, so no patch lines; a patch rule gets the missing-fact state" {
	run -0 wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc --date 2026-11-22
	[[ "$output" != *"patch"* ]]
	run -3 wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc --date 2026-11-22 --patch-age-critical 90
	[ "$(line '\_ [UNKNOWN] patch:')" = '\_ [UNKNOWN] patch: the revision is not known (SNMP does not report it; add --source snmp,rest)' ]
}

@test "a revision newer than the history: said, patch age not computed, no error" {
	# the shipped history cut at the end of 2025: the March 2025 host is then not newer, the
	# June one against a history cut at April is
	head -n "$(grep -n '^update' "$WB_TOP/data/windows-updates.data" | head -1 | cut -d: -f1)" \
		"$WB_TOP/data/windows-updates.data" | grep -v '^update' >"$BATS_TEST_TMPDIR/cut.data"
	grep -E '^update [|] 17763 [|].*[|] 202[0-4]-|^update [|] 17763 [|].*[|] 2025-0[1-4]-' \
		"$WB_TOP/data/windows-updates.data" >>"$BATS_TEST_TMPDIR/cut.data"
	run -0 rest 2019-june --date 2025-06-20 --updates "$BATS_TEST_TMPDIR/cut.data" --patch-age-critical 30
	[ "$(line '\_ [OK] patch:')" = '\_ [OK] patch: revision 17763.7434 is newer than the update history knows (its newest: KB5059091 of 2025-04-16 (17763.7249, oob)): patch age not computed' ]
	[[ "$output" != *"patch_age"* ]]
}

@test "--updates: a missing file and a bad row are UNKNOWN, naming the file and line" {
	run -3 rest 2019 --updates /nonexistent/updates.data
	[[ "$output" == "WINBUILD UNKNOWN - cannot open the update history /nonexistent/updates.data"* ]]
	printf 'complete | 2026-08-11\nupdate | 19045 | client | 5608 | KB5053606 | 2025-03-11 | security | D1\n' \
		>"$BATS_TEST_TMPDIR/bad.data"
	run -3 rest 2019 --updates "$BATS_TEST_TMPDIR/bad.data"
	[ "${lines[0]}" = "WINBUILD UNKNOWN - $BATS_TEST_TMPDIR/bad.data:2: build 19045 takes its updates with 19041: write them for 19041" ]
}
