#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# The shipped Nagios commands (contrib/nagios-commands.cfg, as installed, unchanged) in a real
# Nagios 4 daemon (Debian's nagios4-core). One daemon for the file, started as root as Debian
# starts it, running as the nagios user (nagios_user/nagios_group), with its own nagios.cfg,
# resource.cfg, objects, status, retention, logs, command pipe, query socket and lock file under
# $BATS_FILE_TMPDIR/nagios: nothing under /etc/nagios4, /var/lib/nagios4, /var/log/nagios4 or
# /run/nagios4 is written (the last test compares them), no systemd, no syslog. The services use
# the commands as shipped, against snmpsim and the NSClient++ emulator on 127.0.0.1. Every check
# is forced at once through the external command pipe while the daemon's processes are watched,
# and read back as Nagios recorded it: status.dat, the log, the debug log's expanded command
# lines, retention.dat after a stop. Root only: skipped otherwise.
#
# The community. resource.cfg is global: $USER3$ names one community file for every command
# that reads one, as in a real fleet, where one community serves every host. So the hosts here
# share one secret community too, and each simulated host is an snmpsim agent of its own, on a
# port of its own, where that community is an alias of the host's fixture: the port (-p, in the
# last $ARGn$) tells the hosts apart, as their addresses would in a real network. The shipped
# command_line stays as it is, and a single daemon runs every check. (The other ways around a
# global $USER3$ change the command line, for a custom macro per host, or need a daemon per
# community.)

bats_require_minimum_version 1.5.0

WB_DATE=2026-11-22

# The secrets: the fleet's community and the NSClient++ password ($EMU_PASSWORD, emulator.bash).
# The community is an alias, so that a leak is a string no fixture, host name or path contains.
COMMUNITY=wbFleet-Tz58qd

NG_BIN=${WB_NAGIOS4:-/usr/sbin/nagios4}
NG_USER=nagios

# The services, as HOST!DESCRIPTION (write_objects defines them).
SERVICES="srv2008-6002!winbuild dc2019!winbuild srv2008-6003!winbuild-esu
srv2008-6003!winbuild-rest srv2008-6003!winbuild-policy srv2008-6003!winbuild-patch
srv2008-6003!winbuild-nt srv2008-6003!winbuild-nrpe monitoring!windows-fleet"

setup_file() {
	load helpers
	load ../emulator/emulator
	NG_SKIP=$(ng_skip_reason)
	export NG_SKIP
	[ -z "$NG_SKIP" ] || return 0
	require_wb
	ng_system_state >"$BATS_FILE_TMPDIR/system.before"
	ng_start_agent P6002 win2008sp2-6002
	ng_start_agent P2019 win2019dc
	ng_start_agent P6003 win2008sp2-6003
	emu_setup
	start_emulator w2008 --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json"
	start_emulator nt --generation 0.5.2.35 --host "$EMU_HOSTS/win2008sp2.json" --nt-port 0
	start_nrpe_emulator nrpe --generation 0.16.4 --host "$EMU_HOSTS/win2008sp2.json" \
		--tls anon-ecdh --allow-arguments
	ng_setup
	write_objects "$NG_DIR/etc/objects.cfg"
	ng_start
	# Every check at once, while the process list is watched; then a copy of status.dat for
	# the tests (Nagios removes the file when it stops).
	ng_watch_processes
	ng_force_all
	ng_wait_checked 30
	ng_unwatch_processes
	cp "$NG_DIR/var/status.dat" "$BATS_FILE_TMPDIR/status.dat"
}

teardown_file() {
	load helpers
	load ../emulator/emulator
	local rc=0 pid dir
	[ -z "${NG_SKIP:-}" ] || return 0
	ng_unwatch_processes || rc=1
	ng_stop || rc=1
	if [ -f "$BATS_FILE_TMPDIR/agents" ]; then
		while read -r pid dir; do
			SNMPSIM_PID=$pid SNMPSIM_DIR=$dir
			stop_snmpsim || rc=1
		done <"$BATS_FILE_TMPDIR/agents"
	fi
	emu_teardown || rc=1
	return $rc
}

setup() {
	load helpers
	load ../emulator/emulator
	[ -z "$NG_SKIP" ] || skip "$NG_SKIP"
	# what the command lines have in common: the secrets' files, the last options
	C_FILE="--community-file $NG_DIR/secrets/community"
	PW_FILE="--password-file $NG_DIR/secrets/nsclient-password"
	MORE=$(more_args)
	# the 6003 host's rows end in May 2022: the long output says so
	UPDATES_NOTE="\\_ update history: $(wb_updates_path) lists build 6003's updates through 2022-05-10, 1657 days before this check's date: patch figures may be understated (update it)"
}

# --- the daemon ----------------------------------------------------------------------------------

# ng_skip_reason: why this file cannot run here (nothing when it can).
ng_skip_reason() {
	if [ "$(id -u)" != 0 ]; then
		echo "not root: Nagios is started as root and runs as user $NG_USER, as Debian runs it"
	elif [ ! -x "$NG_BIN" ]; then
		echo "no $NG_BIN: install Debian's nagios4-core (scripts/deps)"
	elif ! getent passwd "$NG_USER" >/dev/null || ! getent group "$NG_USER" >/dev/null; then
		echo "no user or group $NG_USER (Debian's nagios4-core makes them)"
	elif ! command -v setpriv >/dev/null; then
		echo "no setpriv (util-linux)"
	elif [ -x "$WB_BIN" ] && ! as_nagios test -x "$WB_BIN"; then
		echo "user $NG_USER cannot run $WB_BIN (a directory above it is closed to other users)"
	fi
}

# as_nagios CMD...: CMD as the nagios user and group.
as_nagios() { setpriv --reuid="$NG_USER" --regid="$NG_USER" --init-groups -- "$@"; }

# ng_system_state: what the system's Nagios directories hold (names, sizes, times, modes), to
# compare before and after a run.
ng_system_state() {
	local d
	for d in /etc/nagios4 /var/lib/nagios4 /var/log/nagios4 /var/cache/nagios4 /run/nagios4; do
		[ -e "$d" ] || { echo "$d absent"; continue; }
		find "$d" -printf '%p %y %s %T@ %m %u:%g\n' 2>&1
	done | sort
}

