#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fleet mode (--hosts) with NSClient++ REST hosts: emulators of several agent generations
# (tests/emulator, verified TLS with the test CA) mixed with snmpsim hosts in one run, plus an
# agent that stalls, one that sends garbage and a dead port. Each REST host's record must be the
# single check's JSON of the same agent (time aside); the bad ones must not hold the good ones and
# must say what the single check says; the password must never show.

bats_require_minimum_version 1.5.0

WB_DATE=2026-11-22
# the SNMP hosts, COMMUNITY=FIXTURE
HOSTS="fr6003-Qa1=win2008sp2-6003 fr2019-Xc4=win2019dc"
# the REST agents: NAME GENERATION HOST-PROFILE
AGENTS="srv2008:0.16.4:win2008sp2 srv2019:0.16.4:server2019 pc11:0.11.32:win11-24h2
pc10old:0.4.4.23:win10-22h2 ltsc:0.16.4:win10-ltsc2019"

setup_file() {
	load helpers
	load ../emulator/emulator
	local a name gen profile
	SNMPSIM_ALIASES=$HOSTS start_snmpsim || return 1
	emu_setup || return 1
	for a in $AGENTS; do
		IFS=: read -r name gen profile <<<"$a"
		start_emulator "$name" --generation "$gen" --host "$EMU_HOSTS/$profile.json" \
			--user monitor || return 1
	done
	start_emulator stall --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json" \
		--fault stall --fault-route check_os_version || return 1
	start_emulator malformed --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json" \
		--fault malformed --fault-route check_os_version || return 1
	# a port no one listens on (nothing holds it: the kernel gave it and took it back)
	free_port >"$EMU_DIR/dead.port" || return 1
	# the password: in a file (mode 600) for most hosts, in the environment for one
	printf '%s\n' "$EMU_PASSWORD" >"$EMU_DIR/nscp.pw"
	chmod 600 "$EMU_DIR/nscp.pw"
	{
		echo "# REST hosts, the command line's --source being snmp"
		echo "127.0.0.1 name=srv2008 source=rest port=$(emu_port srv2008) password-file=$EMU_DIR/nscp.pw site=berlin"
		echo "127.0.0.1 name=srv2019 source=rest port=$(emu_port srv2019) user=monitor password-env=FR_NSCP"
		echo "127.0.0.1 name=pc11 source=rest port=$(emu_port pc11) password-file=$EMU_DIR/nscp.pw group=clients"
		echo "127.0.0.1 name=pc10old source=rest port=$(emu_port pc10old) password-file=$EMU_DIR/nscp.pw"
		echo "127.0.0.1 name=ltsc source=rest port=$(emu_port ltsc) password-file=$EMU_DIR/nscp.pw edition=ltsc"
	} >"$EMU_DIR/rest.hosts"
	{
		cat "$EMU_DIR/rest.hosts"
		echo "# SNMP hosts"
		echo "127.0.0.1 name=snmp6003 community-env=FR6003"
		echo "127.0.0.1 name=snmp2019 community-env=FR2019"
		echo "# bad agents"
		echo "127.0.0.1 name=stall source=rest port=$(emu_port stall) password-file=$EMU_DIR/nscp.pw"
		echo "127.0.0.1 name=malformed source=rest port=$(emu_port malformed) password-file=$EMU_DIR/nscp.pw"
		echo "127.0.0.1 name=dead source=rest port=$(cat "$EMU_DIR/dead.port") password-file=$EMU_DIR/nscp.pw"
	} >"$EMU_DIR/all.hosts"
}

teardown_file() {
	load helpers
	load ../emulator/emulator
	local rc=0
	stop_snmpsim || rc=1
	emu_teardown || rc=1
	return $rc
}

setup() {
	load helpers
	load ../emulator/emulator
	require_wb
	export FR6003=fr6003-Qa1 FR2019=fr2019-Xc4 FR_NSCP=$EMU_PASSWORD
}

