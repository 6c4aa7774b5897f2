#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Fleet mode (--hosts): an inventory of the simulated hosts (snmpsim, one community per host, the
# communities secret: from files and the environment) mixed with a slow, a dead and a garbling
# agent (tests/faults/snmp_peer.py). Each host's record must carry the verdict a single check of
# that host gives; the bad agents must not hold the good ones; the summary's thresholds apply to
# the share of hosts out of support.

bats_require_minimum_version 1.5.0

load helpers

WB_DATE=2026-11-22

# The simulated hosts: COMMUNITY=FIXTURE, the communities as an estate's would be, secret.
HOSTS="fl6002-Zq8=win2008sp2-6002 fl6003-Jr4=win2008sp2-6003 fl2019-Wk2=win2019dc
fl11-Pb7=win11-24h2 flxp-Hn5=winxp fl2022-Ts3=win2022 fl10-Lm9=win10-22h2 fl2016-Ev6=win2016"

# start_fault NAME ARGS: snmp_peer.py on a free port; its port in $FLEET_DIR/NAME.port.
start_fault() {
	local name=$1 deadline pid
	shift
	"$WB_PYTHON" "$WB_TOP/tests/faults/snmp_peer.py" --ready-file "$FLEET_DIR/$name.port" \
		--lifetime 600 "$@" </dev/null >"$FLEET_DIR/$name.log" 2>&1 3>&- &
	pid=$!
	echo "$pid" >"$FLEET_DIR/$name.pid"
	deadline=$(($(now_ms) + 10000))
	until [ -s "$FLEET_DIR/$name.port" ]; do
		_wb_alive "$pid" snmp_peer.py && [ "$(now_ms)" -lt "$deadline" ] || {
			echo "start_fault $name: not ready" >&2
			cat "$FLEET_DIR/$name.log" >&2
			return 1
		}
		sleep 0.02
	done
}

fault_port() { cat "$FLEET_DIR/$1.port"; }

setup_file() {
	SNMPSIM_ALIASES=$HOSTS start_snmpsim || return 1
	FLEET_DIR=$(mktemp -d "${WB_AGENT_TMP:-/tmp}/wb-fleet.XXXXXX")
	export FLEET_DIR
	start_fault slow --mode normal --delay 1.2
	start_fault late --mode normal --delay 5
	start_fault garbage --mode garbage
	# the 2019 DC's community in a file, mode 600; the Windows 11 one in the environment
	printf 'fl2019-Wk2\n' >"$FLEET_DIR/dc.community"
	chmod 600 "$FLEET_DIR/dc.community"
	{
		echo "# the simulated estate"
		echo "127.0.0.1 name=srv6002 community-env=FL6002 site=berlin owner=ops group=legacy"
		echo "127.0.0.1 name=srv6003 community-env=FL6003 site=berlin group=legacy"
		echo "127.0.0.1 name=dc2019 community-file=$FLEET_DIR/dc.community site=paris group=dc"
		echo "127.0.0.1 name=pc11 community-env=FL11 group=clients"
		echo "127.0.0.1 name=pcxp community-env=FLXP group=clients # the museum"
		echo "127.0.0.1 name=srv2022 community-env=FL2022 site=paris"
		echo "127.0.0.1 name=pc10 community-env=FL10 group=clients edition=enterprise"
		echo "127.0.0.1 name=srv2016 community-env=FL2016 version=1"
	} >"$FLEET_DIR/good.hosts"
	{
		cat "$FLEET_DIR/good.hosts"
		echo "127.0.0.1 name=slow port=$(fault_port slow) community-env=FL2019"
		echo "127.0.0.1 name=late port=$(fault_port late) community-env=FL2019"
		echo "127.0.0.1 name=garbage port=$(fault_port garbage) community-env=FL2019"
		echo "127.0.0.1 name=dead port=$(free_port) community-env=FL2019"
	} >"$FLEET_DIR/all.hosts"
}

teardown_file() {
	local f rc=0
	for f in "$FLEET_DIR"/*.pid; do
		[ -f "$f" ] || continue
		_wb_kill "$(cat "$f")" snmp_peer.py || rc=1
	done
	stop_snmpsim || rc=1
	case "${FLEET_DIR:-}" in */wb-fleet.*) rm -rf -- "$FLEET_DIR" ;; esac
	return $rc
}

setup() {
	require_wb
	export FL6002=fl6002-Zq8 FL6003=fl6003-Jr4 FL11=fl11-Pb7 FLXP=flxp-Hn5 FL2022=fl2022-Ts3
	export FL10=fl10-Lm9 FL2016=fl2016-Ev6 FL2019=fl2019-Wk2
}