# ng_start_agent VAR FIXTURE: an snmpsim agent where $COMMUNITY is FIXTURE; its port in VAR. The
# agents' PIDs and dirs go to a file, for teardown_file.
ng_start_agent() {
	SNMPSIM_ALIASES="$COMMUNITY=$2" SNMPSIM_V3_DEFAULT="" start_snmpsim || return 1
	echo "$SNMPSIM_PID $SNMPSIM_DIR" >>"$BATS_FILE_TMPDIR/agents"
	printf -v "$1" %s "$SNMPSIM_PORT"
	export "${1?}"
}

# ng_contrib_file: the Nagios commands of the build under test. Installed: the catalogue's
# directory, which --help names, + /contrib; else the build tree's substituted copy.
ng_contrib_file() {
	local f dir
	if [ "${WB_INSTALLED:-0}" = 1 ]; then
		dir=$("$WB_BIN" --help | sed -n 's|.*(default \(/.*\)/windows-lifecycle\.catalog).*|\1|p')
		f=$dir/contrib/nagios-commands.cfg
	else
		f=$(dirname "$WB_BIN")/contrib/nagios-commands.cfg
	fi
	if [ ! -f "$f" ]; then
		echo "ng_contrib_file: no $f (run make, or make install for WB_INSTALLED=1)" >&2
		return 1
	fi
	echo "$f"
}

