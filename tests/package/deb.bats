#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The Debian package, end to end: scripts/package builds it in a temporary copy of the checkout,
# lintian finds no error, the binaries carry Debian's hardening, dpkg -i installs it, the
# INSTALLED plugin checks a simulated Server 2019 domain controller (snmpsim) with the installed
# catalogue and loads the installed REST module, Icinga 2 accepts include <check_winbuild>, and
# dpkg -r and dpkg -P each take away every file the package brought.
#
# Needs root (it installs and removes a package; skipped otherwise) and the packages of
# scripts/deps; refuses to run when check-winbuild is installed already or a file not from a
# package sits at the plugin's path. The tests are steps of one sequence: each needs the ones
# before it. Whatever fails, teardown_file purges what it installed. Not part of make check.
#
#   bats tests/package/deb.bats

bats_require_minimum_version 1.5.0

export WB_INSTALLED=1 WB_BIN=/usr/lib/nagios/plugins/check_winbuild
load ../blackbox/helpers

PKG=check-winbuild
WB_DATE=2026-11-22

# The files the package holds, directories aside; MULTIARCH is filled in.
expected_files() {
	cat <<EOF
/usr/lib/MULTIARCH/check_winbuild/nsclient-http.so
/usr/lib/MULTIARCH/check_winbuild/nsclient.so
/usr/lib/nagios/plugins/check_winbuild
/usr/share/check_winbuild/contrib/icinga2-check_winbuild.conf
/usr/share/check_winbuild/contrib/nagios-commands.cfg
/usr/share/check_winbuild/policies/current-only.policy
/usr/share/check_winbuild/policies/dc-lsass-april-2026.policy
/usr/share/check_winbuild/policies/legacy-esu.policy
/usr/share/check_winbuild/windows-lifecycle.catalog
/usr/share/check_winbuild/windows-updates.data
/usr/share/doc/check-winbuild/NEWS.gz
/usr/share/doc/check-winbuild/README.md.gz
/usr/share/doc/check-winbuild/changelog.gz
/usr/share/doc/check-winbuild/copyright
/usr/share/icinga2/include/check_winbuild
/usr/share/man/man1/check_winbuild.1.gz
EOF
}

# Everything lives in $BATS_FILE_TMPDIR: the package (debs/), its contents as dpkg-deb lists them
# (contents), and which of those paths existed before the installation (preexisting).
# The preconditions are checked here: when they fail, no test runs.
setup_file() {
	export DEBS=$BATS_FILE_TMPDIR/debs
	export CONTENTS=$BATS_FILE_TMPDIR/contents PREEXISTING=$BATS_FILE_TMPDIR/preexisting
	export INSTALLED_BY_US=$BATS_FILE_TMPDIR/installed-by-us
	# bats 1.8 cannot skip from setup_file: setup() skips every test instead.
	if [ "$(id -u)" != 0 ]; then
		export WB_SKIP_ALL="needs root: it installs and removes $PKG with dpkg"
		return 0
	fi
	local tool
	for tool in dpkg-buildpackage dpkg-architecture dh lintian readelf snmpsimd jq; do
		command -v "$tool" >/dev/null || { echo "$tool is missing: run scripts/deps" >&2; return 1; }
	done
	export MULTIARCH
	MULTIARCH=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
	if pkg_known; then
		echo "$PKG is installed ($(pkg_status)); this test would replace and remove it." >&2
		echo "Remove it first: dpkg -P $PKG" >&2
		return 1
	fi
	if [ -e "$WB_BIN" ]; then
		echo "$WB_BIN exists and belongs to no package; dpkg would overwrite it" >&2
		return 1
	fi
}

setup() {
	[ -z "${WB_SKIP_ALL:-}" ] || skip "$WB_SKIP_ALL"
}

teardown_file() {
	stop_snmpsim || true
	# Leave the machine as it was, whatever step failed.
	if [ -e "$INSTALLED_BY_US" ] && pkg_known; then
		dpkg_run -P "$PKG" >/dev/null 2>&1 || true
	fi
}

# pkg_status: dpkg's status of the package ("install ok installed", ...), empty if dpkg does not
# know it at all.
pkg_status() { dpkg-query -W -f='${Status}' "$PKG" 2>/dev/null || true; }

# pkg_known: dpkg knows the package in any state but not-installed.
pkg_known() {
	local s
	s=$(pkg_status)
	[ -n "$s" ] && [ "${s##* }" != not-installed ]
}

# dpkg_run ARGS...: dpkg, waiting (up to 2 minutes) while apt or another dpkg holds its lock.
dpkg_run() {
	local out rc
	for _ in $(seq 120); do
		rc=0
		out=$(dpkg "$@" 2>&1) || rc=$?
		if [ "$rc" -ne 0 ] && [[ "$out" == *"lock"* ]]; then
			sleep 1
			continue
		fi
		printf '%s\n' "$out"
		return "$rc"
	done
	printf '%s\n' "$out"
	return "$rc"
}

