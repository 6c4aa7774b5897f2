#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fleet mode (--hosts) with SNMPv3 hosts: net-snmp's snmpd (user wbuser, SHA-256/AES, authPriv
# required; it answers a wrong passphrase or an unknown user with a USM report, as real agents
# do) and snmpsim's v3 users (the context name picks the fixture host), mixed with v2c hosts and
# a dead port. The passphrases come by reference (files and environment variables). Each host's
# record must carry what the single check (-H ... -P 3 ...) of that host answers, the dead host
# must not hold the others, and no passphrase may show in the records, the summary or ps.

bats_require_minimum_version 1.5.0

load helpers

WB_DATE=2026-11-22

setup_file() {
	SNMPSIM_V3_EXTRA_USERS="wbmd5:MD5:$WB_V3_AUTH_PASS:DES:$WB_V3_PRIV_PASS"
	SNMPSIM_V3_EXTRA_USERS+=" wbauthonly:SHA256:$WB_V3_AUTH_PASS:NONE:x wbnoauth:NONE:x:NONE:x"
	start_snmpsim || return 1
	start_snmpd || { stop_snmpsim; return 1; }
	V3_DIR=$(mktemp -d "${WB_AGENT_TMP:-/tmp}/wb-fleet-v3.XXXXXX")
	export V3_DIR
	printf '%s\n' "$WB_V3_AUTH_PASS" >"$V3_DIR/auth"
	printf '%s\n' "$WB_V3_PRIV_PASS" >"$V3_DIR/priv"
	printf '%s\n' wbWrongAuth-8hG2 >"$V3_DIR/wrong.auth"
	printf '%s\n' wbWrongPriv-3kD7 >"$V3_DIR/wrong.priv"
	chmod 600 "$V3_DIR"/*
	local v3="version=3 secname=$WB_V3_USER seclevel=authPriv authproto=SHA-256 privproto=AES"
	{
		echo "# SNMPv3 and v2c hosts, one dead port"
		echo "127.0.0.1 name=v2dc port=$SNMPSIM_PORT community-env=FLV3_COMMUNITY"
		echo "127.0.0.1 name=v3dc port=$SNMPSIM_PORT $v3 context=win2019dc auth-file=$V3_DIR/auth priv-file=$V3_DIR/priv"
		echo "127.0.0.1 name=v3xp port=$SNMPSIM_PORT version=3 secname=wbmd5 authproto=MD5 privproto=DES auth-env=FLV3_AUTH priv-env=FLV3_PRIV context=winxp"
		echo "127.0.0.1 name=v3authonly port=$SNMPSIM_PORT version=3 secname=wbauthonly seclevel=authNoPriv authproto=SHA-256 auth-env=FLV3_AUTH context=win2016"
		echo "127.0.0.1 name=snmpd port=$SNMPD_PORT $v3 auth-file=$V3_DIR/auth priv-env=FLV3_PRIV"
		echo "127.0.0.1 name=wrongauth port=$SNMPD_PORT $v3 auth-file=$V3_DIR/wrong.auth priv-file=$V3_DIR/priv"
		echo "127.0.0.1 name=wrongpriv port=$SNMPD_PORT $v3 auth-file=$V3_DIR/auth priv-file=$V3_DIR/wrong.priv"
		echo "127.0.0.1 name=nouser port=$SNMPD_PORT ${v3/secname=$WB_V3_USER/secname=wbNoSuchUser} auth-file=$V3_DIR/auth priv-file=$V3_DIR/priv"
		echo "127.0.0.1 name=dead port=$(free_port) $v3 auth-file=$V3_DIR/auth priv-file=$V3_DIR/priv"
	} >"$V3_DIR/fleet.hosts"
}

teardown_file() {
	local rc=0
	stop_snmpd || rc=1
	stop_snmpsim || rc=1
	case "${V3_DIR:-}" in */wb-fleet-v3.*) rm -rf -- "$V3_DIR" ;; esac
	return $rc
}

setup() {
	require_wb
	unset WINBUILD_COMMUNITY WINBUILD_AUTH_PASSPHRASE WINBUILD_PRIV_PASSPHRASE
	export FLV3_COMMUNITY=win2019dc FLV3_AUTH=$WB_V3_AUTH_PASS FLV3_PRIV=$WB_V3_PRIV_PASS
}