# ng_setup: the daemon's tree, its secrets and configuration. Exports NG_DIR NG_CONTRIB NG_POLICY.
#   etc/      nagios.cfg, resource.cfg (600), objects.cfg, the emulator's CA (root's, readable)
#   secrets/  the community and the NSClient++ password, mode 600, in a directory of mode 700
#   var/ log/ everything the daemon writes (the nagios user's)
ng_setup() {
	local d
	NG_DIR=$BATS_FILE_TMPDIR/nagios
	NG_CONTRIB=$(ng_contrib_file) || return 1
	# The installed example policy, next to the contrib directory; the source's without one.
	NG_POLICY=$(dirname "$NG_CONTRIB")/../policies/legacy-esu.policy
	[ -f "$NG_POLICY" ] || NG_POLICY=$WB_TOP/data/policies/legacy-esu.policy
	NG_POLICY=$(realpath "$NG_POLICY")
	export NG_DIR NG_CONTRIB NG_POLICY
	mkdir -p "$NG_DIR/etc" "$NG_DIR/secrets" "$NG_DIR/var/rw" "$NG_DIR/var/checkresults" \
		"$NG_DIR/var/tmp" "$NG_DIR/log/archives"
	# bats makes its run directory 700: the nagios user may search it (not list it).
	d=$NG_DIR
	while [ -n "$BATS_RUN_TMPDIR" ] && [[ "$d" == "$BATS_RUN_TMPDIR"* ]]; do
		chmod o+x "$d"
		d=${d%/*}
	done
	printf '%s\n' "$COMMUNITY" >"$NG_DIR/secrets/community"
	printf '%s\n' "$EMU_PASSWORD" >"$NG_DIR/secrets/nsclient-password"
	chmod 600 "$NG_DIR/secrets/community" "$NG_DIR/secrets/nsclient-password"
	chmod 700 "$NG_DIR/secrets"
	cp "$EMU_CERTS/ca.pem" "$NG_DIR/etc/nscp-ca.pem"
	chmod 644 "$NG_DIR/etc/nscp-ca.pem"
	cat >"$NG_DIR/etc/resource.cfg" <<EOF
# Written by tests/blackbox/nagios.bats for one test run.
\$USER1\$=$(dirname "$WB_BIN")
\$USER3\$=$NG_DIR/secrets/community
\$USER6\$=$NG_DIR/secrets/nsclient-password
EOF
	chmod 600 "$NG_DIR/etc/resource.cfg"
	write_nagios_cfg "$NG_DIR/etc/nagios.cfg"
	chown -R "$NG_USER:$NG_USER" "$NG_DIR/secrets" "$NG_DIR/var" "$NG_DIR/log" \
		"$NG_DIR/etc/resource.cfg"
	if ! as_nagios test -r "$NG_DIR/secrets/community" -a -r "$NG_CONTRIB" -a -r "$NG_POLICY"; then
		echo "ng_setup: user $NG_USER cannot read $NG_DIR, $NG_CONTRIB or $NG_POLICY" >&2
		return 1
	fi
}

# write_nagios_cfg FILE: the main configuration. Every path Nagios would otherwise take from its
# compiled-in defaults (Debian's /var/lib/nagios4, /var/log/nagios4, /run/nagios4) is set here.
# interval_length=1 and status_update_interval=1 make status.dat follow within a second.
write_nagios_cfg() {
	local v=$NG_DIR/var l=$NG_DIR/log
	cat >"$1" <<EOF
# Written by tests/blackbox/nagios.bats for one test run.
cfg_file=$NG_CONTRIB
cfg_file=$NG_DIR/etc/objects.cfg
resource_file=$NG_DIR/etc/resource.cfg
nagios_user=$NG_USER
nagios_group=$NG_USER
log_file=$l/nagios.log
log_rotation_method=n
log_archive_path=$l/archives
use_syslog=0
log_initial_states=1
log_external_commands=1
debug_file=$l/nagios.debug
debug_level=-1
debug_verbosity=2
max_debug_file_size=10000000
status_file=$v/status.dat
status_update_interval=1
retain_state_information=1
state_retention_file=$v/retention.dat
retention_update_interval=0
object_cache_file=$v/objects.cache
precached_object_file=$v/objects.precache
temp_file=$v/nagios.tmp
temp_path=$v/tmp
lock_file=$v/nagios.lock
check_result_path=$v/checkresults
command_file=$v/rw/nagios.cmd
query_socket=$v/rw/nagios.qh
check_external_commands=1
interval_length=1
enable_notifications=0
enable_event_handlers=0
enable_flap_detection=0
check_service_freshness=0
check_host_freshness=0
enable_environment_macros=0
check_for_updates=0
service_check_timeout=30
illegal_macro_output_chars=\`~\$&|'"<>
EOF
}

# write_objects FILE: the hosts and services. Active checks are off: only the forced checks of
# setup_file run. Every host's address is 127.0.0.1; each service's last $ARGn$ carries the port
# of its host's agent, the date and, for an uninstalled build, the catalogue.
write_objects() {
	local more rest h
	more=$(more_args)
	cat >"$1" <<EOF
# Written by tests/blackbox/nagios.bats for one test run.
define timeperiod {
	timeperiod_name	wb-always
	alias		always
	sunday		00:00-24:00
	monday		00:00-24:00
	tuesday		00:00-24:00
	wednesday	00:00-24:00
	thursday	00:00-24:00
	friday		00:00-24:00
	saturday	00:00-24:00
}
define command {
	command_name	wb-no-notification
	command_line	/bin/true
}
define contact {
	contact_name			wb-nobody
	host_notifications_enabled	0
	service_notifications_enabled	0
	host_notification_period	wb-always
	service_notification_period	wb-always
	host_notification_options	n
	service_notification_options	n
	host_notification_commands	wb-no-notification
	service_notification_commands	wb-no-notification
}
define host {
	name			wb-host
	register		0
	address			127.0.0.1
	max_check_attempts	1
	check_period		wb-always
	active_checks_enabled	0
	notification_period	wb-always
	notification_interval	0
	notifications_enabled	0
	contacts		wb-nobody
}
define service {
	name			wb-service
	register		0
	max_check_attempts	1
	check_interval		3600
	retry_interval		3600
	check_period		wb-always
	active_checks_enabled	0
	passive_checks_enabled	0
	notification_period	wb-always
	notification_interval	0
	notifications_enabled	0
	contacts		wb-nobody
}
EOF
	# the estate for the fleet service: every host's community from $USER3$
	{
		echo "127.0.0.1 name=srv2008-6002 port=$P6002 site=berlin"
		echo "127.0.0.1 name=dc2019 port=$P2019 group=dc"
		echo "127.0.0.1 name=srv2008-6003 port=$P6003 site=berlin"
	} >"$NG_DIR/etc/windows.hosts"
	chmod 644 "$NG_DIR/etc/windows.hosts"
	for h in srv2008-6002 dc2019 srv2008-6003 monitoring; do
		printf 'define host {\n\tuse\t\twb-host\n\thost_name\t%s\n}\n' "$h" >>"$1"
	done
	ng_service "$1" srv2008-6002 winbuild "check_winbuild!-p $P6002$more"
	ng_service "$1" dc2019 winbuild "check_winbuild!-p $P2019$more"
	ng_service "$1" srv2008-6003 winbuild-esu "check_winbuild_esu!6003!-p $P6003$more"
	rest="-p $P6003 --rest-port $(emu_port w2008)"
	ng_service "$1" srv2008-6003 winbuild-rest "check_winbuild_snmp_rest!$rest --ca-file \
$NG_DIR/etc/nscp-ca.pem --support esu --min-build 6.0.6003.21481$more"
	ng_service "$1" srv2008-6003 winbuild-policy \
		"check_winbuild_policy!$NG_POLICY!$rest --pin $EMU_PIN$more"
	ng_service "$1" srv2008-6003 winbuild-patch "check_winbuild_patch!2022-05!$rest --pin \
$EMU_PIN --patch-age-warning 365 --updates-behind-critical 0$more"
	ng_service "$1" srv2008-6003 winbuild-nt "check_winbuild_snmp_nt!0.9.0!-p $P6003 --nt-port \
$(emu_nt_port nt) --support esu-azure$more"
	# passive services, fed by a fleet run (--submit command-file)
	for h in srv2008-6002 dc2019 srv2008-6003; do
		printf 'define service {\n\tuse\t\t\twb-service\n\thost_name\t\t%s\n' "$h" >>"$1"
		printf '\tservice_description\twinbuild-passive\n\tcheck_command\t\tcheck_winbuild\n' >>"$1"
		printf '\tpassive_checks_enabled\t1\n\tcheck_freshness\t\t0\n}\n' >>"$1"
	done
	ng_service "$1" monitoring windows-fleet "check_winbuild_fleet!$NG_DIR/etc/windows.hosts!50!80!\
--records $NG_DIR/var/fleet.csv$more"
	ng_service "$1" srv2008-6003 winbuild-nrpe "check_winbuild_nrpe!anon-ecdh!--nrpe-port \
$(emu_port nrpe) --nrpe-version 2 --support esu$more"
}

# more_args: the options every service ends with: the date, and an uninstalled build's catalogue
# and update history.
more_args() { echo " --date $WB_DATE${WB_CATALOG:+ --catalog $WB_CATALOG}${WB_UPDATES:+ --updates $WB_UPDATES}"; }

# ng_service FILE HOST DESCRIPTION CHECK_COMMAND: append a service.
ng_service() {
	printf 'define service {\n\tuse\t\t\twb-service\n\thost_name\t\t%s\n' "$2" >>"$1"
	printf '\tservice_description\t%s\n\tcheck_command\t\t%s\n}\n' "$3" "$4" >>"$1"
}

# ng_procs: "PID COMMAND LINE" of every process of this run's daemon: the main process, its
# workers (nagios4 --worker QUERY-SOCKET) and a plugin still running all name a path in $NG_DIR.
ng_procs() {
	NG_MATCH=$NG_DIR/ "$WB_PYTHON" -c 'import os
want, me = os.environ["NG_MATCH"], os.getpid()
for pid in filter(str.isdigit, os.listdir("/proc")):
    try:
        with open("/proc/%s/cmdline" % pid, "rb") as f:
            args = f.read().decode(errors="replace").rstrip("\0").replace("\0", " ")
    except OSError:
        continue
    if int(pid) != me and want in args:
        print(pid, args)'
}

# ng_start: start the daemon in the foreground, in the background of this shell, with a clean
# environment (the plugin gets nothing but what Nagios gives it, plus WINBUILD_MODULE_DIR for an
# uninstalled build); wait (30 s at most) until it has written status.dat and its command-file
# worker reads the pipe. Leaves a ready daemon or none.
ng_start() {
	local pid deadline
	local -a cmd=(env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8)
	[ -z "${WINBUILD_MODULE_DIR:-}" ] || cmd+=(WINBUILD_MODULE_DIR="$WINBUILD_MODULE_DIR")
	# fd 3 is bats' output channel: a background child holding it would make bats hang.
	"${cmd[@]}" "$NG_BIN" "$NG_DIR/etc/nagios.cfg" </dev/null >"$NG_DIR/console.log" 2>&1 3>&- &
	pid=$!
	echo "$pid" >"$NG_DIR/daemon.pid"
	deadline=$(($(now_ms) + 30000))
	until [ -s "$NG_DIR/var/status.dat" ] &&
		grep -q 'Successfully launched command file worker' "$NG_DIR/log/nagios.log" 2>/dev/null; do
		if ! _wb_alive "$pid" nagios4 || [ "$(now_ms)" -gt "$deadline" ]; then
			echo "ng_start: Nagios did not start within 30 s" >&2
			tail -n 30 "$NG_DIR/console.log" >&2
			ng_stop
			return 1
		fi
		sleep 0.1
	done
}

# ng_stop: SIGTERM to the main process, wait up to 30 s for every process of the daemon to end,
# KILL what is left. Fails if one stays. Safe to call twice.
ng_stop() {
	local pid deadline p
	[ -n "${NG_DIR:-}" ] && [ -f "$NG_DIR/daemon.pid" ] || return 0
	pid=$(cat "$NG_DIR/daemon.pid")
	kill -TERM "$pid" 2>/dev/null
	deadline=$(($(now_ms) + 30000))
	while [ -n "$(ng_procs)" ] && [ "$(now_ms)" -lt "$deadline" ]; do
		sleep 0.1
	done
	for p in $(ng_procs | cut -d' ' -f1); do
		echo "ng_stop: killing Nagios process $p, still running 30 s after SIGTERM" >&2
		kill -KILL "$p" 2>/dev/null
	done
	wait "$pid" 2>/dev/null || true
	rm -f "$NG_DIR/daemon.pid"
	[ -z "$(ng_procs)" ]
}

# ng_command LINE...: write external commands to the daemon's pipe (5 s at most: a pipe that no
# one reads would block).
ng_command() {
	local now
	now=$(date +%s)
	printf "[$now] %s\n" "$@" | timeout 5 tee "$NG_DIR/var/rw/nagios.cmd" >/dev/null
}

# ng_force_all: a forced check of every service, now.
ng_force_all() {
	local s now
	local -a cmds
	now=$(date +%s)
	for s in $SERVICES; do
		cmds+=("SCHEDULE_FORCED_SVC_CHECK;${s%%!*};${s#*!};$now")
	done
	ng_command "${cmds[@]}"
}

# ng_wait_checked SECONDS: wait until status.dat shows every service checked.
ng_wait_checked() {
	local deadline=$(($(now_ms) + $1 * 1000)) s left
	while :; do
		left=
		for s in $SERVICES; do
			[ "$(ng_field "$NG_DIR/var/status.dat" "${s%%!*}" "${s#*!}" has_been_checked)" = 1 ] ||
				left+=" ${s%%!*};${s#*!}"
		done
		[ -n "$left" ] || return 0
		if [ "$(now_ms)" -gt "$deadline" ]; then
			echo "ng_wait_checked: not checked within $1 s:$left" >&2
			tail -n 20 "$NG_DIR/log/nagios.log" >&2
			return 1
		fi
		sleep 0.2
	done
}

# ng_field FILE HOST SERVICE FIELD: FIELD of the service's block in FILE (status.dat's
# servicestatus, whose lines are indented with a tab, or retention.dat's service, whose are not);
# fails when there is no such block.
ng_field() {
	awk -v h="$2" -v s="$3" -v f="$4" '
		/^(servicestatus|service) \{$/ { inside = 1; split("", kv); next }
		inside && /^\t?\}$/ {
			inside = 0
			if (kv["host_name"] == h && kv["service_description"] == s) { print kv[f]; found = 1; exit }
			next
		}
		inside {
			line = $0; sub(/^\t/, "", line); key = line; sub(/=.*/, "", key)
			kv[key] = substr(line, length(key) + 2)
		}
		END { exit !found }' "$1"
}