# fleet ARGS: a fleet run against snmpsim on the README's date.
fleet() { wb -p "$SNMPSIM_PORT" --date "$WB_DATE" "$@"; }

# single NAME ARGS: the one-host check of the inventory line named NAME, as JSON.
single() {
	local line=$1 community
	shift
	community=$(sed -n "s/.*community-env=\([A-Z0-9]*\).*/\1/p" <<<"$line")
	[ -n "$community" ] && community=${!community} || community=fl2019-Wk2
	wb -H 127.0.0.1 -p "$SNMPSIM_PORT" -C "$community" --date "$WB_DATE" \
		--output-format json "$@"
}

@test "every host's record carries the verdict its single check gives" {
	local records=$BATS_TEST_TMPDIR/records.jsonl line name v got want
	run -0 fleet --hosts "$FLEET_DIR/good.hosts" --records "$records"
	[ "$(wc -l <"$records")" -eq 8 ]
	while IFS= read -r line; do
		[[ "$line" == "127.0.0.1 "* ]] || continue
		name=$(sed -n 's/.*name=\([a-z0-9]*\).*/\1/p' <<<"$line")
		v=()
		[[ "$line" != *version=1* ]] || v=(-P 1)
		[[ "$line" != *edition=enterprise* ]] || v+=(--edition enterprise)
		want=$(single "$line" "${v[@]}" | jq -c 'del(.perfdata[] | select(.label == "time"))')
		got=$(jq -c --arg n "$name" 'select(.name == $n) | .check | del(.perfdata[] | select(.label == "time"))' "$records")
		[ -n "$got" ] || { echo "no record for $name" >&2; return 1; }
		[ "$got" = "$want" ] || { printf '%s:\nfleet:  %s\nsingle: %s\n' "$name" "$got" "$want" >&2; return 1; }
	done <"$FLEET_DIR/good.hosts"
	# the labels, and the line each host came from
	[ "$(jq -c 'select(.name == "srv6002") | [.site, .owner, .group, .line]' "$records")" = '["berlin","ops","legacy",2]' ]
	[ "$(jq -c 'select(.name == "pcxp") | [.site, .group]' "$records")" = '[null,"clients"]' ]
}

@test "policy=NAME: a host's own [policy:] section, as --policy-section gives the single check" {
	local records=$BATS_TEST_TMPDIR/records.jsonl policy=$BATS_TEST_TMPDIR/p.policy
	printf '[policy:dc]\nsupport = mainstream\n[default]\nwarning = 800:\n' >"$policy"
	{
		echo "127.0.0.1 name=plain community-env=FL2019"
		echo "127.0.0.1 name=named community-env=FL2019 policy=dc"
	} >"$BATS_TEST_TMPDIR/p.hosts"
	run -0 fleet --hosts "$BATS_TEST_TMPDIR/p.hosts" --policy "$policy" --records "$records"
	[ "$(jq -r 'select(.name == "plain") | .check.state' "$records")" = WARNING ]
	[ "$(jq -r 'select(.name == "named") | .check.state' "$records")" = CRITICAL ]
	for v in "plain" "named --policy-section dc"; do
		set -- $v
		want=$(single "community-env=FL2019" --policy "$policy" "${@:2}" | jq -c 'del(.perfdata[] | select(.label == "time"))')
		got=$(jq -c --arg n "$1" 'select(.name == $n) | .check | del(.perfdata[] | select(.label == "time"))' "$records")
		[ "$got" = "$want" ] || { printf '%s:\nfleet:  %s\nsingle: %s\n' "$1" "$got" "$want" >&2; return 1; }
	done
	# a name the policy file lacks stops the run before any host is asked
	echo "127.0.0.1 name=typo community-env=FL2019 policy=dcs" >>"$BATS_TEST_TMPDIR/p.hosts"
	run -3 fleet --hosts "$BATS_TEST_TMPDIR/p.hosts" --policy "$policy" --records "$records"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $BATS_TEST_TMPDIR/p.hosts:3: policy=dcs: the policy file $policy has no [policy:dcs] section" ]
	run -3 fleet --hosts "$BATS_TEST_TMPDIR/p.hosts"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $BATS_TEST_TMPDIR/p.hosts:2: policy=dc: no --policy FILE given: the built-in policy has no [policy:dc] section" ]
}

