#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# Threshold ranges, black box: check_winbuild's -w/-c must decide like Debian's check_snmp
# (monitoring-plugins 2.3.3), the reference implementation of the Monitoring Plugins
# Development Guidelines' range format ([@]start:end, "~" = minus infinity, inclusive ends).
#
# How: one snmpsimd serves two communities on one port:
#   values   tests/fixtures/snmprec-ranges/values.snmprec: .1.3.6.1.4.1.99999.1.N holds the
#            integer N - 1000 (-200..200), constructed numbers, not host data;
#   win2022  a copy of tests/fixtures/snmprec/win2022.snmprec (Windows Server 2022, extended
#            support ends 2031-10-14 in the catalogue).
# For a range pair (W, C) and a value V:
#   check_snmp -H 127.0.0.1 -p PORT -C values -o .1.3.6.1.4.1.99999.1.(1000+V) -w W -c C
#   wb         -H 127.0.0.1 -p PORT -C win2022 --date (2031-10-14 minus V days) -w W -c C
# so check_winbuild's support_days_left is V (checked on its perfdata), and the two exit codes
# must be equal. The values of a pair are every finite bound of W and C (for a decimal bound its
# two integer neighbours), each bound -1 and +1, and -100, -1, 0, 1, 100.
#
# Where check_snmp 2.3.3 departs from the guidelines (measured, see the exception tests below),
# check_winbuild must give the guidelines' answer instead. The guidelines' answer is computed
# here by guideline_state, from the text of the guidelines only. In every other case check_snmp
# must agree with guideline_state too, otherwise the test fails: a departure not listed here
# means the list of exceptions (or this machine's check_snmp) has changed.
#
# check_snmp 2.3.3's departures all have one cause. Before parsing a range it accepts the old
# reversed form "START:END" with END < START as "@END:START": it reads the start as a number
# and, when the end is smaller, swaps the two and prefixes "@". "~..." and "@..." read as the
# number 0, so every range written "~:END" or "@...:END" with a negative END counts as reversed
# and is rewritten to "@END:<start text>" (its perfdata shows the rewrite: ~:-5 -> @-5:~,
# @-10:-1 -> @-1:@-10, @~:-5 -> @-5:@~). The range parser then reads that "~" or "@-10" end as
# 0, so all of them become "@END:0": alert when END <= value <= 0. The measured exit codes
# match this reading at every value tried.
#
# Variables: CHECK_SNMP (default /usr/lib/nagios/plugins/check_snmp), and those of helpers.bash.

CHECK_SNMP=${CHECK_SNMP:-/usr/lib/nagios/plugins/check_snmp}
SUPPORT_END=2031-10-14 # Windows Server 2022 extended support, last day
NEVER=-9999:9999       # a range no value of this file leaves: the "other" threshold of a pair
VALUES_OID=.1.3.6.1.4.1.99999.1

load helpers
RANGES_FIXTURES=$(cd "$BATS_TEST_DIRNAME/../fixtures" && pwd)

# The agent: the black-box tests' snmpsim, serving snmprec-ranges/values.snmprec (community
# "values") beside the simulated hosts (win2022).
setup_file() {
	if [ ! -x "$CHECK_SNMP" ]; then
		skip "no $CHECK_SNMP (Debian package monitoring-plugins-standard) to compare with"
	fi
	SNMPSIM_DATA_DIRS=$RANGES_FIXTURES/snmprec-ranges start_snmpsim
	RANGES_PORT=$SNMPSIM_PORT
	export RANGES_PORT
}

teardown_file() {
	stop_snmpsim
}

setup() {
	require_wb
}

# --- the guidelines' answer, and the values to try ------------------------------------------------

