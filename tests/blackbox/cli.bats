#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The command line without an agent: help, version, the catalogue.

bats_require_minimum_version 1.5.0

setup() {
	load helpers
	require_wb
	TMP=$(mktemp -d)
}

teardown() {
	rm -rf "$TMP"
}

@test "--help documents every option and exits UNKNOWN" {
	run -3 wb --help
	for opt in --hostname --port --protocol --community --community-file \
		--secname --seclevel --authproto --authpasswd --auth-passphrase-file \
		--privproto --privpasswd --priv-passphrase-file --context --timeout \
		--warning --critical --support --edition --min-build --date \
		--catalog --list-catalog --output-format --verbose --help --version \
		--source --rest-port --nt-port --password --password-file --user --ca-file --pin \
		--insecure --rest-api --extra-opts --software --policy --deny --allow \
		--require-hotfix --min-agent --missing-fact --explain \
		WINBUILD_COMMUNITY WINBUILD_AUTH_PASSPHRASE WINBUILD_PRIV_PASSPHRASE \
		WINBUILD_NSCLIENT_PASSWORD; do
		[[ "$output" == *"$opt"* ]] || { echo "--help lacks $opt"; return 1; }
	done
}

@test "every long option of plugin/args.c is in --help, the man page, README and both contrib files" {
	local o opts man=$WB_TOP/doc/check_winbuild.1.in
	# mapped by their short forms (-H, -p, ...) or, for secrets, by their -file and environment
	# forms; -h, -V and --list-catalog check no host
	local short=" hostname port protocol community secname seclevel authproto authpasswd privproto
		privpasswd context timeout warning critical verbose password help version list-catalog "
	short=" $(echo $short) "
	opts=$(sed -n 's/^\t{"\([a-z0-9-]*\)", [a-z_]*_argument, .*/\1/p' "$WB_TOP/plugin/args.c")
	[ "$(wc -w <<<"$opts")" -gt 60 ]
	run -3 wb --help
	for o in $opts; do
		[[ "$output" == *"--$o"* ]] || { echo "--help lacks --$o"; return 1; }
		grep -qF -- "\\-\\-${o//-/\\-}" "$man" || { echo "the man page lacks --$o"; return 1; }
		grep -qF -- "--$o" "$WB_TOP/README.md" || { echo "README.md lacks --$o"; return 1; }
		[[ "$short" != *" $o "* ]] || continue
		grep -qF -- "\"--$o\"" "$WB_TOP/contrib/icinga2-check_winbuild.conf.in" ||
			{ echo "the CheckCommand lacks --$o"; return 1; }
		grep -qF -- "--$o" "$WB_TOP/contrib/nagios-commands.cfg.in" ||
			{ echo "the Nagios commands lack --$o"; return 1; }
	done
}

@test "--help and the man page describe the sources, the output, JSON and the exit codes" {
	local man=$WB_TOP/doc/check_winbuild.1.in what
	run -3 wb --help
	for what in "Sources" "snmp " "rest " "Output:" "support_days_left" "uptime" "JSON:" \
		"days_left" "hotfixes [{id, installed}]" "Exit codes: 0 OK, 1 WARNING, 2 CRITICAL, 3 UNKNOWN" \
		"Report bugs to <"; do
		[[ "$output" == *"$what"* ]] || { echo "--help lacks '$what'"; return 1; }
	done
	for what in ".SH OUTPUT" ".SH EXIT STATUS" ".SH LIMITS" ".SH FILES" ".SH REPORTING BUGS" \
		"NSClient++" "support_days_left" "output_capped"; do
		grep -qF -- "$what" "$man" || { echo "the man page lacks '$what'"; return 1; }
	done
}