@test "the summary: states, support, products and the soonest ends, with perfdata" {
	run -0 fleet --hosts "$FLEET_DIR/good.hosts"
	[ "${lines[0]}" = "WINBUILD FLEET OK - 8 hosts: 5 out of support (62.5 %), 5 CRITICAL, 1 WARNING, 0 UNKNOWN" ]
	[ "${lines[1]}" = '\_ states: 2 OK, 1 WARNING, 5 CRITICAL, 0 UNKNOWN' ]
	[ "${lines[2]}" = '\_ support: 5 ended, 0 in mainstream, 3 in extended, 0 in ESU, 0 in ESU on Azure' ]
	output_matches '^\\_ products: .*Windows Server 2008 SP2 \(2\)'
	[ "${lines[4]}" = '\_ soonest end: srv2016, Windows Server 2016, 2027-01-12 (51 days left)' ]
	[ "${lines[5]}" = '\_ soonest end: dc2019, Windows Server 2019, 2029-01-09 (779 days left)' ]
	[ "${lines[6]}" = '\_ soonest end: srv2022, Windows Server 2022, 2031-10-14 (1787 days left)' ]
	output_matches "^\| 'hosts'=8;;;0; 'ok'=2;;;0; 'warning'=1;;;0; 'critical'=5;;;0; 'unknown'=0;;;0; 'out_of_support'=62.5%;;;0;100 'time'=[0-9.]+s;;;;$"
}

@test "-w and -c apply to the share of hosts out of support" {
	run -0 fleet --hosts "$FLEET_DIR/good.hosts" -w 70 -c 90
	[[ "${lines[0]}" == "WINBUILD FLEET OK - 8 hosts: 5 out of support (62.5 %)"* ]]
	run -1 fleet --hosts "$FLEET_DIR/good.hosts" -w 50 -c 90
	[[ "${lines[0]}" == "WINBUILD FLEET WARNING - "* ]]
	output_matches "'out_of_support'=62\.5%;50;90;0;100"
	run -2 fleet --hosts "$FLEET_DIR/good.hosts" -w 10 -c 60
	[[ "${lines[0]}" == "WINBUILD FLEET CRITICAL - "* ]]
	run -3 fleet --hosts "$FLEET_DIR/good.hosts" -w ten
	[[ "${lines[0]}" == "WINBUILD UNKNOWN - -w: "* ]]
}

@test "slow, late, garbling and dead agents do not hold the others: all within -t + 1 s" {
	local records=$BATS_TEST_TMPDIR/records.jsonl t0 ms
	t0=$(now_ms)
	run -0 fleet --hosts "$FLEET_DIR/all.hosts" -t 3 --records "$records"
	ms=$(($(now_ms) - t0))
	[ "$ms" -lt 4000 ] || { echo "the run took $ms ms" >&2; return 1; }
	[ "$(wc -l <"$records")" -eq 12 ]
	# the good hosts as in the run without the bad ones
	[ "$(jq -r 'select(.name == "dc2019") | .check.state' "$records")" = OK ]
	[ "$(jq -r 'select(.name == "srv6002") | .check.state' "$records")" = CRITICAL ]
	# a slow agent answering within -t is read
	[ "$(jq -r 'select(.name == "slow") | .check.state' "$records")" = OK ]
	for n in late garbage dead; do
		[ "$(jq -r --arg n "$n" 'select(.name == $n) | .check.state' "$records")" = UNKNOWN ] ||
			{ echo "$n is not UNKNOWN" >&2; return 1; }
		jq -r --arg n "$n" 'select(.name == $n) | .check.summary' "$records" |
			grep -qx 'no answer from 127\.0\.0\.1 within 3 s over SNMP v2c: the host is down, no SNMP agent answers there, or the community is wrong (agents ignore a wrong community)'
	done
	[[ "${lines[0]}" == "WINBUILD FLEET OK - 12 hosts: 5 out of support (41.7 %), 5 CRITICAL, 1 WARNING, 3 UNKNOWN" ]]
}

