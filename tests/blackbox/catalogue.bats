#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The catalogue as the user meets it: builds it does not know, editions,
# tiers a product lacks.

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers
	start_snmpsim
}

teardown_file() {
	load helpers
	stop_snmpsim
}

setup() {
	load helpers
	require_wb
	TMP=$(mktemp -d)
	CATALOG=$WB_TOP/data/windows-lifecycle.catalog
}

teardown() {
	rm -rf "$TMP"
}

# check HOST ARGS...: the binary against the simulated HOST, as of 2026-11-22
check() {
	local host=$1
	shift
	"$WB_BIN" -H 127.0.0.1 -p "$SNMPSIM_PORT" -C "$host" --date 2026-11-22 "$@"
}

@test "a build newer than the catalogue knows is UNKNOWN and says so" {
	# the shipped catalogue without the client releases from 26100 on
	awk -F' [|] ' '!($1 == "release" && $4 == "client" && $6 + 0 >= 26100)' \
		"$CATALOG" >"$TMP/old.catalog"
	run -3 check win11-24h2 --catalog "$TMP/old.catalog"
	[ "${lines[0]}" = "WINBUILD UNKNOWN - Windows NT 10.0 build 26100 is newer than this catalogue knows (its newest client build is 22631): update the catalogue" ]
}

@test "a build the catalogue skips is UNKNOWN, not a guess" {
	# every server release on 20348 (Server 2022, Azure Stack HCI 21H2)
	awk -F' [|] ' '!($1 == "release" && $4 == "server" && $6 == "20348")' \
		"$CATALOG" >"$TMP/gap.catalog"
	run -3 check win2022 --catalog "$TMP/gap.catalog"
	[ "${lines[0]}" = "WINBUILD UNKNOWN - Windows NT 10.0 build 20348 is not in this catalogue (an Insider or unreleased build?)" ]
}

@test "--edition sac picks Server 1809 on build 17763" {
	run -2 check win2019dc --catalog "$CATALOG" --edition sac --output-format json
	[ "$(jq -r .host.product <<<"$output")" = server-1809 ]
	[ "$(jq -r .host.edition <<<"$output")" = sac ]
	[ "$(jq -r .sources.edition <<<"$output")" = option:--edition ]
	[ "$(jq -r .host.edition_assumed <<<"$output")" = null ]
	[ "$(jq -r '.rules[] | select(.name == "support") | .message' <<<"$output")" = "extended support ended 2020-11-10 (2203 days ago)" ]
	[ "$(jq '[.rules[] | select(.name == "edition")] | length' <<<"$output")" = 0 ]
}

@test "an edition the build does not have is UNKNOWN listing those it has" {
	run -3 check win2019dc --catalog "$CATALOG" --edition enterprise
	[ "${lines[0]}" = "WINBUILD UNKNOWN - the catalogue has no edition 'enterprise' for server build 17763 (it knows: ltsc, sac)" ]
}

@test "without --edition the assumed edition is named in the output" {
	run -2 check win11-24h2 --catalog "$CATALOG" --output-format json
	[ "$(jq -r .host.edition_assumed <<<"$output")" = general ]
	[ "$(jq -r .host.edition <<<"$output")" = null ]
	message=$(jq -r '.rules[] | select(.name == "edition") | .message' <<<"$output")
	[[ "$message" == "not told by SNMP; assumed general (Windows 11 version 24H2 Home/Pro). Build 26100 is also: enterprise, ltsc, iot-ltsc;"* ]]
}

@test "--edition ltsc on Windows 11 24H2 applies the LTSC 2024 dates" {
	run -0 check win11-24h2 --catalog "$CATALOG" --edition ltsc --output-format json
	[ "$(jq -r .host.product <<<"$output")" = win11-ltsc-2024 ]
	[ "$(jq -r '.perfdata[] | select(.label == "support_days_left") | .value' <<<"$output")" = \
		$(( ($(date -ud 2029-10-09 +%s) - $(date -ud 2026-11-22 +%s)) / 86400 )) ]
}

@test "--support esu on a product without ESU falls back to extended and says so" {
	run -0 check win2022 --catalog "$CATALOG" --support esu
	[ "${lines[1]}" = '\_ [OK] support: no ESU for Windows Server 2022 in this catalogue, so extended support ends 2031-10-14 (1787 days left)' ]
}

@test "--support mainstream after its end names the extended date" {
	run -2 check win2022 --catalog "$CATALOG" --support mainstream
	[ "${lines[1]}" = '\_ [CRITICAL] support: mainstream support ended 2026-10-13 (40 days ago); extended support to 2031-10-14' ]
}

@test "a revision minimum cannot be checked over SNMP: UNKNOWN on that build" {
	run -2 check win2008sp2-6003 --catalog "$CATALOG" --min-build 6.0.6003.21481 --output-format json
	[ "$(jq -r '.rules[] | select(.name == "build") | .state' <<<"$output")" = UNKNOWN ]
	[ "$(jq -r '.rules[] | select(.name == "build") | .message' <<<"$output")" = "build 6003 matches, but its revision is not known (SNMP does not report it; query NSClient++ for it with --source snmp,rest); the minimum 6.0.6003.21481 needs it" ]
	# the support rule's CRITICAL outranks the UNKNOWN
	[ "$(jq -r .state <<<"$output")" = CRITICAL ]
}

@test "a catalogue reviewed over 120 days before the check's date says it may be stale, and changes no state" {
	reviewed=$(awk -F' [|] ' '$1 == "reviewed" {print $2}' "$CATALOG")
	day120=$(date -ud "$reviewed + 120 days" +%F)
	day121=$(date -ud "$reviewed + 121 days" +%F)
	run -0 check win2019dc --catalog "$CATALOG" --date "$day120" --output-format json
	[ "$(jq -r .catalog_note <<<"$output")" = null ]
	run -0 check win2019dc --catalog "$CATALOG" --date "$day121"
	[ "${lines[3]}" = "\\_ catalogue: $CATALOG was last reviewed $reviewed, 121 days before this check's date: releases and dates since may be missing (update it)" ]
	run -0 check win2019dc --catalog "$CATALOG" --date "$day121" --output-format json
	[[ "$(jq -r .catalog_note <<<"$output")" == *"was last reviewed $reviewed, 121 days before"* ]]
	# a catalogue without a reviewed row never says it
	grep -v '^reviewed ' "$CATALOG" >"$TMP/undated.catalog"
	run -0 check win2019dc --catalog "$TMP/undated.catalog" --date 2027-11-22 --output-format json
	[ "$(jq -r .catalog_note <<<"$output")" = null ]
}
