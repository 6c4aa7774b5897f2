#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
#
# The REST rows of the fault matrix: check_winbuild against an NSClient++ (the emulator,
# tests/emulator) that misbehaves, or something else in its place, on loopback. Each row
# asserts the state, the message a user sees, the time bound (the answer within -t plus 1 s)
# and that the plugin did not crash (an exit code of 0-3, a plugin line, nothing on stderr).

bats_require_minimum_version 1.5.0

setup_file() {
	load helpers
	load ../emulator/emulator
	emu_setup
	local h=$EMU_HOSTS/win2008sp2.json c=$EMU_CERTS
	# the real agent, for the 401/403 contrast and the target of the cross-host redirect
	start_emulator agent --host "$h"
	start_emulator trap --host "$h"
	start_emulator ratelimit --host "$h"
	start_emulator tls-stall --host "$h" --fault tls-stall
	start_emulator expired --host "$h" --cert "$c/expired.pem" --key "$c/expired.key"
	start_emulator wrongname --host "$h" --cert "$c/wrongname.pem" --key "$c/wrongname.key"
	start_emulator slow --host "$h" --fault slow-body
	start_emulator chunked --host "$h" --fault chunked-endless --fault-route check_os_version
	start_emulator huge --host "$h" --fault oversized --fault-bytes $((10 * 1024 * 1024)) \
		--fault-route check_os_version
	start_emulator redirect-away --host "$h" --fault redirect \
		--redirect-to "https://localhost:$(emu_port trap)/api/v1/info/version"
	start_emulator redirect-here --host "$h" --fault redirect --fault-status 301 \
		--fault-route check_os_version --redirect-to /index.html
	start_emulator gzip --host "$h" --fault gzip
	start_emulator http10 --host "$h" --fault http10
	start_emulator unauthorized --host "$h" --fault unauthorized
	start_emulator html-200 --host "$h" --fault html
	start_emulator html-502 --host "$h" --fault html --fault-status 502 \
		--fault-route check_os_version
}

teardown_file() {
	load helpers
	load ../emulator/emulator
	emu_teardown
}

setup() {
	load helpers
	load ../emulator/emulator
	require_wb
}

# free_tcp_port: a TCP port nothing listens on at 127.0.0.1 (the kernel's pick, released).
free_tcp_port() {
	"$WB_PYTHON" -c 'import socket
s = socket.socket()
s.bind(("127.0.0.1", 0))
print(s.getsockname()[1])'
}

# fault NAME|PORT T STATUS ARGS...: the plugin with -t T against emulator NAME (or a bare port),
# REST only, the test CA, the right password; then the row's common assertions: exit code
# STATUS, a first line "WINBUILD <state> - " (or JSON with that state), nothing on stderr,
# within T + 1 s. Sets what `run` sets, and ELAPSED_MS.
fault() {
	local target=$1 t=$2 want=$3 port
	shift 3
	case $target in
	[0-9]*) port=$target ;;
	*) port=$(emu_port "$target") ;;
	esac
	timed_run wb -H 127.0.0.1 --source rest --rest-port "$port" --ca-file "$EMU_CERTS/ca.pem" \
		--password "$EMU_PASSWORD" --date 2026-11-22 -t "$t" "$@"
	answered_within "$t" "$want"
}

# first_line_is TEXT: the first line is exactly TEXT (a glob pattern).
first_line_is() {
	# shellcheck disable=SC2053 # TEXT is a pattern
	[[ "${lines[0]}" == $1 ]] ||
		{ printf 'first line:\n  %s\nexpected:\n  %s\n' "${lines[0]}" "$1" >&2; return 1; }
}

# timed_out PATTERN: the first line is PATTERN, the module's account of the step that ran out
# of time, or else the plugin's own -t alarm, which answers instead when the module's report
# comes too late (the module has -t less 100 ms: under a sanitiser on a loaded machine that
# margin can be too short). Both answer within -t; an alarm's answer is noted in the TAP output.
timed_out() {
	# shellcheck disable=SC2053 # PATTERN is a pattern
	[[ "${lines[0]}" != $1 ]] || return 0
	local alarm="WINBUILD * - no complete answer from 127.0.0.1 within * s (*NSClient++ REST on port *)"
	# shellcheck disable=SC2053 # a pattern
	if [[ "${lines[0]}" == $alarm ]]; then
		echo "# the -t alarm answered first: ${lines[0]}" >&3
		return 0
	fi
	first_line_is "$1"
}

# clean_output: the raw output (fault run again through run_raw) has no control bytes and no
# '|' outside perfdata.
clean_output() {
	run_raw "$@"
	no_control_bytes "$RAW_OUT"
	pipe_only_perfdata "$RAW_OUT"
}

