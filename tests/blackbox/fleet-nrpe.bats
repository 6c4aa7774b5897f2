#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fleet mode (--hosts) with NSClient++ hosts over NRPE: the NRPE side of the emulator
# (tests/emulator/nrpe_emulator.py) in several generations, over verified TLS with the test CA
# and over plain TCP beside Debian's nrpe daemon, mixed with REST emulators and snmpsim hosts in
# one run, plus an agent that accepts and never answers, one that sends a packet with a bad CRC
# and a dead port. Each NRPE host's record must be the single check's JSON (--source nrpe) of the
# same agent, time aside; the bad ones must not hold the good ones and must say what the single
# check says.

bats_require_minimum_version 1.5.0

WB_DATE=2026-11-22
NRPE_BIN=/usr/sbin/nrpe
# the SNMP host, COMMUNITY=FIXTURE
HOSTS="fn2019-Xc4=win2019dc"
# the NRPE agents over TLS: NAME GENERATION HOST-PROFILE ARGUMENTS(allow|refuse)
TLS_AGENTS="n2008:0.16.4:win2008sp2:allow n2019:0.9.15:server2019:allow
n05:0.5.2.35:win10-22h2:allow n04:0.4.4.23:win2008sp2:refuse"
# the NRPE agents over plain TCP; "rollups": Server 2019 with 103 hotfixes, whose list (over
# 2,000 bytes) comes in v2 continuation packets
PLAIN_AGENTS="p016:0.16.4:win11-24h2:allow p05:0.5.2.35:rollups:allow"

setup_file() {
	load helpers
	load ../emulator/emulator
	local a name gen profile args extra d port pid deadline
	SNMPSIM_ALIASES=$HOSTS start_snmpsim || return 1
	emu_setup || return 1
	# Debian's nrpe drops to the nagios user, which must reach its script
	chmod 755 "$EMU_DIR"
	start_emulator rest2019 --generation 0.16.4 --host "$EMU_HOSTS/server2019.json" || return 1
	for a in $TLS_AGENTS; do
		IFS=: read -r name gen profile args <<<"$a"
		extra=()
		[ "$args" = refuse ] || extra=(--allow-arguments)
		start_nrpe_emulator "$name" --generation "$gen" --host "$EMU_HOSTS/$profile.json" \
			--tls cert --cert "$EMU_CERTS/server.pem" --key "$EMU_CERTS/server.key" \
			"${extra[@]}" || return 1
	done
	# every monthly update of build 17763 up to revision 7009 that the update history lists,
	# as nrpe.bats builds it
	awk -F' [|] ' '$1 == "update" && $2 == "17763" && $7 == "security" && $4 <= 7009 {
		split($6, d, "-")
		printf "[\"%s\", \"%d/%d/%s\", \"Security Update\"]\n", $5, d[2], d[3], d[1] }' \
		"$WB_TOP/data/windows-updates.data" | jq -s '.' >"$EMU_DIR/updates.json"
	jq --slurpfile r "$EMU_DIR/updates.json" '.hotfixes = $r[0]' \
		"$EMU_HOSTS/server2019.json" >"$EMU_DIR/rollups.json"
	for a in $PLAIN_AGENTS; do
		IFS=: read -r name gen profile args <<<"$a"
		[ "$profile" = rollups ] && profile=$EMU_DIR/rollups.json || profile=$EMU_HOSTS/$profile.json
		start_nrpe_emulator "$name" --generation "$gen" --host "$profile" \
			--allow-arguments || return 1
	done
	for f in stall crc; do
		start_nrpe_emulator "$f" --generation 0.16.4 --fault "$f" --tls cert \
			--cert "$EMU_CERTS/server.pem" --key "$EMU_CERTS/server.key" || return 1
		start_nrpe_emulator "plain-$f" --generation 0.16.4 --fault "$f" || return 1
	done
	# Debian's nrpe, plain (-n), whose check_os_version prints 0.4's answer on 2008 SP2
	d=$EMU_DIR/debian
	mkdir -p "$d"
	port=$(free_port) || return 1
	printf '#!/bin/sh\nprintf "%%s\\n" "%s"\n' "OK: Windows 2008 (6.0.6003)|'version'=60;50;50" \
		>"$d/os_version.sh"
	chmod 755 "$d" "$d/os_version.sh"
	nrpe_config "$port" "$d/os_version.sh" >"$d/nrpe.cfg"
	"$NRPE_BIN" -c "$d/nrpe.cfg" -f -n </dev/null >"$d/stdout" 2>"$d/stderr" 3>&- &
	pid=$!
	echo "$pid" >"$d/nrpe.pid"
	echo "$port" >"$d/port"
	deadline=$(($(now_ms) + 10000))
	until (exec 9<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		if ! _wb_alive "$pid" nrpe || [ "$(now_ms)" -gt "$deadline" ]; then
			echo "Debian's nrpe: not listening" >&2
			cat "$d/stderr" >&2
			return 1
		fi
		sleep 0.02
	done
	free_port >"$EMU_DIR/dead.port" || return 1
	printf '%s\n' "$EMU_PASSWORD" >"$EMU_DIR/nscp.pw"
	chmod 600 "$EMU_DIR/nscp.pw"
	{
		echo "# NRPE hosts over TLS, the command line's --source being snmp"
		for a in $TLS_AGENTS; do
			IFS=: read -r name gen profile args <<<"$a"
			echo "127.0.0.1 name=$name source=nrpe port=$(emu_port "$name") site=berlin"
		done
	} >"$EMU_DIR/tls.hosts"
	{
		cat "$EMU_DIR/tls.hosts"
		echo "127.0.0.1 name=rest2019 source=rest port=$(emu_port rest2019) password-file=$EMU_DIR/nscp.pw"
		echo "127.0.0.1 name=snmp2019 community-env=FN2019"
		echo "# bad agents"
		echo "127.0.0.1 name=stall source=nrpe port=$(emu_port stall)"
		echo "127.0.0.1 name=crc source=nrpe port=$(emu_port crc)"
		echo "127.0.0.1 name=dead source=nrpe port=$(cat "$EMU_DIR/dead.port")"
	} >"$EMU_DIR/all.hosts"
	{
		echo "# --source nrpe: hosts without source= are NRPE hosts"
		for a in $PLAIN_AGENTS; do
			IFS=: read -r name gen profile args <<<"$a"
			echo "127.0.0.1 name=$name port=$(emu_port "$name")"
		done
		echo "127.0.0.1 name=debian port=$(cat "$d/port") group=linux"
		echo "127.0.0.1 name=snmp2019 source=snmp port=$SNMPSIM_PORT community-env=FN2019"
		echo "127.0.0.1 name=plain-stall port=$(emu_port plain-stall)"
		echo "127.0.0.1 name=plain-crc port=$(emu_port plain-crc)"
		echo "127.0.0.1 name=dead port=$(cat "$EMU_DIR/dead.port")"
	} >"$EMU_DIR/plain.hosts"
}