# guideline_state W C V: the exit code the guidelines give for value V with -w W -c C
# (2 if V alerts against C, else 1 if against W, else 0). A range is [@]start:end; no colon
# means 0:end; "~" as start is minus infinity; an empty end is infinity; an alert is raised when
# V is outside start..end (ends included), or inside it with "@".
guideline_state() {
	awk -v w="$1" -v c="$2" -v x="$3" '
	function alert(r,    inv, i, s, e, lo, hi, loinf, hiinf, inr) {
		inv = 0
		if (substr(r, 1, 1) == "@") { inv = 1; r = substr(r, 2) }
		i = index(r, ":")
		if (i == 0) { loinf = 0; lo = 0; hiinf = 0; hi = r + 0 }
		else {
			s = substr(r, 1, i - 1); e = substr(r, i + 1)
			if (s == "~") loinf = 1; else { loinf = 0; lo = s + 0 }
			if (e == "") hiinf = 1; else { hiinf = 0; hi = e + 0 }
		}
		inr = (loinf || x >= lo) && (hiinf || x <= hi)
		return inv ? inr : !inr
	}
	BEGIN {
		x += 0
		if (c != "" && alert(c)) print 2; else if (w != "" && alert(w)) print 1; else print 0
	}'
}

# pair_values W C: the values to try for the pair, one a line, ascending. Every finite bound
# of W and C (NEVER excepted) gives floor-1, floor, ceil, ceil+1; a range without a colon also
# has the bound 0; -100, -1, 0, 1 and 100 are always tried.
pair_values() {
	awk -v never="$NEVER" -v w="$1" -v c="$2" '
	function fl(v) { return v == int(v) ? v : (v < 0 ? int(v) - 1 : int(v)) }
	function ce(v) { return v == int(v) ? v : (v < 0 ? int(v) : int(v) + 1) }
	function bound(b) { b += 0; seen[fl(b) - 1]; seen[fl(b)]; seen[ce(b)]; seen[ce(b) + 1] }
	function edges(r,    i, s, e) {
		sub(/^@/, "", r)
		i = index(r, ":")
		if (i == 0) { bound(0); bound(r); return }
		s = substr(r, 1, i - 1); e = substr(r, i + 1)
		if (s != "~") bound(s == "" ? 0 : s)
		if (e != "") bound(e)
	}
	BEGIN {
		if (w != never) edges(w)
		if (c != never) edges(c)
		seen[-100]; seen[-1]; seen[0]; seen[1]; seen[100]
		for (v in seen) printf "%d\n", v # %d: no -0
	}' | sort -n -u
}

# --- the comparison -------------------------------------------------------------------------------