# fleet ARGS: a fleet run against snmpsim and the emulators, TLS verified with the test CA
fleet() { wb -p "$SNMPSIM_PORT" --ca-file "$EMU_CERTS/ca.pem" --date "$WB_DATE" "$@"; }

# single NAME ARGS: the single check of emulator NAME (or "dead") over REST, as JSON
single() {
	local name=$1 port
	shift
	if [ "$name" = dead ]; then port=$(cat "$EMU_DIR/dead.port"); else port=$(emu_port "$name"); fi
	wb -H 127.0.0.1 --source rest --rest-port "$port" --ca-file "$EMU_CERTS/ca.pem" \
		--password-file "$EMU_DIR/nscp.pw" --date "$WB_DATE" --output-format json "$@"
}

# record FILE NAME: the check of host NAME in the records, time perfdata aside
record() {
	jq -c --arg n "$2" 'select(.name == $n) | .check | del(.perfdata[] | select(.label == "time"))' "$1"
}

no_time() { jq -c 'del(.perfdata[] | select(.label == "time"))'; }

@test "every REST host's record is the single check's JSON of the same agent" {
	local records=$BATS_TEST_TMPDIR/records.jsonl a name gen profile extra got want
	run -0 fleet --hosts "$EMU_DIR/rest.hosts" --records "$records"
	[ "$(wc -l <"$records")" -eq 5 ]
	for a in $AGENTS; do
		IFS=: read -r name gen profile <<<"$a"
		extra=()
		[ "$name" != srv2019 ] || extra=(--user monitor)
		[ "$name" != ltsc ] || extra=(--edition ltsc)
		want=$(single "$name" "${extra[@]}" | no_time)
		got=$(record "$records" "$name")
		[ -n "$got" ] || { echo "no record for $name" >&2; return 1; }
		[ "$got" = "$want" ] || { printf '%s:\nfleet:  %s\nsingle: %s\n' "$name" "$got" "$want" >&2; return 1; }
	done
	# what the records say, not only that they agree
	[ "$(jq -r 'select(.name == "srv2008") | [.site, .check.host.build, .check.host.revision] | @tsv' "$records")" = "berlin	6003	21481" ]
	[ "$(jq -r 'select(.name == "pc10old") | .check.host.agent.api' "$records")" = legacy ]
	[ "$(jq -r 'select(.name == "srv2019") | .check.host.product' "$records")" != null ]
}

@test "SNMP and REST hosts in one run; a stalled, a garbling and a dead agent hold no one, within -t + 1 s" {
	local records=$BATS_TEST_TMPDIR/records.jsonl t0 ms n want got
	t0=$(now_ms)
	run -0 fleet --hosts "$EMU_DIR/all.hosts" -t 3 --records "$records"
	ms=$(($(now_ms) - t0))
	[ "$ms" -lt 4000 ] || { echo "the run took $ms ms" >&2; return 1; }
	[ "$(wc -l <"$records")" -eq 10 ]
	# the SNMP hosts as their single checks say
	want=$(wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C "$FR2019" --date "$WB_DATE" --output-format json | no_time)
	[ "$(record "$records" snmp2019)" = "$want" ]
	[ "$(jq -r 'select(.name == "snmp6003") | .check.host.build' "$records")" = 6003 ]
	# the good REST hosts as without the bad ones
	[ "$(record "$records" pc11)" = "$(single pc11 | no_time)" ]
	# the bad ones UNKNOWN, in the single check's words
	for n in stall malformed dead; do
		[ "$(jq -r --arg n "$n" 'select(.name == $n) | .check.state' "$records")" = UNKNOWN ] ||
			{ echo "$n is not UNKNOWN" >&2; return 1; }
	done
	for n in malformed dead; do
		want=$(single "$n" -t 3 | jq -r .summary)
		got=$(jq -r --arg n "$n" 'select(.name == $n) | .check.summary' "$records")
		[ "$got" = "$want" ] || { printf '%s:\nfleet:  %s\nsingle: %s\n' "$n" "$got" "$want" >&2; return 1; }
	done
	# the single check's words for a stall its client times out (under load, its SIGALRM backstop
	# may speak first, which fleet mode does not have)
	got=$(jq -r 'select(.name == "stall") | .check.summary' "$records")
	[ "$got" = "no answer from https://127.0.0.1:$(emu_port stall) in time: the request was sent, no answer came (the whole check has 3 s)" ] ||
		{ echo "stall: $got" >&2; return 1; }
	jq -r 'select(.name == "dead") | .check.summary' "$records" |
		grep -q "^cannot connect to https://127\.0\.0\.1:[0-9]*: connection refused"
	jq -r 'select(.name == "malformed") | .check.summary' "$records" | grep -q "check_os_version"
	[[ "${lines[0]}" == "WINBUILD FLEET OK - 10 hosts: "*", 3 UNKNOWN" ]]
}