base() { echo "https://127.0.0.1:$(emu_port "$1")"; }

# --- the connection ------------------------------------------------------------------------

@test "connection refused: UNKNOWN at once, saying refused and asking whether the WEBServer runs" {
	local port
	port=$(free_tcp_port)
	fault "$port" 2 3
	first_line_is "WINBUILD UNKNOWN - cannot connect to https://127.0.0.1:$port: connection refused (is NSClient++'s WEBServer running, on this port?)"
	[ "$ELAPSED_MS" -lt 2000 ]
}

@test "a TLS handshake that stalls (TCP accepted, no ServerHello): UNKNOWN within -t, naming the handshake" {
	fault tls-stall 2 3
	timed_out "WINBUILD UNKNOWN - no answer from $(base tls-stall) in time: the connection was accepted, but the TLS handshake did not finish (is this NSClient++'s HTTPS port?) (the whole check has 2 s)"
	grep -q 'tls-stall: connection accepted and held' "$(emu_log tls-stall)"
	fault tls-stall 2:CRITICAL 2
	timed_out "WINBUILD CRITICAL - no answer from $(base tls-stall) in time: the connection was accepted, but the TLS handshake did not finish*"
}

# --- the certificate -----------------------------------------------------------------------

@test "an expired certificate from the right CA: UNKNOWN saying it expired, not to change --ca-file" {
	fault expired 2 3
	first_line_is "WINBUILD UNKNOWN - the certificate of $(base expired) has expired (SSL certificate problem: certificate has expired): renew the agent's certificate, or correct this host's clock"
	# nothing was asked, so no password went out
	[ ! -s "$(emu_log expired)" ]
}

@test "a certificate for another name: UNKNOWN naming the host; its pinned key is accepted" {
	local pin
	fault wrongname 2 3
	first_line_is "WINBUILD UNKNOWN - the certificate of $(base wrongname) is not for 127.0.0.1 (SSL: no alternative certificate subject name matches target host name '127.0.0.1'): give -H as a name the certificate carries, or --pin its public key"
	[ ! -s "$(emu_log wrongname)" ]
	pin="sha256//$(openssl pkey -in "$EMU_CERTS/wrongname.key" -pubout -outform DER |
		openssl dgst -sha256 -binary | openssl base64 -A)"
	run -2 wb -H 127.0.0.1 --source rest --rest-port "$(emu_port wrongname)" \
		--password "$EMU_PASSWORD" --pin "$pin" --date 2026-11-22 --output-format json
	json_is .host.revision 21481
}

# --- the body ------------------------------------------------------------------------------

@test "a body sent one byte a second: UNKNOWN within -t, saying how much came" {
	fault slow 2 3
	timed_out "WINBUILD UNKNOWN - no complete answer from $(base slow) in time: only "*" bytes of its body came (the whole check has 2 s)"
	fault slow 2:WARNING 1
}

@test "a chunked body that never ends: UNKNOWN within -t" {
	fault chunked 2 3
	timed_out "WINBUILD UNKNOWN - no complete answer from $(base chunked) in time: only "*" bytes of its body came (the whole check has 2 s)"
}

@test "a 10 MiB body: UNKNOWN at the 1 MiB cap, without reading the rest" {
	fault huge 3 3
	first_line_is "WINBUILD UNKNOWN - the answer from $(base huge) is larger than 1024 KiB"
	[ "$ELAPSED_MS" -lt 3000 ]
}

@test "HTTP/1.0 without a Content-Length (the body ends at the close): read as usual" {
	fault http10 2 2 --output-format json
	json_is .host.product '"server-2008-sp2"'
	json_is .host.revision 21481
	json_is '.host.hotfixes | length' 5
	# the emulator did answer that way
	run curl -sk -D - -o /dev/null -H "password: $EMU_PASSWORD" "$(base http10)/api/v1/info/version"
	[[ "$output" == "HTTP/1.0 200 OK"* && "$output" != *Content-Length* ]]
}

@test "Content-Encoding: gzip nobody asked for: UNKNOWN saying so, never inflated" {
	fault gzip 2 3
	first_line_is "WINBUILD UNKNOWN - $(base gzip) sent its answer to /api/v1/info/version compressed (Content-Encoding: gzip) although the plugin asked for none: not decoded (is a proxy in between?)"
	# the plugin said it wanted none
	grep -q 'GET /api/v1/info/version HTTP/1.1 .* accept-encoding=identity$' "$(emu_log gzip)"
}

# --- what answers is not NSClient++ ----------------------------------------------------------