@test "--extra-opts: options and a secret from an ini file; errors name the file and line, in JSON too" {
	printf '[check_winbuild]\ncommunity = wbIni-S3cret-q7\nsupport = esu\n' >"$TMP/w.ini"
	chmod 600 "$TMP/w.ini"
	run -3 wb -H 127.0.0.1 -p "$(free_port)" -t 1 --extra-opts="@$TMP/w.ini" -vvv
	[[ "$output" != *wbIni-S3cret-q7* ]] || { echo "$output"; return 1; }
	[[ "$output" != *advice* ]]
	chmod 644 "$TMP/w.ini"
	run -3 wb -H 127.0.0.1 -p "$(free_port)" -t 1 --extra-opts "@$TMP/w.ini"
	[[ "$output" == *$'\n\\_ advice: --extra-opts file '"$TMP/w.ini"$' holds a secret and is readable by every user: chmod o-r it\n'* ]] ||
		{ echo "$output"; return 1; }
	printf '[check_winbuild]\n\nsuport = esu\n' >"$TMP/bad.ini"
	run -3 wb -H 127.0.0.1 --extra-opts="@$TMP/bad.ini"
	[ "$output" = "WINBUILD UNKNOWN - $TMP/bad.ini:3: 'suport' is not an option of check_winbuild" ]
	run -3 wb -H 127.0.0.1 --extra-opts="@$TMP/bad.ini" --output-format json
	[ "$(jq -r .summary <<<"$output")" = "$TMP/bad.ini:3: 'suport' is not an option of check_winbuild" ]
}

@test "--help and the man page name the same options" {
	man=$WB_TOP/doc/check_winbuild.1.in
	[ -f "$man" ]
	run -3 wb --help
	for opt in $(grep -o -- '--[a-z][a-z-]*' <<<"$output" | sort -u); do
		grep -qF -- "${opt//-/\\-}" "$man" || { echo "man page lacks $opt"; return 1; }
	done
}

@test "-V prints the version, the copyright and the licence, and exits UNKNOWN" {
	run -3 wb -V
	[[ "${lines[0]}" =~ ^check_winbuild\ [0-9]+\.[0-9]+\.[0-9]+$ ]]
	[[ "${lines[1]}" == "Copyright (C) "[0-9][0-9][0-9][0-9]" "* ]]
	[[ "$output" == *"GPL version 3 or later"* ]]
}

@test "--list-catalog lists every release row with its dates and source" {
	run -0 wb --list-catalog
	rows=$(grep -c '^release ' "$WB_TOP/data/windows-lifecycle.catalog")
	[[ "${lines[0]}" == *": $rows releases" ]]
	[[ "$output" == *"server-2008-sp2  Windows Server 2008 SP2"* ]]
	[[ "$output" == *"build 6002, 6003, edition general (default)"* ]]
	[[ "$output" == *"ESU year 3  2023-01-10"* ]]
	[[ "$output" == *"Azure ESU   2024-01-09"* ]]
	advisories=$(grep -c '^advisory ' "$WB_TOP/data/windows-lifecycle.catalog")
	[ "$(grep -c '^  source ' <<<"$output")" -eq $((rows + advisories)) ]
	[ "${lines[1]}" = "  reviewed    2026-12-02" ]
	[[ "$output" == *$'\nadvisory 6002-no-updates  6.0.6002 denied, CRITICAL\n  reason      no update since March 2019'* ]]
}

@test "a broken catalogue is UNKNOWN naming the file and line" {
	cp "$WB_TOP/data/windows-lifecycle.catalog" "$TMP/bad.catalog"
	echo "release | x | X | client | 6.0 | 7777 | general* | 2019-13-01 | - | - | - | - | s" \
		>>"$TMP/bad.catalog"
	line=$(wc -l <"$TMP/bad.catalog")
	run -3 "$WB_BIN" --catalog "$TMP/bad.catalog" -H 127.0.0.1
	[ "$output" = "WINBUILD UNKNOWN - $TMP/bad.catalog:$line: release date '2019-13-01' is not a date (YYYY-MM-DD or -)" ]
}

@test "a missing catalogue is UNKNOWN naming the file" {
	run -3 "$WB_BIN" --catalog "$TMP/none.catalog" -H 127.0.0.1
	[ "$output" = "WINBUILD UNKNOWN - cannot open the catalogue $TMP/none.catalog: No such file or directory" ]
}

@test "the installed binary finds its own catalogue" {
	[ "${WB_INSTALLED:-0}" = 1 ] || skip "runs against an installed binary (scripts/test)"
	run -0 "$WB_BIN" --list-catalog
	[[ "${lines[0]}" == */share/check_winbuild/windows-lifecycle.catalog:* ]]
}

@test "usage errors are one line on stdout with exit UNKNOWN" {
	run -3 --separate-stderr wb -H 127.0.0.1 --support forever
	[ "$output" = "WINBUILD UNKNOWN - --support: 'forever' is not mainstream, extended, esu or esu-azure" ]
	[ -z "$stderr" ]
	run -3 --separate-stderr wb
	[ "$output" = "WINBUILD UNKNOWN - no host: give -H HOST" ]
}