# key LINE KEY: the value of KEY= on an inventory line, empty when not there.
key() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<<"$1"; }

# secret_of LINE KIND: the passphrase a line refers to with KIND-file= or KIND-env=.
secret_of() {
	local f v
	f=$(key "$1" "$2-file") v=$(key "$1" "$2-env")
	if [ -n "$f" ]; then head -n 1 "$f"; elif [ -n "$v" ]; then printf '%s\n' "${!v}"; fi
}

# single LINE ARGS: the single check of the host on an inventory line, as JSON, its passphrases
# from files as a user would give them.
single() {
	local line=$1 a p
	shift
	umask 077
	local -a opts=(-H 127.0.0.1 -p "$(key "$line" port)")
	if [ "$(key "$line" version)" = 3 ]; then
		secret_of "$line" auth >"$BATS_TEST_TMPDIR/single.auth"
		secret_of "$line" priv >"$BATS_TEST_TMPDIR/single.priv"
		opts+=(-P 3 -U "$(key "$line" secname)")
		a=$(key "$line" authproto) p=$(key "$line" privproto)
		[ -z "$(key "$line" seclevel)" ] || opts+=(-L "$(key "$line" seclevel)")
		[ -z "$a" ] || opts+=(-a "$a" --auth-passphrase-file "$BATS_TEST_TMPDIR/single.auth")
		[ -z "$p" ] || opts+=(-x "$p" --priv-passphrase-file "$BATS_TEST_TMPDIR/single.priv")
		[ -z "$(key "$line" context)" ] || opts+=(-N "$(key "$line" context)")
	else
		opts+=(-C "$FLV3_COMMUNITY")
	fi
	wb "${opts[@]}" --date "$WB_DATE" --output-format json "$@"
}

@test "v3 and v2c hosts: each record carries what the single check of that host answers" {
	local records=$BATS_TEST_TMPDIR/records.jsonl line name got want
	# the time taken aside, and snmpd's uptime, which runs (snmpsim's is a fixture's)
	local same='del(.perfdata[] | select(.label == "time" or .label == "uptime")) | del(.host.uptime_seconds)' 
	run -0 wb --hosts "$V3_DIR/fleet.hosts" --date "$WB_DATE" -t 3 --records "$records"
	[ "$(wc -l <"$records")" -eq 9 ]
	while IFS= read -r line; do
		[[ "$line" == "127.0.0.1 "* ]] || continue
		name=$(key "$line" name)
		want=$(single "$line" -t 3 | jq -c "$same")
		got=$(jq -c --arg n "$name" "select(.name == \$n) | .check | $same" "$records")
		[ -n "$got" ] || { echo "no record for $name" >&2; return 1; }
		[ "$got" = "$want" ] || { printf '%s:\nfleet:  %s\nsingle: %s\n' "$name" "$got" "$want" >&2; return 1; }
	done <"$V3_DIR/fleet.hosts"
	# what they are, so that the comparison above compares something
	[ "$(jq -r 'select(.name == "v3dc") | .check.host.build' "$records")" = 17763 ]
	[ "$(jq -r 'select(.name == "v3xp") | .check.host.build' "$records")" = 2600 ]
	[ "$(jq -r 'select(.name == "v3authonly") | .check.host.build' "$records")" = 14393 ]
	[ "$(jq -r 'select(.name == "snmpd") | .check.host.build' "$records")" = 20348 ]
	jq -r 'select(.name == "wrongauth") | .check.summary' "$records" |
		grep -qx 'SNMPv3 authentication failed at 127.0.0.1:[0-9]*: wrong authentication passphrase or protocol (-A, -a)'
	jq -r 'select(.name == "nouser") | .check.summary' "$records" |
		grep -qx "127.0.0.1:[0-9]* does not know the SNMPv3 user 'wbNoSuchUser' (-U)"
	jq -r 'select(.name == "wrongpriv") | .check.summary' "$records" |
		grep -qx 'no answer from 127.0.0.1 within 3 s over SNMP v3: .*privacy passphrase or protocol is wrong.*'
	[ "${lines[0]}" = "WINBUILD FLEET OK - 9 hosts: 1 out of support (11.1 %), 1 CRITICAL, 1 WARNING, 4 UNKNOWN" ] || { echo "${lines[0]}" >&2; return 1; }
}