# deb: the path of the package built by the first test.
deb() {
	local f
	for f in "$DEBS/${PKG}"_*.deb; do
		[ -e "$f" ] || break
		echo "$f"
		return 0
	done
	echo "no $PKG .deb in $DEBS: the build step failed" >&2
	return 1
}

# note TEXT: a TAP comment in the test log.
note() { echo "# $*" >&3; }

# gone_after_removal: after dpkg -r or -P, the package is not-installed and nothing it installed
# is left, except paths that existed before (shared directories such as /usr/share/icinga2).
gone_after_removal() {
	local s p left=
	s=$(pkg_status)
	if [ -n "$s" ] && [ "${s##* }" != not-installed ]; then
		echo "dpkg status after removal: $s" >&2
		return 1
	fi
	while IFS= read -r p; do
		grep -qxF -- "$p" "$PREEXISTING" && continue
		if [ -e "$p" ] || [ -L "$p" ]; then left="$left $p"; fi
	done <"$CONTENTS"
	if [ -n "$left" ]; then
		echo "left behind:$left" >&2
		return 1
	fi
}

@test "scripts/package builds the .deb outside the checkout" {
	local parent t0
	parent=$(dirname "$WB_TOP")
	t0=$(now_ms)
	run "$WB_TOP/scripts/package" "$DEBS"
	note "scripts/package took $((($(now_ms) - t0) / 1000)) s"
	status_is 0
	deb
	# Nothing in the directory above the checkout (dpkg-buildpackage's default output place),
	# no build leftovers in the checkout's debian/.
	run find "$parent" -maxdepth 1 -newer "$BATS_FILE_TMPDIR" \
		\( -name "${PKG}_*" -o -name "${PKG}-dbgsym_*" \)
	[ -z "$output" ] || { echo "written next to the checkout: $output" >&2; return 1; }
	for p in debian/$PKG debian/.debhelper debian/files debian/tmp; do
		if [ -e "$WB_TOP/$p" ] && [ "$WB_TOP/$p" -nt "$BATS_FILE_TMPDIR" ]; then
			echo "the build wrote $WB_TOP/$p" >&2
			return 1
		fi
	done
}

@test "lintian: no errors (every line shown in the log)" {
	local changes t0
	deb
	changes=$(echo "$DEBS"/${PKG}_*.changes)
	t0=$(now_ms)
	run --separate-stderr lintian -I --pedantic "$changes"
	note "lintian took $((($(now_ms) - t0) / 1000)) s, said:"
	local line
	for line in "${lines[@]}"; do note "  $line"; done
	# lintian exits non-zero on errors too; the E: lines are what counts.
	if printf '%s\n' "$output" | grep -q '^E: '; then
		echo "lintian errors:" >&2
		printf '%s\n' "$output" | grep '^E: ' >&2
		return 1
	fi
	[ "$status" -eq 0 ] || { echo "lintian failed: ${stderr:-}" >&2; return 1; }
}

@test "the binaries carry Debian's hardening: PIE, RELRO, BIND_NOW, stack protector, fortify" {
	local root f
	root=$BATS_FILE_TMPDIR/unpacked
	rm -rf "$root"
	dpkg-deb -x "$(deb)" "$root"
	f=$root$WB_BIN
	readelf -hW "$f" | grep -q 'Type: *DYN' || { echo "$f is not position-independent" >&2; return 1; }
	readelf -dW "$f" | grep -q 'FLAGS_1.*PIE' || { echo "$f is not a PIE" >&2; return 1; }
	for f in "$root$WB_BIN" "$root/usr/lib/$MULTIARCH"/check_winbuild/nsclient{,-http}.so; do
		readelf -lW "$f" | grep -q GNU_RELRO || { echo "$f: no RELRO" >&2; return 1; }
		readelf -dW "$f" | grep -q 'BIND_NOW' || { echo "$f: no BIND_NOW" >&2; return 1; }
		readelf --dyn-syms -W "$f" | grep -q '__stack_chk_fail' ||
			{ echo "$f: no stack protector" >&2; return 1; }
		readelf --dyn-syms -W "$f" | grep -q '__[a-z]*_chk\b' ||
			{ echo "$f: no _FORTIFY_SOURCE functions" >&2; return 1; }
	done
}

@test "dpkg -i installs it" {
	local p
	dpkg-deb --fsys-tarfile "$(deb)" | tar -t | sed 's|^\./|/|; s|/$||' | grep -v '^$' |
		sort >"$CONTENTS"
	: >"$PREEXISTING"
	while IFS= read -r p; do
		if [ -e "$p" ] || [ -L "$p" ]; then echo "$p" >>"$PREEXISTING"; fi
	done <"$CONTENTS"
	touch "$INSTALLED_BY_US"
	run dpkg_run -i "$(deb)"
	status_is 0
	[ "$(pkg_status)" = "install ok installed" ]
}