# ng_watch_processes / ng_unwatch_processes: while the checks run, note the command line, the
# real uid and the environment of every process under the daemon's main process (workers,
# plugins, shells), as often as /proc can be read: what ps would have shown at any moment. The
# notes go to $BATS_FILE_TMPDIR/processes, one process a line; the number of passes over /proc
# to watch/log.
ng_watch_processes() {
	local w=$BATS_FILE_TMPDIR/watch
	mkdir -p "$w"
	cat >"$w/watch.py" <<'PY'
import os, sys
root, stop, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
seen, passes = set(), 0
def read(pid, what):
    with open("/proc/%d/%s" % (pid, what), "rb") as f:
        return f.read().rstrip(b"\0").replace(b"\0", b" ").decode(errors="replace")
while not os.path.exists(stop):
    passes += 1
    parent = {}
    for p in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = read(int(p), "stat")
        except OSError:
            continue
        parent[int(p)] = int(stat[stat.rindex(")") + 2:].split()[1])
    for pid in parent:
        up = parent[pid]
        while up not in (0, 1, root):
            up = parent.get(up, 0)
        if up != root:
            continue
        try:
            uid = [l.split()[1] for l in read(pid, "status").splitlines() if l.startswith("Uid:")]
            seen.add("cmdline: %s | uid: %s | environ: %s"
                     % (read(pid, "cmdline"), uid[0], read(pid, "environ")))
        except (OSError, IndexError):
            pass
with open(out, "w") as f:
    f.write("".join(s + "\n" for s in sorted(seen)))
print("passes", passes)
PY
	"$WB_PYTHON" "$w/watch.py" "$(cat "$NG_DIR/daemon.pid")" "$w/stop" \
		"$BATS_FILE_TMPDIR/processes" </dev/null >"$w/log" 2>&1 3>&- &
	echo $! >"$w/pid"
}

ng_unwatch_processes() {
	local w=$BATS_FILE_TMPDIR/watch
	[ -f "$w/pid" ] || return 0
	touch "$w/stop"
	wait "$(cat "$w/pid")" 2>/dev/null || true
	rm -f "$w/pid"
}

# --- assertions on what Nagios recorded ----------------------------------------------------------

# svc HOST SERVICE: the service the next assertions are about (in the status.dat of setup_file).
svc() { SVC_HOST=$1 SVC_DESC=$2; }