teardown_file() {
	load helpers
	load ../emulator/emulator
	local rc=0
	if [ -f "$EMU_DIR/debian/nrpe.pid" ]; then
		_wb_kill "$(cat "$EMU_DIR/debian/nrpe.pid")" "$EMU_DIR" || rc=1
	fi
	stop_snmpsim || rc=1
	emu_teardown || rc=1
	return $rc
}

setup() {
	load helpers
	load ../emulator/emulator
	require_wb
	export FN2019=fn2019-Xc4
}

# fleet ARGS: a fleet run against snmpsim and the emulators, TLS verified with the test CA
fleet() {
	wb -p "$SNMPSIM_PORT" --ca-file "$EMU_CERTS/ca.pem" --nrpe-tls cert --date "$WB_DATE" "$@"
}

# port NAME: the NRPE port of emulator NAME, Debian's nrpe ("debian") or the dead one ("dead")
port() {
	case $1 in
	dead) cat "$EMU_DIR/dead.port" ;;
	debian) cat "$EMU_DIR/debian/port" ;;
	*) emu_port "$1" ;;
	esac
}

# single NAME ARGS: the single check of NAME over NRPE (verified TLS unless ARGS say otherwise),
# as JSON
single() {
	local name=$1
	shift
	wb -H 127.0.0.1 --source nrpe --nrpe-port "$(port "$name")" --ca-file "$EMU_CERTS/ca.pem" \
		--nrpe-tls cert --date "$WB_DATE" --output-format json "$@"
}

# record FILE NAME: the check of host NAME in the records, time perfdata aside
record() {
	jq -c --arg n "$2" 'select(.name == $n) | .check | del(.perfdata[] | select(.label == "time"))' "$1"
}

no_time() { jq -c 'del(.perfdata[] | select(.label == "time"))'; }

# same FILE NAME ARGS: NAME's record in FILE is its single check's JSON (ARGS added)
same() {
	local file=$1 name=$2 got want
	shift 2
	got=$(record "$file" "$name")
	want=$(single "$name" "$@" | no_time)
	[ -n "$got" ] || { echo "no record for $name" >&2; return 1; }
	[ "$got" = "$want" ] || { printf '%s:\nfleet:  %s\nsingle: %s\n' "$name" "$got" "$want" >&2; return 1; }
}