# net-snmp's own probe of the engine ID would block the run for a dead host's whole budget, one
# dead host after the other: two dead hosts would take twice -t.
@test "dead v3 hosts do not hold the others nor each other: all within -t + 1 s" {
	local hosts=$BATS_TEST_TMPDIR/dead.hosts t0 ms
	{
		grep ' name=dead ' "$V3_DIR/fleet.hosts"
		grep ' name=dead ' "$V3_DIR/fleet.hosts" | sed "s/name=dead port=[0-9]*/name=dead2 port=$(free_port)/"
		grep -E ' name=(v2dc|v3dc|v3xp|snmpd) ' "$V3_DIR/fleet.hosts"
	} >"$hosts"
	t0=$(now_ms)
	run -0 wb --hosts "$hosts" --date "$WB_DATE" -t 3 --records - --records-format csv
	ms=$(($(now_ms) - t0))
	[ "$ms" -lt 4000 ] || { echo "the run took $ms ms" >&2; return 1; }
	[ "${#lines[@]}" -eq 7 ]
	for n in dead dead2; do
		printf '%s\n' "${lines[@]}" | grep -qx "$n"',127.0.0.1,,,,UNKNOWN,,,,,,,"no answer from 127.0.0.1 within 3 s over SNMP v3: the host is down, no SNMP agent answers there, or the privacy passphrase or protocol is wrong (-X, -x: agents drop what they cannot decrypt)"' ||
			{ echo "$n: not the answer expected" >&2; return 1; }
	done
	# the good ones came first, and as without the dead ones
	[[ "${lines[5]}" == dead* && "${lines[6]}" == dead* ]]
	printf '%s\n' "${lines[@]}" | grep -q '^snmpd,127.0.0.1,,,,OK,"Windows Server 2022",10.0.20348,'
	printf '%s\n' "${lines[@]}" | grep -q '^v3dc,127.0.0.1,,,,OK,"Windows Server 2019",10.0.17763,'
}

@test "one agent twice with other keys: each host is asked with its own" {
	local hosts=$BATS_TEST_TMPDIR/twice.hosts records=$BATS_TEST_TMPDIR/records.jsonl i
	for i in 1 2 3; do
		grep -E ' name=(snmpd|wrongauth) ' "$V3_DIR/fleet.hosts" | sed "s/name=\([a-z]*\)/name=\1$i/"
	done >"$hosts"
	run -0 wb --hosts "$hosts" --date "$WB_DATE" -t 3 --records "$records"
	[ "$(jq -r 'select(.name | startswith("snmpd")) | .check.state' "$records" | sort | uniq -c | tr -s ' ')" = " 3 OK" ]
	[ "$(jq -r 'select(.name | startswith("wrongauth")) | .check.summary' "$records" | sed 's/:[0-9]*:/:/' | sort -u)" = \
		"SNMPv3 authentication failed at 127.0.0.1: wrong authentication passphrase or protocol (-A, -a)" ]
}

@test "the command line's v3 settings apply where a line gives none" {
	local hosts=$BATS_TEST_TMPDIR/defaults.hosts
	printf '127.0.0.1 name=a port=%s version=3\n127.0.0.1 name=b port=%s version=3 context=winxp\n' \
		"$SNMPD_PORT" "$SNMPSIM_PORT" >"$hosts"
	export WINBUILD_AUTH_PASSPHRASE=$WB_V3_AUTH_PASS WINBUILD_PRIV_PASSPHRASE=$WB_V3_PRIV_PASS
	run -0 wb --hosts "$hosts" --date "$WB_DATE" -U "$WB_V3_USER" -a SHA-256 -x AES --records -
	[ "$(jq -r '.check.host.build' <<<"$output" | sort | tr '\n' ' ')" = "20348 2600 " ]
	# -P 3 makes every host v3; a line's version=2c wins
	printf '127.0.0.1 name=a port=%s\n127.0.0.1 name=b port=%s version=2c community-env=FLV3_COMMUNITY\n' \
		"$SNMPD_PORT" "$SNMPSIM_PORT" >"$hosts"
	run -0 wb --hosts "$hosts" --date "$WB_DATE" -P 3 -U "$WB_V3_USER" -a SHA-256 -x AES --records -
	[ "$(jq -r '.check.host.build' <<<"$output" | sort | tr '\n' ' ')" = "17763 20348 " ]
	# noAuthNoPriv: no passphrase at all, the command line's ignored
	printf '127.0.0.1 name=c port=%s version=3 secname=wbnoauth seclevel=noAuthNoPriv context=win2016\n' \
		"$SNMPSIM_PORT" >"$hosts"
	run -0 wb --hosts "$hosts" --date "$WB_DATE" --records -
	json_is '[.check.state, .check.host.build]' '["WARNING",14393]'
}