@test "--deadline: the run ends in time; hosts in flight and hosts not asked are UNKNOWN, saying why" {
	local records=$BATS_TEST_TMPDIR/records.csv hosts=$BATS_TEST_TMPDIR/deadline.hosts t0 ms
	{
		echo "127.0.0.1 name=late1 port=$(fault_port late) community-env=FL2019"
		echo "127.0.0.1 name=late2 port=$(fault_port late) community-env=FL2019"
		cat "$FLEET_DIR/good.hosts"
	} >"$hosts"
	t0=$(now_ms)
	run -3 fleet --hosts "$hosts" -t 10 --deadline 2 --parallel 2 --records "$records"
	ms=$(($(now_ms) - t0))
	[ "$ms" -lt 3000 ] || { echo "the run took $ms ms" >&2; return 1; }
	[ "$(wc -l <"$records")" -eq 11 ]
	grep -q "^late1,.*,\"no answer from 127.0.0.1 before the fleet run's --deadline of 2 s\"$" "$records"
	grep -q "^late2,.*,\"no answer from 127.0.0.1 before the fleet run's --deadline of 2 s\"$" "$records"
	[ "$(grep -c "\"not asked: the fleet run's --deadline of 2 s came first\"$" "$records")" -eq 8 ]
	[[ "${lines[0]}" == "WINBUILD FLEET UNKNOWN - 10 hosts: 0 out of support (0.0 %), 0 CRITICAL, 0 WARNING, 10 UNKNOWN" ]]
	run -3 wb -H 127.0.0.1 --deadline 5
	[ "$output" = "WINBUILD UNKNOWN - --records, --report, --submit and --deadline go with --hosts FILE" ]
}

@test "CSV records: a header, one line a host, quoted where needed" {
	local records=$BATS_TEST_TMPDIR/records.csv
	run -0 fleet --hosts "$FLEET_DIR/good.hosts" --records "$records"
	[ "$(head -n 1 "$records")" = "name,address,site,owner,group,state,product,version,tier,support_end,days_left,rules,summary" ]
	[ "$(wc -l <"$records")" -eq 9 ]
	grep -qx 'srv6002,127.0.0.1,berlin,ops,legacy,CRITICAL,"Windows Server 2008 SP2",6.0.6002,extended,2020-01-14,-2504,"support:CRITICAL denied:CRITICAL","Windows Server 2008 SP2 6.0.6002: extended support ended 2020-01-14 (2504 days ago)"' "$records"
	grep -qx 'dc2019,127.0.0.1,paris,,dc,OK,"Windows Server 2019",10.0.17763,extended,2029-01-09,779,"support:OK edition:OK","Windows Server 2019 10.0.17763: extended support ends 2029-01-09 (779 days left)"' "$records"
	# labels as output shows text: printable ASCII, whatever bytes the inventory held
	printf '127.0.0.1 name=Z\303\274rich\377 site=a,b community-env=FL2019\n' >"$BATS_TEST_TMPDIR/odd.hosts"
	run -0 fleet --hosts "$BATS_TEST_TMPDIR/odd.hosts" --records - --records-format csv
	[[ "${lines[1]}" == 'Z?rich?,127.0.0.1,"a,b",,,OK,"Windows Server 2019",'* ]]
	run -0 fleet --hosts "$BATS_TEST_TMPDIR/odd.hosts" --records -
	json_is '[.name, .site]' '["Z?rich?","a,b"]'
	# --records-format wins over the name; - is standard output, without the summary
	run -0 fleet --hosts "$FLEET_DIR/good.hosts" --records - --records-format csv
	[ "${#lines[@]}" -eq 9 ]
	[ "${lines[0]}" = "name,address,site,owner,group,state,product,version,tier,support_end,days_left,rules,summary" ]
}

@test "a secret file gone during the run: its host is UNKNOWN saying why, the others answer" {
	local dir=$BATS_TEST_TMPDIR/c hosts=$BATS_TEST_TMPDIR/many.hosts i
	local records=$BATS_TEST_TMPDIR/many.csv
	mkdir "$dir"
	# the slow agent first (1.2 s), then 70 hosts with a file each: more files than the plugin
	# keeps (64), so the last one is read again when its host's turn comes, after its removal
	{
		echo "127.0.0.1 name=slow port=$(fault_port slow) community-env=FL2019"
		for i in $(seq 70); do
			printf 'fl2019-Wk2\n' >"$dir/c$i"
			echo "127.0.0.1 name=h$i community-file=$dir/c$i"
		done
	} >"$hosts"
	chmod 600 "$dir"/c*
	(sleep 0.6 && rm "$dir/c70") 3>&- &
	run fleet --hosts "$hosts" --parallel 1 --records "$records"
	wait
	[ "$(grep -c '^h[0-9]*,127\.0\.0\.1,,,,OK,"Windows Server 2019"' "$records")" -eq 69 ]
	grep -q "^h70,127\.0\.0\.1,,,,UNKNOWN,.*\"$hosts:71: community-file=$dir/c70: cannot open: No such file or directory\"$" "$records" ||
		{ grep "^h70," "$records" >&2; return 1; }
}

