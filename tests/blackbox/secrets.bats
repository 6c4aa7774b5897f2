#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Secrets, with known distinctive values: never in any output (text, JSON, -v to -vvv, error
# messages) whether they come from an option, a file or the environment and whether the check
# works or fails; hidden from the process listing, their length included; and a secret file that
# every user can read is pointed out in the long output.

bats_require_minimum_version 1.5.0

WB_DATE=2026-11-22
COMMUNITY=wbSecr3t-Comm-Vq8z
WRONG_COMMUNITY=wbWr0ng-Comm-Hx2k
PASSWORD=$EMU_PASSWORD

setup_file() {
	load helpers
	load ../emulator/emulator
	SNMPSIM_ALIASES="$COMMUNITY=win2019dc" \
		SNMPSIM_V3_EXTRA_USERS="wbauthonly:SHA256:$WB_V3_AUTH_PASS:NONE:x" start_snmpsim
	emu_setup
	start_emulator agent --generation 0.16.4 --host "$EMU_HOSTS/server2019.json"
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
	unset WINBUILD_COMMUNITY WINBUILD_AUTH_PASSPHRASE WINBUILD_PRIV_PASSPHRASE \
		WINBUILD_NSCLIENT_PASSWORD
	SECRETS=("$COMMUNITY" "$WRONG_COMMUNITY" "$WB_V3_AUTH_PASS" "$WB_V3_PRIV_PASS" "$EMU_PASSWORD"
		wrongpass-Kd81 wrongauth-Zq77)
}

# leaks: fail naming the secret when stdout or stderr of the last run holds any of SECRETS.
leaks() {
	local s
	for s in "${SECRETS[@]}"; do
		not_in_output "$s" || { echo "in: wb $*" >&2; return 1; }
	done
}

# secret_file VALUE: a file (mode 600) whose first line is VALUE; prints its path.
secret_file() {
	local f
	f=$(mktemp "$BATS_TEST_TMPDIR/secret.XXXXXX")
	printf '%s\n' "$1" >"$f"
	chmod 600 "$f"
	echo "$f"
}

# each_way VAR OPTION FILEOPTION VALUE ARGS...: run wb ARGS with the secret VALUE given by
# OPTION, by FILEOPTION and by the environment variable VAR, at every -v level and in both
# output formats, and check that no secret leaks.
each_way() {
	local var=$1 opt=$2 fileopt=$3 value=$4 file v fmt
	shift 4
	file=$(secret_file "$value")
	for v in "" -v -vv -vvv; do
		for fmt in text json; do
			run --separate-stderr wb "$@" "$opt" "$value" $v --output-format "$fmt"
			leaks "$@" "$opt" VALUE "$v" "$fmt"
			run --separate-stderr wb "$@" "$fileopt" "$file" $v --output-format "$fmt"
			leaks "$@" "$fileopt" FILE "$v" "$fmt"
			run --separate-stderr env "$var=$value" "$WB_BIN" ${WB_CATALOG:+--catalog "$WB_CATALOG"} \
				"$@" $v --output-format "$fmt"
			leaks "$var" "$@" "$v" "$fmt"
		done
	done
}

@test "the community never shows, right or wrong, from -C, a file or the environment" {
	each_way WINBUILD_COMMUNITY -C --community-file "$COMMUNITY" \
		-H 127.0.0.1 -p "$SNMPSIM_PORT" --date "$WB_DATE"
	[[ "$output" == *'"product":"server-2019"'* ]] # the last run worked
	each_way WINBUILD_COMMUNITY -C --community-file "$WRONG_COMMUNITY" \
		-H 127.0.0.1 -p "$SNMPSIM_PORT" -t 1 --date "$WB_DATE"
	[[ "$output" == *'"state":"UNKNOWN"'* ]]
}

@test "the SNMPv3 passphrases never show, right or wrong" {
	each_way WINBUILD_AUTH_PASSPHRASE -A --auth-passphrase-file "$WB_V3_AUTH_PASS" \
		-H 127.0.0.1 -p "$SNMPSIM_PORT" -P 3 -U wbauthonly -L authNoPriv -a SHA-256 \
		-N win2019dc --date "$WB_DATE"
	[[ "$output" == *'"product":"server-2019"'* ]]
	each_way WINBUILD_PRIV_PASSPHRASE -X --priv-passphrase-file "$WB_V3_PRIV_PASS" \
		-H 127.0.0.1 -p "$SNMPSIM_PORT" -P 3 -U "$WB_V3_USER" -a SHA-256 \
		-A "$WB_V3_AUTH_PASS" -N win2019dc --date "$WB_DATE"
	[[ "$output" == *'"product":"server-2019"'* ]]
	each_way WINBUILD_AUTH_PASSPHRASE -A --auth-passphrase-file wrongauth-Zq77 \
		-H 127.0.0.1 -p "$SNMPSIM_PORT" -P 3 -U wbauthonly -L authNoPriv -a SHA-256 \
		-N win2019dc -t 1 --date "$WB_DATE"
	[[ "$output" == *'"state":"UNKNOWN"'* ]]
}

