#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The binaries under test carry the hardening of Debian's dpkg-buildflags (hardening=+all), as
# scripts/build and the Debian package build them: a position-independent executable, full RELRO
# (RELRO and BIND_NOW), the stack protector, and _FORTIFY_SOURCE's checked calls.

load helpers

# module NAME: a module of the binary under test (nsclient.so, nsclient-http.so):
# WINBUILD_MODULE_DIR's in the build tree, else the one installed beside it
# (PREFIX/libexec/nagios/plugins and PREFIX/lib/check_winbuild)
module() {
	if [ -n "${WINBUILD_MODULE_DIR:-}" ]; then
		echo "$WINBUILD_MODULE_DIR/$1"
	else
		find "$(dirname "$WB_BIN")/../../.." -path "*/check_winbuild/$1" | head -n 1
	fi
}

# hardened FILE TYPE: TYPE is EXEC's "DYN (Position-Independent Executable file)" or "DYN
# (Shared object file)"; every other mark must be there.
hardened() {
	local f=$1 headers dynamic symbols
	[ -f "$f" ] || { echo "no file $f" >&2; return 1; }
	headers=$(readelf -lhW "$f")
	dynamic=$(readelf -dW "$f")
	symbols=$(readelf --dyn-syms -W "$f")
	grep -q "Type: *DYN ($2" <<<"$headers" || { echo "$f: not $2" >&2; return 1; }
	grep -q GNU_RELRO <<<"$headers" || { echo "$f: no RELRO" >&2; return 1; }
	grep -qE 'BIND_NOW|FLAGS.*NOW' <<<"$dynamic" || { echo "$f: no BIND_NOW" >&2; return 1; }
	grep -q __stack_chk_fail <<<"$symbols" || { echo "$f: no stack protector" >&2; return 1; }
	grep -qE '__[a-z]+_chk(@|$| )' <<<"$symbols" || { echo "$f: no fortified calls" >&2; return 1; }
}

@test "the plugin is a hardened position-independent executable" {
	hardened "$WB_BIN" "Position-Independent Executable"
}

@test "the NSClient++ modules are hardened shared objects" {
	hardened "$(module nsclient.so)" "Shared object"
	hardened "$(module nsclient-http.so)" "Shared object"
}
