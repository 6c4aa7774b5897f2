#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The layers of STYLE.md, as the sources include them: plugin/ on top; snmp/ and nsclient/
# below it; policy/ below them; lib/ at the bottom. Nothing includes a layer above it, and the
# libraries' headers stay in their layer: net-snmp in snmp/, curl, jansson and OpenSSL in
# nsclient/.

load helpers

# includes DIR: the project headers DIR's sources include, one "file: header" a line
includes() {
	grep -Ho '^#include "[a-z]*/' "$WB_TOP/$1"/*.[ch] | sed "s|$WB_TOP/||; s|#include \"||"
}

# only_from DIR ALLOWED...: DIR includes headers of the ALLOWED layers (and its own) only
only_from() {
	local dir=$1 bad
	shift
	bad=$(includes "$dir" | grep -vE ":($(IFS='|'; echo "$dir|$*"))/\$" || true)
	[ -z "$bad" ] || { echo "$dir includes from above: $bad" >&2; return 1; }
}

@test "lib/ includes nothing of the project's layers" {
	only_from lib
}

@test "policy/ includes lib/ only" {
	only_from policy lib
}

@test "snmp/ and nsclient/ include policy/ and lib/ only" {
	only_from snmp policy lib
	only_from nsclient policy lib
}

@test "plugin/ is included by no layer" {
	! grep -l '#include "plugin/' "$WB_TOP"/{lib,policy,snmp,nsclient}/*.[ch] || return 1
}

@test "library headers stay in their layer" {
	! grep -l '#include <net-snmp' "$WB_TOP"/{lib,policy,nsclient,plugin}/*.[ch] || return 1
	! grep -lE '#include <(curl/|jansson|openssl/)' "$WB_TOP"/{lib,policy,snmp,plugin}/*.[ch] || return 1
}