@test "the inventory from standard input or a pipe; one slot or many, the same records" {
	local one=$BATS_TEST_TMPDIR/one.jsonl many=$BATS_TEST_TMPDIR/many.jsonl
	local piped=$BATS_TEST_TMPDIR/piped.jsonl tmp=$BATS_TEST_TMPDIR/tmp
	mkdir "$tmp"
	TMPDIR=$tmp run -0 fleet --hosts - --parallel 1 --records "$one" <"$FLEET_DIR/good.hosts"
	run -0 fleet --hosts "$FLEET_DIR/good.hosts" --parallel 900 --records "$many"
	TMPDIR=$tmp run -0 fleet --hosts <(cat "$FLEET_DIR/good.hosts") --parallel 3 --records "$piped"
	diff <(jq -c 'del(.check.perfdata[] | select(.label == "time"))' "$one" | sort) \
		<(jq -c 'del(.check.perfdata[] | select(.label == "time"))' "$many" | sort)
	diff <(jq -c 'del(.check.perfdata[] | select(.label == "time"))' "$one" | sort) \
		<(jq -c 'del(.check.perfdata[] | select(.label == "time"))' "$piped" | sort)
	# the copy each run read its input from is gone
	[ -z "$(ls -A "$tmp")" ]
}

# chromium ARGS...: Debian's Chromium, headless, as the tests run it (root needs --no-sandbox).
chromium_run() {
	HOME=$BATS_TEST_TMPDIR timeout 90 chromium --headless --no-sandbox --disable-gpu \
		--no-first-run --user-data-dir="$BATS_TEST_TMPDIR/chromium" "$@" 2>/dev/null
}