@test "dpkg -L lists exactly the expected files" {
	local want got
	want=$(expected_files | sed "s|MULTIARCH|$MULTIARCH|" | sort)
	got=$(dpkg -L "$PKG" | while IFS= read -r p; do [ -d "$p" ] || echo "$p"; done | sort)
	if [ "$want" != "$got" ]; then
		diff <(echo "$want") <(echo "$got") >&2 || true
		return 1
	fi
	[ -x "$WB_BIN" ]
}

@test "the installed plugin checks a simulated Server 2019 DC with the installed catalogue and update history" {
	start_snmpsim
	unset WINBUILD_MODULE_DIR
	run --separate-stderr "$WB_BIN" -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2019dc \
		--date "$WB_DATE" --baseline latest --missing-fact warning --output-format json
	stop_snmpsim
	# the baseline rule reads the installed history; without a revision (SNMP) it cannot
	# place the host: the missing-fact state, not "cannot open the update history"
	status_is 1
	json_is .host.product '"server-2019"'
	json_is .host.build 17763
	json_is '[.rules[] | select(.name == "baseline") | .message][0]' \
		'"the revision is not known (SNMP does not report it; add --source snmp,rest)"'
	json_is .patch null
}

@test "the installed example policies judge the simulated 2008 SP2 hosts" {
	local dir=/usr/share/check_winbuild/policies
	start_snmpsim
	run --separate-stderr "$WB_BIN" -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2008sp2-6002 \
		--date "$WB_DATE" --policy "$dir/legacy-esu.policy" --output-format json
	status_is 2
	json_is '[.rules[] | select(.name == "denied") | .state][0]' '"CRITICAL"'
	run --separate-stderr "$WB_BIN" -H 127.0.0.1 -p "$SNMPSIM_PORT" -C win2008sp2-6003 \
		--date "$WB_DATE" --policy "$dir/legacy-esu.policy" --output-format json
	stop_snmpsim
	status_is 1
	json_is '[.rules[] | select(.name == "support") | .state][0]' '"WARNING"'
}

@test "the installed plugin loads the installed NSClient++ module" {
	local port
	unset WINBUILD_MODULE_DIR
	port=$(free_port)
	# Nothing listens on the port: the module loads, tries and says so.
	run --separate-stderr "$WB_BIN" -H 127.0.0.1 --source rest --rest-port "$port" \
		--password x --insecure -t 5 --date "$WB_DATE"
	status_is 3
	if [[ "$output" == *"cannot load"* || "$output" == *"has no "* ]]; then
		echo "the module did not load: $output" >&2
		return 1
	fi
	# Only the module knows the REST port: naming it shows the module ran.
	output_matches "127\.0\.0\.1:$port" "the module's connection error"
}

@test "include <check_winbuild> gives Icinga 2 the CheckCommand" {
	local dir cmd
	command -v icinga2 >/dev/null || skip "icinga2 is not installed"
	cmd=$(sed -n 's/^object CheckCommand "\([^"]*\)".*/\1/p' \
		/usr/share/check_winbuild/contrib/icinga2-check_winbuild.conf | head -n 1)
	[ -n "$cmd" ] || { echo "no CheckCommand in the installed contrib file" >&2; return 1; }
	# Icinga 2 drops to its own user: the config must be readable by it.
	dir=$(mktemp -d "${WB_AGENT_TMP:-/tmp}/wb-icinga2.XXXXXX")
	chmod 755 "$dir"
	mkdir "$dir/cache"
	chown "$(stat -c %U /var/lib/icinga2 2>/dev/null || echo nagios)" "$dir/cache"
	# What Debian's icinga2.conf has, plus the include an admin adds.
	{
		if [ -r /etc/icinga2/constants.conf ]; then
			echo 'include "/etc/icinga2/constants.conf"'
		else
			echo 'const PluginDir = "/usr/lib/nagios/plugins"'
		fi
		echo 'include <itl>'
		echo 'include <plugins>'
		echo 'include <check_winbuild>'
		echo 'object Host "win2019dc" { check_command = "dummy"; address = "127.0.0.1" }'
		echo "object Service \"windows-support\" { host_name = \"win2019dc\"; check_command = \"$cmd\" }"
	} >"$dir/icinga2.conf"
	chmod 644 "$dir/icinga2.conf"
	run icinga2 daemon -C -c "$dir/icinga2.conf" -DCacheDir="$dir/cache"
	rm -rf -- "$dir"
	status_is 0
}

@test "dpkg -r removes it and every file it brought" {
	run dpkg_run -r "$PKG"
	status_is 0
	gone_after_removal
}

@test "dpkg -i again, then dpkg -P purges it and every file it brought" {
	run dpkg_run -i "$(deb)"
	status_is 0
	[ "$(pkg_status)" = "install ok installed" ]
	run dpkg_run -P "$PKG"
	status_is 0
	gone_after_removal
	rm -f "$INSTALLED_BY_US"
}