@test "one slot or many, REST and SNMP alike: the same records" {
	local one=$BATS_TEST_TMPDIR/one.jsonl many=$BATS_TEST_TMPDIR/many.jsonl
	fleet --hosts "$EMU_DIR/all.hosts" -t 3 --parallel 1 --records "$one" >/dev/null || true
	fleet --hosts "$EMU_DIR/all.hosts" -t 3 --parallel 3 --records "$many" >/dev/null || true
	[ "$(wc -l <"$one")" -eq 10 ]
	diff <(jq -c 'del(.check.perfdata[] | select(.label == "time"))' "$one" | sort) \
		<(jq -c 'del(.check.perfdata[] | select(.label == "time"))' "$many" | sort)
}

@test "policy=NAME on a REST host: its [policy:] section, as --policy-section gives the single check" {
	local records=$BATS_TEST_TMPDIR/records.jsonl hosts=$BATS_TEST_TMPDIR/p.hosts policy=$BATS_TEST_TMPDIR/p.policy
	printf '[policy:strict]\nsupport = mainstream\n' >"$policy"
	{
		echo "127.0.0.1 name=plain source=rest port=$(emu_port srv2019) user=monitor password-env=FR_NSCP"
		echo "127.0.0.1 name=strict source=rest port=$(emu_port srv2019) user=monitor password-env=FR_NSCP policy=strict"
	} >"$hosts"
	run -0 fleet --hosts "$hosts" --policy "$policy" --records "$records"
	[ "$(record "$records" plain)" = "$(single srv2019 --user monitor --policy "$policy" | no_time)" ]
	[ "$(record "$records" strict)" = "$(single srv2019 --user monitor --policy "$policy" --policy-section strict | no_time)" ]
	# and the section made a difference: mainstream support of Server 2019 ended in 2024
	[ "$(record "$records" plain | jq -r .state)" != CRITICAL ]
	[ "$(record "$records" strict | jq -r .state)" = CRITICAL ]
}

@test "--source rest: hosts without source= are REST hosts; the command line's password and user" {
	local records=$BATS_TEST_TMPDIR/records.jsonl hosts=$BATS_TEST_TMPDIR/rest.hosts
	{
		echo "127.0.0.1 name=srv2008 port=$(emu_port srv2008)"
		echo "127.0.0.1 name=snmp2019 source=snmp port=$SNMPSIM_PORT community-env=FR2019"
	} >"$hosts"
	run -0 fleet --hosts "$hosts" --source rest --password-file "$EMU_DIR/nscp.pw" \
		--user monitor --records "$records"
	[ "$(record "$records" srv2008)" = "$(single srv2008 --user monitor | no_time)" ]
	[ "$(jq -r 'select(.name == "snmp2019") | .check.host.product' "$records")" != null ]
	# no password: the agent refuses, and the record says so
	run -0 fleet --hosts "$hosts" --source rest --records "$records"
	[ "$(jq -r 'select(.name == "srv2008") | .check.state' "$records")" = UNKNOWN ]
	[ "$(record "$records" srv2008 | jq -r .summary)" = "$(wb -H 127.0.0.1 --source rest \
		--rest-port "$(emu_port srv2008)" --ca-file "$EMU_CERTS/ca.pem" --output-format json | jq -r .summary)" ]
}