# field NAME: its field in status.dat.
field() { ng_field "$BATS_FILE_TMPDIR/status.dat" "$SVC_HOST" "$SVC_DESC" "$1"; }

# field_is NAME EXPECTED: that field is EXPECTED, byte for byte.
field_is() {
	local got
	got=$(field "$1") || { echo "no service $SVC_HOST;$SVC_DESC in status.dat" >&2; return 1; }
	if [ "$got" != "$2" ]; then
		printf '%s;%s %s is:\n%s\nexpected:\n%s\n' "$SVC_HOST" "$SVC_DESC" "$1" "$got" "$2" >&2
		return 1
	fi
}

# long_output_is LINE...: long_plugin_output is these lines. status.dat keeps it on one line,
# with a newline written \n (the last line's too) and a backslash \\ (the plugin's lines start
# with one).
long_output_is() {
	local want line
	want=
	for line in "$@"; do
		want+=${line//\\/\\\\}'\n'
	done
	field_is long_plugin_output "$want"
}

# perfdata_is ENTRIES: performance_data is ENTRIES followed by the run time, which varies.
perfdata_is() {
	local got
	got=$(field performance_data)
	if [[ ! "$got" =~ ^"$1 'time'="[0-9]+\.[0-9]+"s;;;;"$ ]]; then
		printf '%s;%s performance_data is:\n%s\nexpected:\n%s %s\n' "$SVC_HOST" "$SVC_DESC" \
			"$got" "$1" "'time'=<seconds>s;;;;" >&2
		return 1
	fi
}

# logged TEXT: the Nagios log has a line with TEXT.
logged() {
	grep -qF -- "$1" "$NG_DIR/log/nagios.log" ||
		{ echo "no line with '$1' in the Nagios log" >&2; return 1; }
}

# ng_ran: every command line the daemon ran, as its debug log shows them once the macros are
# expanded ("Done.  Final output: '...'"), one a line.
ng_ran() {
	sed -n "s/.*\] *Done\.  Final output: '\(.*\)'\$/\1/p" "$NG_DIR/log/nagios.debug" |
		grep -F '/check_winbuild ' | sort -u
}

# ran_with ARGS: the daemon ran the plugin of $WB_BIN's directory with exactly these arguments:
# the shipped command_line, its macros expanded. Secrets appear as their files' paths.
ran_with() {
	local want
	want="$(dirname "$WB_BIN")/check_winbuild $1"
	if ! ng_ran | grep -qFx -- "$want"; then
		printf 'the debug log shows no command line\n  %s\nbut these:\n' "$want" >&2
		ng_ran | sed 's/^/  /' >&2
		return 1
	fi
}

# no_secret_in FILE...: neither secret in the files.
no_secret_in() {
	local s f rc=0
	for s in "$COMMUNITY" "$EMU_PASSWORD"; do
		for f in "$@"; do
			if grep -qF -- "$s" "$f"; then
				echo "secret '$s' found in $f:" >&2
				grep -nF -- "$s" "$f" | head -n 3 >&2
				rc=1
			fi
		done
	done
	return $rc
}

@test "nagios4 -v accepts the configuration with the installed commands: no warning, no error" {
	run "$NG_BIN" -v "$NG_DIR/etc/nagios.cfg"
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"Total Warnings: 0"* ]]
	[[ "$output" == *"Total Errors:   0"* ]]
	[[ "$output" == *"Checked 12 services."* ]]
}

@test "Nagios read the installed commands unchanged; it and the plugins run as nagios" {
	local shipped cached
	# command_name and command_line of each definition, as the contrib file has them and as
	# Nagios read them (objects.cache is its dump of the objects it loaded)
	pairs() {
		awk '$1 == "command_name" { name = $2 }
			$1 == "command_line" { line = $0; sub(/^[ \t]*command_line[ \t]+/, "", line)
				print name "\t" line }' "$1" | sort
	}
	shipped=$(pairs "$NG_CONTRIB")
	cached=$(pairs "$NG_DIR/var/objects.cache")
	[ "$(grep -c . <<<"$shipped")" -eq 12 ]
	comm -23 <(echo "$shipped") <(echo "$cached") >"$BATS_TEST_TMPDIR/missing"
	if [ -s "$BATS_TEST_TMPDIR/missing" ]; then
		echo "not loaded as shipped:" >&2
		cat "$BATS_TEST_TMPDIR/missing" >&2
		return 1
	fi
	grep -qF "cfg_file=$NG_CONTRIB" "$NG_DIR/etc/nagios.cfg"
	[ "$(stat -c '%a %U' "$NG_DIR/secrets/community")" = "600 $NG_USER" ]
	[ "$(stat -c '%a %U' "$NG_DIR/secrets/nsclient-password")" = "600 $NG_USER" ]
	# the daemon runs as the nagios user, and so did every plugin the watch saw
	[ "$(awk '$1 == "Uid:" { print $2 }' "/proc/$(cat "$NG_DIR/daemon.pid")/status")" = \
		"$(id -u "$NG_USER")" ]
	[ "$(stat -c %U "$NG_DIR/var/status.dat")" = "$NG_USER" ]
	grep -F '/check_winbuild -H ' "$BATS_FILE_TMPDIR/processes" >"$BATS_TEST_TMPDIR/plugins"
	[ -s "$BATS_TEST_TMPDIR/plugins" ]
	run ! grep -vF " | uid: $(id -u "$NG_USER") | " "$BATS_TEST_TMPDIR/plugins"
}

@test "check_winbuild, Server 2008 SP2 on 6002 (v2c): CRITICAL, denied" {
	svc srv2008-6002 winbuild
	field_is check_command "check_winbuild!-p $P6002$MORE"
	field_is has_been_checked 1
	field_is current_state 2
	field_is state_type 1
	field_is plugin_output "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002: extended support ended 2020-01-14 (2504 days ago)"
	long_output_is '\_ [CRITICAL] support: extended support ended 2020-01-14 (2504 days ago); ESU also ended 2023-01-10, on Azure also ended 2024-01-09' \
		'\_ [CRITICAL] denied: 6.0.6002 is denied (advisory 6002-no-updates): no update since March 2019 (last 6002 rollup: 6.0.6002.24565); Server 2008 SP2: install the servicing stack KB4493730 and SHA-2 support KB4474419, then the April 2019 rollup KB4493471 or later (build 6003)'
	perfdata_is "'build'=6002;;;; 'support_days_left'=-2504;180:;0:;; 'uptime'=86401s;;;;"
	logged "SERVICE ALERT: srv2008-6002;winbuild;CRITICAL;HARD;1;WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002: extended support ended 2020-01-14 (2504 days ago)"
	ran_with "-H 127.0.0.1 $C_FILE -p $P6002$MORE"
}