@test "v3 inventory errors name the file and the line, and nothing is asked" {
	local f=$BATS_TEST_TMPDIR/bad.hosts
	printf '127.0.0.1\n127.0.0.1 version=3 authpasswd=%s\n' "$WB_V3_AUTH_PASS" >"$f"
	run -3 wb --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:2: authpasswd= would write a secret into the inventory: give auth-file=PATH or auth-env=VARIABLE" ]
	printf '127.0.0.1 version=3 secname=u priv-passphrase=x\n' >"$f"
	run -3 wb --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: priv-passphrase= would write a secret into the inventory: give priv-file=PATH or priv-env=VARIABLE" ]
	printf '127.0.0.1 version=3 authproto=SHA-3\n' >"$f"
	run -3 wb --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: authproto=SHA-3 is not one of MD5, SHA, SHA-224, SHA-256, SHA-384, SHA-512" ]
	printf '127.0.0.1 version=3 auth-file=/a auth-env=B\n' >"$f"
	run -3 wb --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: auth-env=: the authentication passphrase is given twice" ]
	printf '127.0.0.1\n127.0.0.1 version=3\n' >"$f"
	run -3 wb --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:2: SNMPv3 needs a user: give secname=USER (or -U USER for every host)" ]
	printf '127.0.0.1 version=3 secname=u seclevel=authPriv auth-env=FLV3_AUTH\n' >"$f"
	run -3 wb --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: security level authPriv needs a privacy passphrase of at least 8 characters (priv-file=, priv-env=, or the command line's)" ]
	printf '127.0.0.1 version=3 secname=u auth-file=%s/none\n' "$BATS_TEST_TMPDIR" >"$f"
	run -3 wb --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: auth-file=$BATS_TEST_TMPDIR/none: cannot open: No such file or directory" ]
	head -c 300 /dev/zero | tr '\0' x >"$BATS_TEST_TMPDIR/long"
	printf '127.0.0.1 version=3 secname=u auth-file=%s/long\n' "$BATS_TEST_TMPDIR" >"$f"
	run -3 wb --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: auth-file=$BATS_TEST_TMPDIR/long: the first line is longer than 254 characters" ]
	printf '127.0.0.1 version=3 secname=u priv-env=WB_NOT_SET\n' >"$f"
	run -3 wb --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: priv-env=WB_NOT_SET: the variable is not set" ]
}

@test "no passphrase in the records, the summary, -v traces or the process list" {
	local records=$BATS_TEST_TMPDIR/records.jsonl s pid
	run -0 wb --hosts "$V3_DIR/fleet.hosts" --date "$WB_DATE" -t 3 --records "$records" -v
	for s in "$WB_V3_AUTH_PASS" "$WB_V3_PRIV_PASS" wbWrongAuth-8hG2 wbWrongPriv-3kD7; do
		not_in_output "$s"
		! grep -qF "$s" "$records" || { echo "$s in the records" >&2; return 1; }
	done
	# while the run waits for the dead host: its command line and environment as ps shows them
	"$WB_BIN" ${WB_CATALOG:+--catalog "$WB_CATALOG"} ${WB_UPDATES:+--updates "$WB_UPDATES"} \
		--hosts "$V3_DIR/fleet.hosts" --date "$WB_DATE" -t 3 >/dev/null 3>&- &
	pid=$!
	sleep 1
	ps -ww -o args= -p "$pid" >"$BATS_TEST_TMPDIR/ps"
	wait "$pid" || true
	grep -q -- '--hosts' "$BATS_TEST_TMPDIR/ps"
	for s in "$WB_V3_AUTH_PASS" "$WB_V3_PRIV_PASS" wbWrongAuth-8hG2 wbWrongPriv-3kD7; do
		! grep -qF "$s" "$BATS_TEST_TMPDIR/ps" || { echo "$s in ps" >&2; return 1; }
	done
}