@test "a 302 to another host: not followed, the password not sent there, the target named" {
	local trap_log
	trap_log=$(emu_log trap)
	: >"$trap_log"
	fault redirect-away 2 3
	first_line_is "WINBUILD UNKNOWN - $(base redirect-away) answered HTTP 302 to /api/v1/info/version, a redirect to https://localhost:$(emu_port trap)/api/v1/info/version: not followed, the password not sent there (NSClient++ does not redirect: is a proxy or another web server on this port?)"
	# the other host heard nothing; the redirecting one got the one request
	[ ! -s "$trap_log" ]
	[ "$(wc -l <"$(emu_log redirect-away)")" -eq 1 ]
	clean_output -H 127.0.0.1 --source rest --rest-port "$(emu_port redirect-away)" \
		--ca-file "$EMU_CERTS/ca.pem" --password "$EMU_PASSWORD"
	[ ! -s "$trap_log" ]
}

@test "a 301 to the same host, on a later request: not followed either" {
	fault redirect-here 2 3
	first_line_is "WINBUILD UNKNOWN - $(base redirect-here) answered HTTP 301 to check_os_version, a redirect to $(base redirect-here)/index.html: not followed, the password not sent there (NSClient++ does not redirect: is a proxy or another web server on this port?)"
	run ! grep -q 'index.html' "$(emu_log redirect-here)"
}

@test "an HTML page with 200 in place of JSON: UNKNOWN, not NSClient++, its title sanitised" {
	fault html-200 2 3
	first_line_is "WINBUILD UNKNOWN - $(base html-200) answered HTTP 200 to /api/v1/info/version with an HTML page (\"Sign in Web Gateway [2J\"), not NSClient++'s JSON: is a proxy or another web server on this port?"
	[[ "$output" != *"<"* && "$output" != *"password\""* ]]
	clean_output -H 127.0.0.1 --source rest --rest-port "$(emu_port html-200)" \
		--ca-file "$EMU_CERTS/ca.pem" --password "$EMU_PASSWORD"
}

@test "a proxy's 502 HTML error page, on a later request: UNKNOWN with its status and title" {
	fault html-502 2 3
	first_line_is "WINBUILD UNKNOWN - $(base html-502) answered HTTP 502 to check_os_version with an HTML page (\"502 Bad Gateway\"), not NSClient++'s JSON: is a proxy or another web server on this port?"
	[[ "$output" != *"<"* && "$output" != *nginx* ]]
}

# --- credentials ---------------------------------------------------------------------------

@test "401 and 403 each have their own message" {
	fault unauthorized 2 3
	first_line_is "WINBUILD UNKNOWN - $(base unauthorized) asks for HTTP authentication (HTTP 401), which NSClient++ does not (it answers 403): is a proxy or another web server on this port? For Basic authentication give --user and --password"
	fault unauthorized 2 3 --user monitor
	first_line_is "WINBUILD UNKNOWN - $(base unauthorized) refused the Basic authentication of --user (HTTP 401): check --user and --password (NSClient++ itself answers 403: is a proxy or another web server on this port?)"
	run --separate-stderr wb -H 127.0.0.1 --source rest --rest-port "$(emu_port agent)" \
		--ca-file "$EMU_CERTS/ca.pem" -t 2
	status_is 3
	first_line_is "WINBUILD UNKNOWN - NSClient++ refused the credentials at $(base agent) (HTTP 403: \"403 You're not allowed\"): none were given, use --password, --password-file or WINBUILD_NSCLIENT_PASSWORD"
	fault agent 2 3 --password wbWrong-Pw-3kd9
	first_line_is "WINBUILD UNKNOWN - NSClient++ refused the credentials at $(base agent), or blocks this address for a minute after 10 failed logins (HTTP 403: \"403 You're not allowed\"): check --password or --user, and the agent's allowed hosts"
	not_in_output wbWrong-Pw-3kd9
	not_in_output "$EMU_PASSWORD"
}

@test "0.16's rate limit: after 10 failed logins the right password gets 403, and the message says why" {
	local i
	for i in $(seq 10); do
		fault ratelimit 2 3 --password "wbWrong-$i"
	done
	fault ratelimit 2 3
	first_line_is "WINBUILD UNKNOWN - NSClient++ refused the credentials at $(base ratelimit), or blocks this address for a minute after 10 failed logins (HTTP 403: \"403 You're not allowed\"): check --password or --user, and the agent's allowed hosts"
	# the last request did carry the password
	tail -n 1 "$(emu_log ratelimit)" | grep -q 'password-header=yes authorization=none status=403'
}