# check_pair W C [V...]: for every value of the pair, check_winbuild's exit code equals
# check_snmp's, except at the listed values V, where check_snmp 2.3.3 is known to depart from
# the guidelines: there check_winbuild must give guideline_state's answer. Reports every value
# that fails, not only the first.
check_pair() {
	local w=$1 c=$2 v g s x days when out wout expect base
	local -A known=()
	local -a fails=() notes=()
	shift 2
	for v in "$@"; do known[$v]=1; done
	base=$(date -u -d "$SUPPORT_END" +%s)
	for v in $(pair_values "$w" "$c"); do
		if [ "$v" -lt -200 ] || [ "$v" -gt 200 ]; then
			fails+=("value $v: not in values.snmprec (-200..200)")
			continue
		fi
		g=$(guideline_state "$w" "$c" "$v")

		s=0
		out=$("$CHECK_SNMP" -H 127.0.0.1 -p "$RANGES_PORT" -C values \
			-o "$VALUES_OID.$((1000 + v))" -w "$w" -c "$c" 2>&1) || s=$?
		if [ "$s" -gt 2 ]; then
			fails+=("value $v: check_snmp could not read it (exit $s): $out")
			continue
		fi

		when=$(date -u -d "@$((base - v * 86400))" +%F)
		x=0
		wout=$(wb -H 127.0.0.1 -p "$RANGES_PORT" -C win2022 --date "$when" \
			-w "$w" -c "$c" 2>&1) || x=$?
		days=$(printf '%s\n' "$wout" |
			sed -n "s/.*'\{0,1\}support_days_left'\{0,1\}=\(-\{0,1\}[0-9][0-9]*\).*/\1/p" |
			head -n 1)
		if [ "$days" != "$v" ]; then
			fails+=("value $v: check_winbuild --date $when reported support_days_left=${days:-(none)}, not $v; output: $wout")
			continue
		fi

		if [ -n "${known[$v]:-}" ]; then
			expect=$g
			[ "$s" != "$g" ] ||
				notes+=("value $v: check_snmp now agrees with the guidelines (exit $s)")
		else
			expect=$s
			if [ "$s" != "$g" ]; then
				fails+=("value $v: check_snmp exits $s but the guidelines give $g, and this case is not a listed exception: $out")
				continue
			fi
		fi
		if [ "$x" != "$expect" ]; then
			fails+=("value $v (--date $when): check_winbuild exits $x, expected $expect$([ -n "${known[$v]:-}" ] && echo " (guidelines; check_snmp 2.3.3 says $s)" || echo " (check_snmp and guidelines)"); output: $wout")
		fi
	done
	for v in "${notes[@]}"; do
		echo "# -w '$w' -c '$c' $v" >&3
	done
	if [ ${#fails[@]} -gt 0 ]; then
		printf -- "-w '%s' -c '%s':\n" "$w" "$c" >&2
		printf '  %s\n' "${fails[@]}" >&2
		return 1
	fi
}

# --- each form of the guidelines alone, as warning and as critical ------------------------------

@test "-w '10': warning below 0 or above 10 (outside 0..10)" {
	check_pair 10 "$NEVER"
}

@test "-c '10': critical below 0 or above 10 (outside 0..10)" {
	check_pair "$NEVER" 10
}

@test "-w '10:': warning below 10" {
	check_pair 10: "$NEVER"
}

@test "-c '10:': critical below 10" {
	check_pair "$NEVER" 10:
}

@test "-w '~:10': warning above 10, negatives OK" {
	check_pair '~:10' "$NEVER"
}

@test "-c '~:10': critical above 10, negatives OK" {
	check_pair "$NEVER" '~:10'
}

@test "-w '10:20': warning below 10 or above 20" {
	check_pair 10:20 "$NEVER"
}

@test "-c '10:20': critical below 10 or above 20" {
	check_pair "$NEVER" 10:20
}

@test "-w '@10:20': warning from 10 to 20 inclusive" {
	check_pair @10:20 "$NEVER"
}

@test "-c '@10:20': critical from 10 to 20 inclusive" {
	check_pair "$NEVER" @10:20
}

@test "-w '-5:': warning below -5" {
	check_pair -5: "$NEVER"
}

@test "-c '-5:': critical below -5" {
	check_pair "$NEVER" -5:
}

@test "-w '~:-5': warning above -5; exception: check_snmp 2.3.3 rewrites it to @-5:~ (read as @-5:0) and warns at -5..0 only, so at -5, 1 and 100 the guidelines decide" {
	check_pair '~:-5' "$NEVER" -5 1 100
}

@test "-c '~:-5': critical above -5; exception: check_snmp 2.3.3 rewrites it to @-5:~ (read as @-5:0) and is critical at -5..0 only, so at -5, 1 and 100 the guidelines decide" {
	check_pair "$NEVER" '~:-5' -5 1 100
}

@test "-w '@-10:-1': warning from -10 to -1; exception: check_snmp 2.3.3 rewrites it to @-1:@-10 (read as @-1:0) and warns at -1 and 0 only, so at -10, -9, -2 and 0 the guidelines decide" {
	check_pair @-10:-1 "$NEVER" -10 -9 -2 0
}

@test "-c '@-10:-1': critical from -10 to -1; exception: check_snmp 2.3.3 rewrites it to @-1:@-10 (read as @-1:0) and is critical at -1 and 0 only, so at -10, -9, -2 and 0 the guidelines decide" {
	check_pair "$NEVER" @-10:-1 -10 -9 -2 0
}

@test "-w '-10:-1': warning below -10 or above -1" {
	check_pair -10:-1 "$NEVER"
}

@test "-c '-10:-1': critical below -10 or above -1" {
	check_pair "$NEVER" -10:-1
}

@test "-w '0': warning unless exactly 0" {
	check_pair 0 "$NEVER"
}

@test "-c '0': critical unless exactly 0" {
	check_pair "$NEVER" 0
}

@test "-w '0:': warning below 0" {
	check_pair 0: "$NEVER"
}

@test "-c '0:': critical below 0" {
	check_pair "$NEVER" 0:
}

@test "-w '@0': warning at exactly 0" {
	check_pair @0 "$NEVER"
}

@test "-c '@0': critical at exactly 0" {
	check_pair "$NEVER" @0
}

@test "-w '10.5': decimal bound, warning below 0 or above 10.5" {
	check_pair 10.5 "$NEVER"
}

@test "-c '10.5': decimal bound, critical below 0 or above 10.5" {
	check_pair "$NEVER" 10.5
}

@test "-w '10.5:': decimal start, warning below 10.5" {
	check_pair 10.5: "$NEVER"
}

@test "-w '~:10.5': decimal end, warning above 10.5" {
	check_pair '~:10.5' "$NEVER"
}

@test "-w '@-2.5:2.5': decimal bounds, warning from -2.5 to 2.5" {
	check_pair @-2.5:2.5 "$NEVER"
}

@test "-w '-7.5:-2.5': negative decimal bounds, warning below -7.5 or above -2.5" {
	check_pair -7.5:-2.5 "$NEVER"
}

@test "-w '~:-0.5': warning above -0.5; exception: check_snmp 2.3.3 rewrites it to @-0.5:~ (read as @-0.5:0) and warns at 0 only, so at 1 and 100 the guidelines decide" {
	check_pair '~:-0.5' "$NEVER" 1 100
}

@test "-w '@~:-5': warning at -5 and below; exception: check_snmp 2.3.3 rewrites it to @-5:@~ (read as @-5:0) and warns at -5..0 only, so at -100, -6, -4, -1 and 0 the guidelines decide" {
	check_pair '@~:-5' "$NEVER" -100 -6 -4 -1 0
}

@test "-w '@10:': warning at 10 and above" {
	check_pair @10: "$NEVER"
}

@test "-w '@10': warning from 0 to 10" {
	check_pair @10 "$NEVER"
}

@test "-w '~:0': warning above 0" {
	check_pair '~:0' "$NEVER"
}

# --- pairs: critical wins over warning ------------------------------------------------------------

@test "-w '10' -c '20' (guidelines' example): warning above 10, critical above 20 or below 0" {
	check_pair 10 20
}

@test "-w '~:10' -c '~:20' (guidelines' example): the same, negatives OK" {
	check_pair '~:10' '~:20'
}

@test "-w '180:' -c '0:' (check_winbuild's defaults)" {
	check_pair 180: 0:
}

@test "-w '10:' -c '1:': warning below 10, critical below 1" {
	check_pair 10: 1:
}

@test "-w '10:20' -c '5:25': nested ranges" {
	check_pair 10:20 5:25
}

@test "-w '@10:20' -c '@14:16': nested inside ranges" {
	check_pair @10:20 @14:16
}

@test "-w '-5:' -c '-10:': negative lower bounds" {
	check_pair -5: -10:
}

@test "-w '~:-5' -c '~:-1'; exception: check_snmp 2.3.3 reads them as @-5:0 and @-1:0, so at -5 (it warns), -1 (critical) and 1, 100 (OK) the guidelines decide" {
	check_pair '~:-5' '~:-1' -5 -1 1 100
}

@test "-w '@-10:-1' -c '@-5:-3'; exception: check_snmp 2.3.3 reads them as @-1:0 and @-3:0, so at -10, -9, -6, -5, -4 (it says OK), -2, -1 and 0 (critical) the guidelines decide" {
	check_pair @-10:-1 @-5:-3 -10 -9 -6 -5 -4 -2 -1 0
}

@test "-w '-10:-1' -c '-12:1': negative ranges" {
	check_pair -10:-1 -12:1
}

@test "-w '0:' -c '@0': warning below 0, critical at 0" {
	check_pair 0: @0
}

@test "-w '10.5' -c '20.5': decimal bounds" {
	check_pair 10.5 20.5
}