@test "check_winbuild, Server 2019 domain controller (v2c): OK, the edition note in the long output" {
	svc dc2019 winbuild
	field_is check_command "check_winbuild!-p $P2019$MORE"
	field_is has_been_checked 1
	field_is current_state 0
	field_is plugin_output "WINBUILD OK - Windows Server 2019 10.0.17763: extended support ends 2029-01-09 (779 days left)"
	long_output_is '\_ [OK] support: extended support ends 2029-01-09 (779 days left)' \
		'\_ [OK] edition: not told by SNMP; assumed ltsc (Windows Server 2019). Build 17763 is also: sac; give --edition if the host runs one of those'
	perfdata_is "'build'=17763;;;; 'support_days_left'=779;180:;0:;; 'uptime'=45388s;;;;"
	logged "EXTERNAL COMMAND: SCHEDULE_FORCED_SVC_CHECK;dc2019;winbuild;"
	ran_with "-H 127.0.0.1 $C_FILE -p $P2019$MORE"
}

@test "check_winbuild_esu!6003, Server 2008 SP2 on 6003: CRITICAL, ESU over, the build passes" {
	svc srv2008-6003 winbuild-esu
	field_is check_command "check_winbuild_esu!6003!-p $P6003$MORE"
	field_is current_state 2
	field_is plugin_output "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003: ESU year 3 ended 2023-01-10 (1412 days ago)"
	long_output_is '\_ [CRITICAL] support: ESU year 3 ended 2023-01-10 (1412 days ago); on Azure also ended 2024-01-09' \
		'\_ [OK] build: 6003 is at or above the minimum 6003'
	perfdata_is "'build'=6003;;;; 'support_days_left'=-1412;180:;0:;; 'uptime'=86401s;;;;"
	logged "SERVICE ALERT: srv2008-6003;winbuild-esu;CRITICAL;HARD;1;WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003: ESU year 3 ended 2023-01-10 (1412 days ago)"
	ran_with "-H 127.0.0.1 $C_FILE --support esu --min-build 6003 -p $P6003$MORE"
}

@test "check_winbuild_snmp_rest, SNMP and NSClient++ (--ca-file): CRITICAL with the revision" {
	local rest
	rest="--rest-port $(emu_port w2008) --ca-file $NG_DIR/etc/nscp-ca.pem --support esu --min-build 6.0.6003.21481"
	svc srv2008-6003 winbuild-rest
	field_is check_command "check_winbuild_snmp_rest!-p $P6003 $rest$MORE"
	field_is current_state 2
	field_is plugin_output "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003.21481: ESU year 3 ended 2023-01-10 (1412 days ago)"
	long_output_is '\_ [CRITICAL] support: ESU year 3 ended 2023-01-10 (1412 days ago); on Azure also ended 2024-01-09' \
		'\_ [OK] build: 6003.21481 is at or above the minimum 6.0.6003.21481' \
		'\_ [OK] patch: KB5014010 of 2022-05-10 (6003.21481), 1657 days old' \
		'\_ [OK] updates: 0 monthly releases behind, on the release of 2022-05' \
		'\_ revision: 21481 (nsclient:check_files ntoskrnl.exe)' \
		'\_ edition: Microsoft(R) Windows Server(R) 2008 Standard, Service Pack 2, 64-bit (general)' \
		'\_ hotfixes: 5 installed, newest first: KB5014006 (2022-05-11), KB4474419 (2019-09-24), KB4503287 (2019-06-12), KB4499180 (2019-05-15), KB4493730 (2019-04-16)' \
		'\_ agent: NSClient++ 0.16.4.55, REST API v1' \
		"$UPDATES_NOTE"
	perfdata_is "'patch_age'=1657;;;; 'updates_behind'=0;;;; 'build'=6003;;;; 'revision'=21481;;;; 'support_days_left'=-1412;180:;0:;; 'uptime'=86401s;;;;"
	logged "SERVICE ALERT: srv2008-6003;winbuild-rest;CRITICAL;HARD;1;WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003.21481: ESU year 3 ended 2023-01-10 (1412 days ago)"
	ran_with "-H 127.0.0.1 --source snmp,rest $C_FILE $PW_FILE -p $P6003 $rest$MORE"
	# the password from the file reached the agent, and it never refused one
	grep -q 'password-header=yes authorization=none status=200' "$(emu_log w2008)"
	run ! grep -q 'status=40[13]' "$(emu_log w2008)"
}

@test "check_winbuild_policy!legacy-esu.policy, SNMP and NSClient++ (--pin): WARNING, the exception" {
	local rest
	rest="--rest-port $(emu_port w2008) --pin $EMU_PIN"
	svc srv2008-6003 winbuild-policy
	field_is check_command "check_winbuild_policy!$NG_POLICY!-p $P6003 $rest$MORE"
	field_is current_state 1
	field_is plugin_output "WINBUILD WARNING - Windows Server 2008 SP2 6.0.6003.21481: ESU year 4 (Azure only) ended 2024-01-09 (1048 days ago)"
	long_output_is '\_ [WARNING] support: ESU year 4 (Azure only) ended 2024-01-09 (1048 days ago)' \
		'\_ [OK] build: 6003.21481 is at or above the minimum 6.0.6003.21481' \
		'\_ [OK] patch: KB5014010 of 2022-05-10 (6003.21481), 1657 days old' \
		'\_ [OK] updates: 0 monthly releases behind, on the release of 2022-05' \
		'\_ [OK] hotfixes: all 2 required hotfixes are installed' \
		'\_ [OK] agent: NSClient++ 0.16.4.55 is at or above the minimum 0.5.2.35' \
		'\_ revision: 21481 (nsclient:check_files ntoskrnl.exe)' \
		'\_ edition: Microsoft(R) Windows Server(R) 2008 Standard, Service Pack 2, 64-bit (general)' \
		'\_ hotfixes: 5 installed, newest first: KB5014006 (2022-05-11), KB4474419 (2019-09-24), KB4503287 (2019-06-12), KB4499180 (2019-05-15), KB4493730 (2019-04-16)' \
		'\_ agent: NSClient++ 0.16.4.55, REST API v1' \
		"$UPDATES_NOTE"
	perfdata_is "'patch_age'=1657;;;; 'updates_behind'=0;;;; 'build'=6003;;;; 'revision'=21481;;;; 'support_days_left'=-1048;60:;~:;; 'uptime'=86401s;;;;"
	logged "SERVICE ALERT: srv2008-6003;winbuild-policy;WARNING;HARD;1;WINBUILD WARNING - Windows Server 2008 SP2 6.0.6003.21481: ESU year 4 (Azure only) ended 2024-01-09 (1048 days ago)"
	ran_with "-H 127.0.0.1 --source snmp,rest $C_FILE $PW_FILE --policy $NG_POLICY -p $P6003 $rest$MORE"
}