@test "--deadline: REST hosts in flight end with it, saying so" {
	local records=$BATS_TEST_TMPDIR/records.jsonl hosts=$BATS_TEST_TMPDIR/deadline.hosts t0 ms
	{
		echo "127.0.0.1 name=stall1 source=rest port=$(emu_port stall) password-file=$EMU_DIR/nscp.pw"
		echo "127.0.0.1 name=stall2 source=rest port=$(emu_port stall) password-file=$EMU_DIR/nscp.pw"
		echo "127.0.0.1 name=pc11 source=rest port=$(emu_port pc11) password-file=$EMU_DIR/nscp.pw"
	} >"$hosts"
	t0=$(now_ms)
	run -0 fleet --hosts "$hosts" -t 10 --deadline 2 --parallel 3 --records "$records"
	ms=$(($(now_ms) - t0))
	[ "$ms" -lt 3000 ] || { echo "the run took $ms ms" >&2; return 1; }
	jq -r 'select(.name == "stall1") | .check.summary' "$records" |
		grep -q "in time: the request was sent, no answer came (before the fleet run's --deadline of 2 s)$"
	# the good host in a slot of its own is read
	[ "$(record "$records" pc11)" = "$(single pc11 | no_time)" ]
}

@test "the password shows nowhere: records, summary, -v, the process list" {
	local records=$BATS_TEST_TMPDIR/records.jsonl ps_out=$BATS_TEST_TMPDIR/ps pid
	fleet --hosts "$EMU_DIR/all.hosts" -t 3 --records "$records" -vvv >"$BATS_TEST_TMPDIR/out" 2>&1 &
	pid=$!
	sleep 1
	# the plugin's processes (the emulators have the password on their command lines)
	ps -eo args | grep -F -- "--hosts $EMU_DIR/all.hosts" >"$ps_out" || true
	wait "$pid" || true
	[ -s "$ps_out" ] || { echo "the run was not seen in ps" >&2; return 1; }
	! grep -qF "$EMU_PASSWORD" "$ps_out" || { echo "in ps" >&2; return 1; }
	! grep -qF "$EMU_PASSWORD" "$records" || { echo "in the records" >&2; return 1; }
	! grep -qF "$EMU_PASSWORD" "$BATS_TEST_TMPDIR/out" || { echo "in the output" >&2; return 1; }
	grep -q "^WINBUILD FLEET" "$BATS_TEST_TMPDIR/out"
}

@test "inventory errors for REST hosts name the file and the line, and nothing is asked" {
	local f=$BATS_TEST_TMPDIR/bad.hosts
	echo "127.0.0.1 source=rest password=$EMU_PASSWORD" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: password= would write a secret into the inventory: give password-file=PATH or password-env=VARIABLE" ]
	not_in_output "$EMU_PASSWORD"
	echo "127.0.0.1 source=rest community-env=FR2019" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: community-env= goes with SNMP hosts, and this one is source=rest" ]
	echo "127.0.0.1 password-env=FR_NSCP" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: password-env= goes with REST hosts, and this one is asked over SNMP (--source)" ]
	echo "127.0.0.1 source=rest password-env=FR_NOT_SET" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: password-env=FR_NOT_SET: the variable is not set" ]
	echo "127.0.0.1 source=rest password-file=$BATS_TEST_TMPDIR/none" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: password-file=$BATS_TEST_TMPDIR/none: cannot open: No such file or directory" ]
	echo "127.0.0.1 source=rest user=monitor" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: user=monitor needs a password: password-file=, password-env= or the command line's" ]
	echo "127.0.0.1 source=nt" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: source=nt is not snmp, rest or nrpe (fleet mode asks no other source)" ]
	run -3 fleet --hosts "$f" --source rest,nrpe
	[ "$output" = "WINBUILD UNKNOWN - --hosts: fleet mode asks each host over SNMP or NSClient++'s REST API or NRPE (--source snmp, rest or nrpe, and source= in the inventory)" ]
}