@test "every NRPE host's record over verified TLS is the single check's JSON of the same agent" {
	local records=$BATS_TEST_TMPDIR/records.jsonl a name gen profile args
	run -0 fleet --hosts "$EMU_DIR/tls.hosts" --records "$records"
	[ "$(wc -l <"$records")" -eq 4 ]
	for a in $TLS_AGENTS; do
		IFS=: read -r name gen profile args <<<"$a"
		same "$records" "$name" || return 1
	done
	# what the records say, not only that they agree
	[ "$(jq -r 'select(.name == "n2008") | [.site, .check.host.build, .check.host.revision, .check.host.agent.api, .check.host.agent.tls_verified] | @tsv' "$records")" = "berlin	6003	21481	nrpe	true" ]
	[ "$(jq -r 'select(.name == "n05") | .check.host.agent.version' "$records")" = 0.5.2.35 ]
	[ "$(jq -r 'select(.name == "n2019") | .check.host.product' "$records")" != null ]
	# arguments refused: check_os_version alone, and the note on how to allow them
	record "$records" n04 | grep -q "set 'allow arguments = true'"
}

@test "NRPE, REST and SNMP hosts in one run; a stalled, a garbling and a dead agent hold no one, within -t + 1 s" {
	local records=$BATS_TEST_TMPDIR/records.jsonl t0 ms n want got
	t0=$(now_ms)
	run -0 fleet --hosts "$EMU_DIR/all.hosts" -t 3 --records "$records"
	ms=$(($(now_ms) - t0))
	[ "$ms" -lt 4000 ] || { echo "the run took $ms ms" >&2; return 1; }
	[ "$(wc -l <"$records")" -eq 9 ]
	# the good NRPE hosts as their single checks say
	for n in n2008 n2019 n05 n04; do
		same "$records" "$n" || return 1
	done
	# the REST and SNMP hosts as theirs
	want=$(wb -H 127.0.0.1 --source rest --rest-port "$(emu_port rest2019)" --ca-file "$EMU_CERTS/ca.pem" \
		--password-file "$EMU_DIR/nscp.pw" --date "$WB_DATE" --output-format json | no_time)
	[ "$(record "$records" rest2019)" = "$want" ]
	want=$(wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C "$FN2019" --date "$WB_DATE" --output-format json | no_time)
	[ "$(record "$records" snmp2019)" = "$want" ]
	# the bad ones UNKNOWN, in the single check's words
	for n in stall crc dead; do
		[ "$(jq -r --arg n "$n" 'select(.name == $n) | .check.state' "$records")" = UNKNOWN ] ||
			{ echo "$n is not UNKNOWN" >&2; return 1; }
	done
	for n in crc dead; do
		want=$(single "$n" -t 3 | jq -r .summary)
		got=$(jq -r --arg n "$n" 'select(.name == $n) | .check.summary' "$records")
		[ "$got" = "$want" ] || { printf '%s:\nfleet:  %s\nsingle: %s\n' "$n" "$got" "$want" >&2; return 1; }
	done
	got=$(jq -r 'select(.name == "stall") | .check.summary' "$records")
	[ "$got" = "no answer from nrpe://127.0.0.1:$(emu_port stall) in time: stopped waiting for the answer (the whole check has 3 s)" ] ||
		{ echo "stall: $got" >&2; return 1; }
	jq -r 'select(.name == "dead") | .check.summary' "$records" |
		grep -q "^cannot connect to nrpe://127\.0\.0\.1:[0-9]*: Connection refused"
	jq -r 'select(.name == "crc") | .check.summary' "$records" | grep -q "sent an NRPE packet whose CRC-32 is"
	[[ "${lines[0]}" == "WINBUILD FLEET OK - 9 hosts: "*", 3 UNKNOWN" ]]
}