@test "check_winbuild_patch!2022-05, SNMP and NSClient++: the 6003 host's rollup, its age, the baseline met" {
	local rest
	rest="--rest-port $(emu_port w2008) --pin $EMU_PIN"
	svc srv2008-6003 winbuild-patch
	field_is check_command "check_winbuild_patch!2022-05!-p $P6003 $rest --patch-age-warning 365 --updates-behind-critical 0$MORE"
	field_is current_state 2
	field_is plugin_output "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003.21481: extended support ended 2020-01-14 (2504 days ago)"
	long_output_is '\_ [CRITICAL] support: extended support ended 2020-01-14 (2504 days ago); ESU also ended 2023-01-10, on Azure also ended 2024-01-09' \
		'\_ [WARNING] patch: KB5014010 of 2022-05-10 (6003.21481), 1657 days old' \
		'\_ [OK] updates: 0 monthly releases behind, on the release of 2022-05' \
		'\_ [OK] baseline: at or above the baseline 2022-05, KB5014010 of 2022-05-10 (6003.21481)' \
		'\_ revision: 21481 (nsclient:check_files ntoskrnl.exe)' \
		'\_ edition: Microsoft(R) Windows Server(R) 2008 Standard, Service Pack 2, 64-bit (general)' \
		'\_ hotfixes: 5 installed, newest first: KB5014006 (2022-05-11), KB4474419 (2019-09-24), KB4503287 (2019-06-12), KB4499180 (2019-05-15), KB4493730 (2019-04-16)' \
		'\_ agent: NSClient++ 0.16.4.55, REST API v1' \
		"$UPDATES_NOTE"
	perfdata_is "'patch_age'=1657;365;;; 'updates_behind'=0;;0;; 'build'=6003;;;; 'revision'=21481;;;; 'support_days_left'=-2504;180:;0:;; 'uptime'=86401s;;;;"
	ran_with "-H 127.0.0.1 --source snmp,rest $C_FILE $PW_FILE --baseline 2022-05 -p $P6003 $rest --patch-age-warning 365 --updates-behind-critical 0$MORE"
}

@test "check_winbuild_snmp_nt!0.9.0, SNMP and NSClient++'s check_nt: the agent below the minimum" {
	local nt
	nt="--nt-port $(emu_nt_port nt) --support esu-azure"
	svc srv2008-6003 winbuild-nt
	field_is check_command "check_winbuild_snmp_nt!0.9.0!-p $P6003 $nt$MORE"
	field_is current_state 2
	field_is plugin_output "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003: ESU year 4 (Azure only) ended 2024-01-09 (1048 days ago)"
	long_output_is '\_ [CRITICAL] support: ESU year 4 (Azure only) ended 2024-01-09 (1048 days ago)' \
		'\_ [CRITICAL] agent: NSClient++ 0.5.2.35 is older than the minimum 0.9.0.0' \
		'\_ agent: NSClient++ 0.5.2.35, over check_nt (no TLS)'
	perfdata_is "'build'=6003;;;; 'support_days_left'=-1048;180:;0:;; 'uptime'=86401s;;;;"
	ran_with "-H 127.0.0.1 --source snmp,nt $C_FILE $PW_FILE --min-agent 0.9.0 -p $P6003 $nt$MORE"
	# the password from the file reached the agent
	grep -q "check_nt '\*\*\*&1' -> 'NSClient++ 0.5.2.35 2018-01-28'" "$(emu_log nt)"
}

@test "check_winbuild_nrpe!anon-ecdh, NSClient++ 0.16 over NRPE: CRITICAL with the revision, unauthenticated said" {
	local nrpe
	nrpe="--nrpe-port $(emu_port nrpe) --nrpe-version 2 --support esu"
	svc srv2008-6003 winbuild-nrpe
	field_is check_command "check_winbuild_nrpe!anon-ecdh!$nrpe$MORE"
	field_is current_state 2
	field_is plugin_output "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003.21481: ESU year 3 ended 2023-01-10 (1412 days ago)"
	long_output_is '\_ [CRITICAL] support: ESU year 3 ended 2023-01-10 (1412 days ago); on Azure also ended 2024-01-09' \
		'\_ [OK] patch: KB5014010 of 2022-05-10 (6003.21481), 1657 days old' \
		'\_ [OK] updates: 0 monthly releases behind, on the release of 2022-05' \
		'\_ revision: 21481 (nsclient:check_files ntoskrnl.exe)' \
		'\_ edition: Microsoft(R) Windows Server(R) 2008 Standard, Service Pack 2, 64-bit (general)' \
		'\_ hotfixes: 5 installed, newest first: KB5014006 (2022-05-11), KB4474419 (2019-09-24), KB4503287 (2019-06-12), KB4499180 (2019-05-15), KB4493730 (2019-04-16)' \
		'\_ agent: NSClient++ 0.16.4.55, over NRPE' \
		'\_ tls: the agent was not authenticated (--nrpe-tls adh, anon-ecdh or none, or --insecure)' \
		"$UPDATES_NOTE"
	perfdata_is "'patch_age'=1657;;;; 'updates_behind'=0;;;; 'build'=6003;;;; 'revision'=21481;;;; 'support_days_left'=-1412;180:;0:;;"
	ran_with "-H 127.0.0.1 --source nrpe --nrpe-tls anon-ecdh $nrpe$MORE"
	! grep -q 'query v4' "$(emu_log nrpe)" || return 1
}