@test "the HTML report: Chromium renders it, and the page it read holds the counts, charts and hosts" {
	local page=$BATS_TEST_TMPDIR/report.html dom=$BATS_TEST_TMPDIR/dom.html
	command -v chromium >/dev/null || { echo "no chromium (scripts/deps installs it)" >&2; return 1; }
	{
		cat "$FLEET_DIR/good.hosts"
		echo "127.0.0.1 name=<em>odd&host</em> community-env=FL2022 group=<b>"
	} >"$BATS_TEST_TMPDIR/report.hosts"
	run -0 fleet --hosts "$BATS_TEST_TMPDIR/report.hosts" --report "$page"
	chromium_run --dump-dom "file://$page" >"$dom"
	chromium_run --screenshot="$BATS_TEST_TMPDIR/page.png" --window-size=1100,1400 "file://$page"
	# a PNG of the page's size came out
	[ "$(head -c 8 "$BATS_TEST_TMPDIR/page.png" | od -An -tx1 | tr -d ' ')" = 89504e470d0a1a0a ]
	[ "$(od -An -j16 -N4 --endian=big -tu4 "$BATS_TEST_TMPDIR/page.png" | tr -d ' ')" = 1100 ]
	# what the browser read: the title, the counts, two charts, a row per host, no script
	grep -qF '<h1>Windows support of 9 hosts</h1>' "$dom"
	grep -qF '<li class="critical">5 CRITICAL</li><li class="warning">1 WARNING</li><li class="ok">3 OK</li><li class="unknown">0 UNKNOWN</li><li>5 out of support</li><li>1 ending within 180 days</li>' "$dom"
	[ "$(grep -o '<svg ' "$dom" | wc -l)" -eq 2 ]
	grep -qF 'aria-label="Ends of support by product"' "$dom"
	grep -qF '<title>Windows Server 2008 SP2: 2 hosts, support ended 2020-01-14</title>' "$dom"
	grep -qF '<title>Windows Server 2016: 1 host, support ends 2027-01-12</title>' "$dom"
	[ "$(grep -o '<tr class="' "$dom" | wc -l)" -eq 9 ]
	! grep -qi '<script' "$dom" || return 1
	# the soonest trouble first: the ended hosts, oldest end first
	[ "$(grep -o '<tr class="[a-z]*"><td>[^<]*' "$dom" | head -n 1)" = '<tr class="critical"><td>pcxp' ]
	# the inventory's text is text, not markup
	grep -qF '<td>&lt;em&gt;odd&amp;host&lt;/em&gt;</td>' "$dom"
	! grep -qF '<em>odd' "$dom" || return 1
}

@test "--submit command-file: a PROCESS_SERVICE_CHECK_RESULT line per host; a pipe no one reads is refused" {
	local cmd=$BATS_TEST_TMPDIR/commands
	: >"$cmd"
	run -0 fleet --hosts "$FLEET_DIR/good.hosts" --submit command-file --command-file "$cmd" \
		--submit-service windows-support
	[ "${lines[-2]}" = "\\_ submitted: 8 results to $cmd" ]
	[ "$(wc -l <"$cmd")" -eq 8 ]
	! grep -v '^\[[0-9]*\] PROCESS_SERVICE_CHECK_RESULT;[a-z0-9]*;windows-support;[0-3];WINBUILD ' "$cmd" || return 1
	grep -qF ";srv6002;windows-support;2;WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002: extended support ended 2020-01-14 (2504 days ago)| 'build'=6002;;;; 'support_days_left'=-2504;180:;0:;; 'uptime'=" "$cmd"
	grep -qF ';dc2019;windows-support;0;WINBUILD OK - Windows Server 2019 10.0.17763:' "$cmd"
	# the rule lines as long output, escaped: one line a result
	grep -F ';srv6002;' "$cmd" | grep -qF ';;;;\n\_ [CRITICAL] support: extended support ended 2020-01-14'
	mkfifo "$BATS_TEST_TMPDIR/pipe"
	run -3 fleet --hosts "$FLEET_DIR/good.hosts" --submit command-file \
		--command-file "$BATS_TEST_TMPDIR/pipe"
	[ "$output" = "WINBUILD FLEET UNKNOWN - --command-file $BATS_TEST_TMPDIR/pipe: nothing reads it (is the daemon running, with external commands on?)" ]
	run -3 fleet --hosts "$FLEET_DIR/good.hosts" --submit command-file
	[[ "$output" == "WINBUILD UNKNOWN - --submit command-file needs --command-file PATH"* ]]
	run -3 fleet --hosts "$FLEET_DIR/good.hosts" --submit icinga
	[ "$output" = "WINBUILD UNKNOWN - --submit: 'icinga' is not command-file or icinga2" ]
}

@test "--submit icinga2 to an API that is not there: UNKNOWN, the reason once, nothing submitted" {
	local port
	port=$(free_port)
	WINBUILD_ICINGA_PASSWORD=flApi-Pw55 run -3 fleet --hosts "$FLEET_DIR/good.hosts" \
		--submit icinga2 --icinga-url "https://127.0.0.1:$port/" --icinga-user mon
	[[ "${lines[0]}" == "WINBUILD FLEET UNKNOWN - 8 hosts: "*"; nothing submitted: cannot connect to https://127.0.0.1:$port: connection refused (is Icinga 2 with its api feature running, on this port?)" ]] ||
		{ echo "$output"; return 1; }
	[ "${lines[-2]}" = "\\_ submitted: 0 results to https://127.0.0.1:$port, not 8: 8 not sent (the submission stopped)" ]
	not_in_output flApi-Pw55
}

@test "no place for the temporary file of standard input's inventory, --report or --submit icinga2: UNKNOWN, saying why" {
	local port page=$BATS_TEST_TMPDIR/r.html
	port=$(free_port)
	TMPDIR=/nonexistent/wb-tmp run -3 fleet --hosts - <"$FLEET_DIR/good.hosts"
	[ "$output" = "WINBUILD FLEET UNKNOWN - cannot keep the inventory on standard input: a temporary file in /nonexistent/wb-tmp: No such file or directory" ]
	TMPDIR=/nonexistent/wb-tmp run -3 fleet --hosts "$FLEET_DIR/good.hosts" --report "$page"
	[ "$output" = "WINBUILD FLEET UNKNOWN - --report $page: cannot keep the hosts' lines: a temporary file in /nonexistent/wb-tmp: No such file or directory" ]
	[ ! -e "$page" ]
	WINBUILD_ICINGA_PASSWORD=flApi-Pw55 TMPDIR=/nonexistent/wb-tmp run -3 fleet \
		--hosts "$FLEET_DIR/good.hosts" --submit icinga2 --icinga-url "https://127.0.0.1:$port/" \
		--icinga-user mon
	[[ "${lines[0]}" == "WINBUILD FLEET UNKNOWN - 8 hosts: "*"; nothing submitted: the results could not be kept for sending: a temporary file in /nonexistent/wb-tmp: No such file or directory" ]] ||
		{ echo "$output"; return 1; }
	[ "${lines[-2]}" = "\\_ submitted: 0 results to https://127.0.0.1:$port, not 8: 8 not kept for sending (a temporary file in /nonexistent/wb-tmp: No such file or directory)" ]
}

@test "inventory errors name the file and the line, and nothing is asked" {
	local f=$BATS_TEST_TMPDIR/bad.hosts
	printf '127.0.0.1 name=a\n127.0.0.1 comunity-env=X\n' >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:2: unknown key 'comunity-env' (name, source, port, version, community-file, community-env, secname, seclevel, context, authproto, auth-file, auth-env, privproto, priv-file, priv-env, user, password-file, password-env, edition, policy, site, owner, group)" ]
	# the answer quotes the inventory, sanitised as remote text is
	printf '127.0.0.1 bo\355muni=x\033[2J\n' >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: a control character (0x1b)" ]
	printf '127.0.0.1 bo\355muni=2\n' >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: unknown key 'bo?muni' (name, source, port, version, community-file, community-env, secname, seclevel, context, authproto, auth-file, auth-env, privproto, priv-file, priv-env, user, password-file, password-env, edition, policy, site, owner, group)" ]
	printf '127.0.0.1 community=fl2019-Wk2\n' >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: community= would write a secret into the inventory: give community-file=PATH or community-env=VARIABLE" ]
	[[ "$output" != *fl2019-Wk2* ]]
	printf '127.0.0.1\n127.0.0.1 community-file=%s/none\n' "$BATS_TEST_TMPDIR" >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:2: community-file=$BATS_TEST_TMPDIR/none: cannot open: No such file or directory" ]
	printf '127.0.0.1 community-env=WB_NOT_SET\n' >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:1: community-env=WB_NOT_SET: the variable is not set" ]
	run -3 fleet --hosts "$BATS_TEST_TMPDIR/missing.hosts"
	[[ "$output" == "WINBUILD FLEET UNKNOWN - cannot open the inventory $BATS_TEST_TMPDIR/missing.hosts"* ]]
	printf '127.0.0.1\ntcp:127.0.0.1 name=x\n' >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f:2: tcp:127.0.0.1: fleet mode asks over UDP only (check that host on its own)" ]
	: >"$f"
	run -3 fleet --hosts "$f"
	[ "$output" = "WINBUILD FLEET UNKNOWN - $f: no host in it" ]
}

@test "no community in the output, the records or the process list" {
	local records=$BATS_TEST_TMPDIR/records.jsonl c
	run -0 fleet --hosts "$FLEET_DIR/all.hosts" -t 3 --records "$records" -v
	for c in fl6002-Zq8 fl6003-Jr4 fl2019-Wk2 fl11-Pb7 flxp-Hn5 fl2022-Ts3 fl10-Lm9 fl2016-Ev6; do
		not_in_output "$c"
		! grep -qF "$c" "$records" || { echo "$c in the records" >&2; return 1; }
	done
}

@test "usage: fleet mode's options and limits" {
	run -3 wb --hosts "$FLEET_DIR/good.hosts" -H 127.0.0.1
	[ "$output" = "WINBUILD UNKNOWN - -H and --hosts: give one host with -H or an inventory with --hosts, not both" ]
	run -3 wb -H 127.0.0.1 --records x.csv
	[ "$output" = "WINBUILD UNKNOWN - --records, --report, --submit and --deadline go with --hosts FILE" ]
	run -3 wb --hosts "$FLEET_DIR/good.hosts" -p "$SNMPSIM_PORT" --report /nonexistent/r.html
	[ "$output" = "WINBUILD FLEET UNKNOWN - --report /nonexistent/r.html: cannot write: No such file or directory" ]
	run -3 wb --hosts "$FLEET_DIR/good.hosts" --source snmp,rest
	[ "$output" = "WINBUILD UNKNOWN - --hosts: fleet mode asks each host over SNMP or NSClient++'s REST API or NRPE (--source snmp, rest or nrpe, and source= in the inventory)" ]
	run -3 wb --hosts "$FLEET_DIR/good.hosts" -P 3
	[ "$output" = "WINBUILD FLEET UNKNOWN - $FLEET_DIR/good.hosts:2: SNMPv3 needs a user: give secname=USER (or -U USER for every host)" ]
	run -3 wb --hosts "$FLEET_DIR/good.hosts" --parallel 0
	[ "$output" = "WINBUILD UNKNOWN - --parallel: '0' is not a number from 1 to 900" ]
	run -3 wb --hosts "$FLEET_DIR/good.hosts" --deadline 0
	[ "$output" = "WINBUILD UNKNOWN - --deadline: '0' is not a number of seconds from 1 to 86400" ]
	run -3 wb --hosts "$FLEET_DIR/good.hosts" --submit command-file --command-file x \
		--submit-service 'a;b'
	[ "$output" = "WINBUILD UNKNOWN - --submit-service: 'a;b' is not a service name (no ';' and not empty)" ]
	run -3 wb --hosts "$FLEET_DIR/good.hosts" --records-format xml
	[ "$output" = "WINBUILD UNKNOWN - --records-format: 'xml' is not one of csv, jsonl" ]
}

@test "usage: --submit icinga2 and its options" {
	local hosts=$FLEET_DIR/good.hosts pw=$BATS_TEST_TMPDIR/pw
	printf 'flApi-Pw55\n' >"$pw"
	chmod 600 "$pw"
	run -3 wb --hosts "$hosts" --submit icinga2
	[ "$output" = "WINBUILD UNKNOWN - --submit icinga2 needs --icinga-user NAME, an ApiUser with the permission actions/process-check-result" ]
	run -3 wb --hosts "$hosts" --submit icinga2 --icinga-user mon
	[ "$output" = "WINBUILD UNKNOWN - --submit icinga2 needs the ApiUser's password: --icinga-password-file FILE or WINBUILD_ICINGA_PASSWORD" ]
	# an empty variable is unset, as Icinga 2 exports one for an unset custom variable
	WINBUILD_ICINGA_PASSWORD= run -3 wb --hosts "$hosts" --submit icinga2 --icinga-user mon
	[[ "$output" == *"needs the ApiUser's password"* ]]
	run -3 wb --hosts "$hosts" --submit icinga2 --icinga-user mon --icinga-password-file "$BATS_TEST_TMPDIR/none"
	[ "$output" = "WINBUILD UNKNOWN - --icinga-password-file $BATS_TEST_TMPDIR/none: cannot open: No such file or directory" ]
	run -3 wb --hosts "$hosts" --submit icinga2 --icinga-user mon --icinga-password-file "$pw" \
		--command-file x
	[ "$output" = "WINBUILD UNKNOWN - --command-file goes with --submit command-file, not --submit icinga2" ]
	run -3 wb --hosts "$hosts" --submit command-file --command-file x --icinga-user mon
	[ "$output" = "WINBUILD UNKNOWN - --icinga-url, --icinga-user, --icinga-password-file and --icinga-ca-file go with --submit icinga2" ]
	run -3 wb --hosts "$hosts" --icinga-password-file "$pw"
	[ "$output" = "WINBUILD UNKNOWN - --icinga-url, --icinga-user, --icinga-password-file and --icinga-ca-file go with --submit icinga2" ]
	run -3 wb -H 127.0.0.1 --submit icinga2 --icinga-user mon --icinga-password-file "$pw"
	[ "$output" = "WINBUILD UNKNOWN - --records, --report, --submit and --deadline go with --hosts FILE" ]
	run -3 wb --hosts "$hosts" --submit icinga2 --icinga-url http://mon:5665
	[ "$output" = "WINBUILD UNKNOWN - --icinga-url: 'http://mon:5665' is not https://HOST[:PORT][/PATH] (Icinga 2's API speaks HTTPS only)" ]
	run -3 wb --hosts "$hosts" --submit icinga2 --icinga-url https://mon:flApi-Pw55@mon:5665
	[ "$output" = "WINBUILD UNKNOWN - --icinga-url: give the user with --icinga-user and the password in a file or WINBUILD_ICINGA_PASSWORD, not in the URL" ]
	run -3 wb --hosts "$hosts" --submit icinga2 --icinga-url https://mon:99999
	[ "$output" = "WINBUILD UNKNOWN - --icinga-url: 'https://mon:99999' has no port from 1 to 65535 after the host" ]
	run -3 wb --hosts "$hosts" --submit icinga2 --icinga-url 'https://mon/api?x=1'
	[ "$output" = "WINBUILD UNKNOWN - --icinga-url: 'https://mon/api?x=1' is not https://HOST[:PORT][/PATH], a path without query or blanks" ]
	run -3 wb --hosts "$hosts" --submit icinga2 --icinga-url https://:5665
	[ "$output" = "WINBUILD UNKNOWN - --icinga-url: 'https://:5665' has no host name or address after https://" ]
	run -3 wb --hosts "$hosts" --submit icinga2 --icinga-user 'a:b'
	[ "$output" = "WINBUILD UNKNOWN - --icinga-user: 'a:b' is not an ApiUser's name (not empty, no ':')" ]
	run -3 wb --hosts "$hosts" --submit icinga2 --icinga-user mon --icinga-password-file "$pw" \
		--submit-service 'a!b'
	[ "$output" = "WINBUILD UNKNOWN - --submit-service: 'a!b' is not a service name of Icinga 2 (no '!': it joins host and service)" ]
}