@test "--source nrpe over plain TCP: emulators, Debian's nrpe, v2 continuation packets, bad agents" {
	local records=$BATS_TEST_TMPDIR/records.jsonl n t0 ms got want
	t0=$(now_ms)
	run -0 wb -p "$SNMPSIM_PORT" --hosts "$EMU_DIR/plain.hosts" --source nrpe --nrpe-tls none \
		--date "$WB_DATE" -t 3 --records "$records"
	ms=$(($(now_ms) - t0))
	[ "$ms" -lt 4000 ] || { echo "the run took $ms ms" >&2; return 1; }
	[ "$(wc -l <"$records")" -eq 7 ]
	for n in p016 p05 debian plain-crc dead; do
		same "$records" "$n" --nrpe-tls none -t 3 || return 1
	done
	# Debian's nrpe is not NSClient++: check_os_version alone, as the single check says
	[ "$(jq -r 'select(.name == "debian") | [.group, .check.host.build] | @tsv' "$records")" = "linux	6003" ]
	# 0.5 reads only v2: its hotfix list over 1023 bytes came in continuation packets, whole
	[ "$(jq -r 'select(.name == "p05") | [.check.host.revision, (.check.host.hotfixes | length), .check.host.hotfixes_capped] | @tsv' "$records")" = "7009	103	false" ]
	got=$(jq -r 'select(.name == "plain-stall") | .check.summary' "$records")
	[[ "$got" == "no answer from nrpe://127.0.0.1:$(emu_port plain-stall) in time: stopped waiting for the answer"* ]] ||
		{ echo "stall: $got" >&2; return 1; }
	[ "$(jq -r 'select(.name == "snmp2019") | .check.host.build' "$records")" = 17763 ]
}

@test "one slot or many, NRPE, REST and SNMP alike: the same records" {
	local one=$BATS_TEST_TMPDIR/one.jsonl many=$BATS_TEST_TMPDIR/many.jsonl
	fleet --hosts "$EMU_DIR/all.hosts" -t 3 --parallel 1 --records "$one" >/dev/null || true
	fleet --hosts "$EMU_DIR/all.hosts" -t 3 --parallel 4 --records "$many" >/dev/null || true
	[ "$(wc -l <"$one")" -eq 9 ]
	diff <(jq -c 'del(.check.perfdata[] | select(.label == "time"))' "$one" | sort) \
		<(jq -c 'del(.check.perfdata[] | select(.label == "time"))' "$many" | sort)
}

@test "--deadline: NRPE hosts in flight end with it, saying so; a good one in its own slot is read" {
	local records=$BATS_TEST_TMPDIR/records.jsonl hosts=$BATS_TEST_TMPDIR/deadline.hosts t0 ms
	{
		echo "127.0.0.1 name=stall1 source=nrpe port=$(emu_port stall)"
		echo "127.0.0.1 name=stall2 source=nrpe port=$(emu_port stall)"
		echo "127.0.0.1 name=n2008 source=nrpe port=$(emu_port n2008)"
	} >"$hosts"
	t0=$(now_ms)
	run -0 fleet --hosts "$hosts" -t 10 --deadline 2 --parallel 3 --records "$records"
	ms=$(($(now_ms) - t0))
	[ "$ms" -lt 3000 ] || { echo "the run took $ms ms" >&2; return 1; }
	jq -r 'select(.name == "stall1") | .check.summary' "$records" |
		grep -q "in time: stopped waiting for the answer (before the fleet run's --deadline of 2 s)$"
	same "$records" n2008
}

@test "inventory and option errors for NRPE hosts name what is wrong, and nothing is asked" {
	local f=$BATS_TEST_TMPDIR/bad.hosts
	echo "127.0.0.1 source=nrpe community-env=FN2019" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: community-env= goes with SNMP hosts, and this one is source=nrpe" ]
	echo "127.0.0.1 source=nrpe password-file=/x" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: password-file= goes with REST hosts, and this one is source=nrpe" ]
	echo "127.0.0.1 user=monitor" >"$f"
	run -3 fleet --hosts "$f" --source nrpe
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: user= goes with REST hosts, and this one is asked over NRPE (--source)" ]
	echo "udp:127.0.0.1:161 source=nrpe" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: udp:127.0.0.1:161: an NRPE host is a host name or address, not a net-snmp transport" ]
	echo "127.0.0.1 source=nt" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: source=nt is not snmp, rest or nrpe (fleet mode asks no other source)" ]
	echo "127.0.0.1 source=nrpe" >"$f"
	run -3 wb --hosts "$f" --nrpe-tls adh --nrpe-cert "$EMU_CERTS/client.pem"
	[ "$output" = "WINBUILD UNKNOWN - --nrpe-cert needs --nrpe-tls cert: anonymous and plain connections carry no certificate" ]
	run -3 wb --hosts "$f" --source nt
	[ "$output" = "WINBUILD UNKNOWN - --hosts: fleet mode asks each host over SNMP or NSClient++'s REST API or NRPE (--source snmp, rest or nrpe, and source= in the inventory)" ]
}