@test "check_winbuild_fleet!windows.hosts!50!80: the estate in one check, WARNING at 67 % out of support" {
	local csv=$NG_DIR/var/fleet.csv
	svc monitoring windows-fleet
	field_is check_command "check_winbuild_fleet!$NG_DIR/etc/windows.hosts!50!80!--records $csv$MORE"
	field_is current_state 1
	field_is plugin_output "WINBUILD FLEET WARNING - 3 hosts: 2 out of support (66.7 %), 2 CRITICAL, 0 WARNING, 0 UNKNOWN"
	long_output_is '\_ states: 1 OK, 0 WARNING, 2 CRITICAL, 0 UNKNOWN' \
		'\_ support: 2 ended, 0 in mainstream, 1 in extended, 0 in ESU, 0 in ESU on Azure' \
		'\_ products: Windows Server 2008 SP2 (2), Windows Server 2019 (1)' \
		'\_ soonest end: dc2019, Windows Server 2019, 2029-01-09 (779 days left)'
	perfdata_is "'hosts'=3;;;0; 'ok'=1;;;0; 'warning'=0;;;0; 'critical'=2;;;0; 'unknown'=0;;;0; 'out_of_support'=66.7%;50;80;0;100"
	ran_with "--hosts $NG_DIR/etc/windows.hosts -w 50 -c 80 $C_FILE --records $csv$MORE"
	[ "$(wc -l <"$csv")" -eq 4 ]
	[ "$(stat -c %U "$csv")" = "$NG_USER" ]
	! grep -qF "$COMMUNITY" "$csv" || return 1
}

@test "a fleet run's results, submitted to Nagios' command pipe, are the passive services' states" {
	local s deadline
	run -1 "$WB_BIN" --hosts "$NG_DIR/etc/windows.hosts" -w 50 -c 80 \
		--community-file "$NG_DIR/secrets/community" --date "$WB_DATE" \
		${WB_CATALOG:+--catalog "$WB_CATALOG"} ${WB_UPDATES:+--updates "$WB_UPDATES"} \
		--submit command-file --command-file "$NG_DIR/var/rw/nagios.cmd" \
		--submit-service winbuild-passive
	output_matches "^\\\\_ submitted: 3 results to $NG_DIR/var/rw/nagios.cmd$"
	deadline=$(($(now_ms) + 20000))
	for s in srv2008-6002 dc2019 srv2008-6003; do
		until [ "$(ng_field "$NG_DIR/var/status.dat" "$s" winbuild-passive has_been_checked)" = 1 ]; do
			[ "$(now_ms)" -lt "$deadline" ] || { echo "$s: no passive result" >&2; return 1; }
			sleep 0.2
		done
	done
	cp "$NG_DIR/var/status.dat" "$BATS_FILE_TMPDIR/status.dat"
	svc srv2008-6002 winbuild-passive
	field_is check_type 1
	field_is current_state 2
	field_is plugin_output "WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6002: extended support ended 2020-01-14 (2504 days ago)"
	# the long output as the plugin's, but for the last line end, which Nagios trims from a
	# passive result
	field_is long_plugin_output '\\_ [CRITICAL] support: extended support ended 2020-01-14 (2504 days ago); ESU also ended 2023-01-10, on Azure also ended 2024-01-09\n\\_ [CRITICAL] denied: 6.0.6002 is denied (advisory 6002-no-updates): no update since March 2019 (last 6002 rollup: 6.0.6002.24565); Server 2008 SP2: install the servicing stack KB4493730 and SHA-2 support KB4474419, then the April 2019 rollup KB4493471 or later (build 6003)'
	[ "$(field performance_data)" = "'build'=6002;;;; 'support_days_left'=-2504;180:;0:;; 'uptime'=86401s;;;;" ]
	svc dc2019 winbuild-passive
	field_is current_state 0
	svc srv2008-6003 winbuild-passive
	field_is current_state 2
	logged "EXTERNAL COMMAND: PROCESS_SERVICE_CHECK_RESULT;srv2008-6002;winbuild-passive;2;"
}

@test "no secret in status.dat, retention.dat, the logs, the object cache, or any process of Nagios" {
	local v=$NG_DIR/var l=$NG_DIR/log
	# The negative checks see real records: the plugin's command lines (with the secrets'
	# files) in the debug log and in the process list watched during the checks, the results in
	# status.dat and, once Nagios has stopped, in retention.dat.
	[ "$(ng_ran | wc -l)" -eq 9 ]
	grep -qF -- "--community-file $NG_DIR/secrets/community" "$l/nagios.debug"
	if ! grep -qF "cmdline: $(dirname "$WB_BIN")/check_winbuild -H 127.0.0.1 " \
		"$BATS_FILE_TMPDIR/processes"; then
		echo "the watch saw no plugin ($(cat "$BATS_FILE_TMPDIR/watch/log")):" >&2
		cat "$BATS_FILE_TMPDIR/processes" >&2
		return 1
	fi
	grep -qF 'extended support ended 2020-01-14' "$v/status.dat"
	no_secret_in "$v/status.dat" "$BATS_FILE_TMPDIR/status.dat" "$v/objects.cache" \
		"$BATS_FILE_TMPDIR/processes"
	ng_stop
	[ -s "$v/retention.dat" ]
	[ "$(ng_field "$v/retention.dat" srv2008-6003 winbuild-policy current_state)" = 1 ]
	grep -qF 'extended support ended 2020-01-14' "$v/retention.dat"
	no_secret_in "$v/retention.dat" "$l/nagios.log" "$l/nagios.debug" "$NG_DIR/console.log"
}

@test "the system's Nagios directories are untouched and no daemon process is left" {
	ng_stop
	[ -z "$(ng_procs)" ]
	ng_system_state >"$BATS_FILE_TMPDIR/system.after"
	diff "$BATS_FILE_TMPDIR/system.before" "$BATS_FILE_TMPDIR/system.after"
}