@test "the NSClient++ password never shows, right or wrong" {
	each_way WINBUILD_NSCLIENT_PASSWORD --password --password-file "$EMU_PASSWORD" \
		-H 127.0.0.1 --source rest --rest-port "$(emu_port agent)" \
		--ca-file "$EMU_CERTS/ca.pem" --date "$WB_DATE"
	[[ "$output" == *'"product":"server-2019"'* ]]
	each_way WINBUILD_NSCLIENT_PASSWORD --password --password-file wrongpass-Kd81 \
		-H 127.0.0.1 --source rest --rest-port "$(emu_port agent)" \
		--ca-file "$EMU_CERTS/ca.pem" --date "$WB_DATE"
	[[ "$output" == *"refused the credentials"* ]]
}

@test "a secret the plugin rejects is not quoted in the error" {
	run --separate-stderr wb -H 127.0.0.1 -P 3 -U "$WB_V3_USER" -A shrtpw1
	status_is 3
	not_in_output shrtpw1
	run --separate-stderr wb -H 127.0.0.1 -C "$(printf 'L%.0s' $(seq 300))"
	status_is 3
	not_in_output LLLLLLLLLL
	run --separate-stderr wb -H 127.0.0.1 --user monitor --output-format json
	status_is 3
	json_is .state '"UNKNOWN"'
}

# cmdline_of PID: its command line as ps would show it (NULs as spaces), once the plugin has
# rewritten it (a '*' shows), or as it is after 2 s.
cmdline_of() {
	local i
	for i in $(seq 40); do
		tr '\0' ' ' </proc/"$1"/cmdline 2>/dev/null | grep -q '\*' && break
		sleep 0.05
	done
	tr '\0' ' ' </proc/"$1"/cmdline
}

# title_for PORT ARGS...: the process title of the plugin running ARGS (-t 3 against PORT, where
# no agent answers, so that it lives long enough to be looked at).
title_for() {
	local port=$1 pid title
	shift
	"$WB_BIN" ${WB_CATALOG:+--catalog "$WB_CATALOG"} -H 127.0.0.1 -p "$port" -t 3 "$@" \
		>/dev/null 2>&1 3>&- &
	pid=$!
	title=$(cmdline_of "$pid")
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null || true
	printf '%s' "$title"
}

@test "the process title shows neither a secret nor its length" {
	local short long form a b port
	short=Ab1 long=Zx9-this-one-is-much-longer-Qw port=$(free_port)
	for form in "-C @" "-C@" "--community=@" "--community @" "-A @ -X @" "--password @"; do
		# shellcheck disable=SC2086
		a=$(title_for "$port" ${form//@/$short})
		# shellcheck disable=SC2086
		b=$(title_for "$port" ${form//@/$long})
		[[ "$a" != *"$short"* && "$b" != *"$long"* ]] ||
			{ echo "secret in the title: '$a' / '$b'" >&2; return 1; }
		[ "$a" = "$b" ] || { echo "titles differ: '$a' / '$b'" >&2; return 1; }
		[[ "$a" == *"*"* ]] || { echo "no mark in '$a'" >&2; return 1; }
	done
	echo "# e.g. $a" >&3
}

@test "a secret file every user can read is pointed out; 600 and 640 are not" {
	local f
	f=$(secret_file "$COMMUNITY")
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" --community-file "$f" \
		--date "$WB_DATE"
	[[ "$output" != *"advice"* ]] || { echo "$output" >&2; false; }
	chmod 640 "$f"
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" --community-file "$f" \
		--date "$WB_DATE"
	[[ "$output" != *"advice"* ]] || { echo "$output" >&2; false; }
	chmod 644 "$f"
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" --community-file "$f" \
		--date "$WB_DATE"
	status_is 0
	output_matches '^\\_ advice: --community-file .* is readable by every user \(mode 0644\)'
	run --separate-stderr wb -H 127.0.0.1 -p "$SNMPSIM_PORT" --community-file "$f" \
		--date "$WB_DATE" --output-format json
	json_is '.advice | test("readable by every user")' true
	leaks
}
