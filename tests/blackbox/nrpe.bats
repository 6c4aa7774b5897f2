#!/usr/bin/env bats
# SPDX-License-Identifier: GPL-3.0-or-later
# check_winbuild --source nrpe against Debian's nrpe daemon (4.1, TLS with anonymous DH by default
# and plain with -n), whose commands print NSClient++'s check_os_version answers of each era
# (reference 4.3/4.6), and against the NRPE side of the NSClient++ emulator
# (tests/emulator/nrpe_emulator.py), which is first checked against Debian's check_nrpe.

bats_require_minimum_version 1.5.0

NRPE_BIN=/usr/sbin/nrpe
CHECK_NRPE=/usr/lib/nagios/plugins/check_nrpe

# The check_os_version answers of each era on Windows Server 2008 SP2 (reference 4.6).
ERA_04="OK: Windows 2008 (6.0.6003)|'version'=60;50;50"
ERA_0615="CRITICAL: Windows Server 2008 (6.0.6003)|'version'=0;50;50"
ERA_015="OK: Windows Server 2008 (6.0.6003.0) x64|'version'=60;50;50"

# start_nrpe NAME ANSWER [NRPE ARGS]: Debian's nrpe in the foreground on a free loopback port,
# with a config in $NRPE_DIR/NAME whose check_os_version prints ANSWER; waits until it listens.
start_nrpe() {
	local name=$1 answer=$2 d port pid deadline
	shift 2
	d=$NRPE_DIR/$name
	mkdir -p "$d"
	port=$(free_port) || return 1
	printf '#!/bin/sh\nprintf "%%s\\n" "%s"\nexit %s\n' "$answer" \
		"$([ "${answer%%:*}" = CRITICAL ] && echo 2 || echo 0)" >"$d/os_version.sh"
	chmod 755 "$d" "$d/os_version.sh"
	nrpe_config "$port" "$d/os_version.sh" >"$d/nrpe.cfg"
	"$NRPE_BIN" -c "$d/nrpe.cfg" -f "$@" </dev/null >"$d/stdout" 2>"$d/stderr" 3>&- &
	pid=$!
	echo "$pid" >"$d/pid"
	echo "$port" >"$d/port"
	deadline=$(($(now_ms) + 10000))
	until (exec 9<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; do
		if ! _wb_alive "$pid" nrpe || [ "$(now_ms)" -gt "$deadline" ]; then
			echo "start_nrpe $name: not listening" >&2
			cat "$d/stderr" >&2
			return 1
		fi
		sleep 0.02
	done
}

# start_emu NAME ARGS: the NRPE emulator on a free port, ARGS as they are; its log in
# $NRPE_DIR/NAME/requests.log.
start_emu() { EMU_DIR=$NRPE_DIR start_nrpe_emulator "$@"; }

port_of() { cat "$NRPE_DIR/$1/port"; }

setup_file() {
	load helpers
	load ../emulator/emulator
	NRPE_DIR=$(mktemp -d "${WB_AGENT_TMP:-/tmp}/wb-nrpe.XXXXXX")
	chmod 755 "$NRPE_DIR"
	export NRPE_DIR
	sh "$BATS_TEST_DIRNAME/../emulator/make-certs.sh" "$NRPE_DIR/certs" >/dev/null
	openssl genpkey -genparam -algorithm DH -pkeyopt group:ffdhe2048 \
		-out "$NRPE_DIR/certs/dh2048.pem" 2>/dev/null
	# Debian's nrpe: TLS by default (anonymous DH without a certificate), and -n: plain
	start_nrpe tls-04 "$ERA_04"
	start_nrpe tls-0615 "$ERA_0615"
	start_nrpe tls-015 "$ERA_015"
	start_nrpe plain-04 "$ERA_04" -n
	for g in 0.4.4.23 0.5.2.35 0.9.15 0.16.4; do
		start_emu "$g" --generation "$g"
		start_emu "$g-args" --generation "$g" --allow-arguments
	done
	start_emu chunked --generation 0.5.2.35 --payload 32
	# Server 2019 (revision 7009, March 2025) with every monthly update of build 17763 up to it
	# that the update history lists (KB numbers and days): 103 hotfixes, so that check_wmi's
	# list, over 2,000 bytes, exceeds a v2 packet's 1023
	awk -F' [|] ' '$1 == "update" && $2 == "17763" && $7 == "security" && $4 <= 7009 {
		split($6, d, "-")
		printf "[\"%s\", \"%d/%d/%s\", \"Security Update\"]\n", $5, d[2], d[3], d[1] }' \
		"$WB_TOP/data/windows-updates.data" | jq -s '.' >"$NRPE_DIR/updates.json"
	jq --slurpfile r "$NRPE_DIR/updates.json" '.hotfixes = $r[0]' \
		"$BATS_TEST_DIRNAME/../emulator/hosts/server2019.json" >"$NRPE_DIR/rollups-host.json"
	start_emu rollups-0.5 --generation 0.5.2.35 --allow-arguments --host "$NRPE_DIR/rollups-host.json"
	start_emu rollups-0.16 --generation 0.16.4 --allow-arguments --host "$NRPE_DIR/rollups-host.json"
	start_emu cert --generation 0.16.4 --allow-arguments --tls cert \
		--cert "$NRPE_DIR/certs/server.pem" --key "$NRPE_DIR/certs/server.key"
	start_emu adh --generation 0.5.2.35 --tls adh --dh "$NRPE_DIR/certs/dh2048.pem"
	start_emu aecdh --generation 0.16.4 --tls anon-ecdh
	# an old agent's DHE with 1024-bit parameters (0.4/0.5 ship 512 bits, which Python's
	# OpenSSL no longer loads; 1024 is below what Debian's OpenSSL accepts too) and an RSA key
	(cd "$NRPE_DIR/certs" &&
		openssl dhparam -out dh1024.pem 1024 2>/dev/null &&
		openssl req -batch -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.pem \
			-days 2 -subj /CN=localhost -addext subjectAltName=IP:127.0.0.1 2>/dev/null)
	start_emu legacydh --generation 0.5.2.35 --tls cert --cert "$NRPE_DIR/certs/rsa.pem" \
		--key "$NRPE_DIR/certs/rsa.key" --dh "$NRPE_DIR/certs/dh1024.pem"
	start_emu clientcert --generation 0.16.4 --tls cert --cert "$NRPE_DIR/certs/server.pem" \
		--key "$NRPE_DIR/certs/server.key" --client-ca "$NRPE_DIR/certs/ca.pem"
	for f in crc short version stall; do
		start_emu "fault-$f" --generation 0.9.15 --fault "$f"
	done
}

teardown_file() {
	local d
	for d in "$NRPE_DIR"/*/; do
		[ -f "$d/pid" ] || continue
		_wb_kill "$(cat "$d/pid")" "$NRPE_DIR" || true
	done
	_wb_teardown_named "$NRPE_DIR" "$NRPE_DIR" wb-nrpe
}

setup() {
	load helpers
}

# nrpe NAME ARGS: the plugin over NRPE to NAME, JSON, on the date the README uses.
nrpe() {
	local name=$1
	shift
	wb -H 127.0.0.1 --source nrpe --nrpe-port "$(port_of "$name")" --date 2026-12-02 "$@"
}

# --- Debian's nrpe daemon ---------------------------------------------------------------------

@test "Debian's nrpe with anonymous DH: every era's check_os_version answer gives build 6003" {
	for era in 04 0615 015; do
		run -2 nrpe "tls-$era" --nrpe-tls adh --output-format json
		json_is .host.build 6003
		json_is .host.version '"6.0.6003"'
		json_is .host.product '"server-2008-sp2"'
		json_is .host.agent.api '"nrpe"'
		json_is .host.agent.tls_verified false
		json_is .sources.build '"nsclient:check_os_version"'
	done
	# 0.15 and later tell the UBR: 0 before Windows 10, not a revision
	json_is .host.revision null
}

@test "Debian's nrpe is not NSClient++: check_os_version alone is asked, and the build rated" {
	run -2 nrpe tls-04 --nrpe-tls adh
	output_matches "^WINBUILD CRITICAL - Windows Server 2008 SP2 6.0.6003: extended support ended"
	output_matches "_NRPE_CHECK with \"NRPE v4\.1\.0\": not NSClient\+\+, so only check_os_version was asked, not NSClient\+\+'s check_wmi and check_files"
	output_matches "tls: the agent was not authenticated"
	[[ "$output" != *"refuses arguments"* ]]
}

@test "Debian's nrpe without TLS (-n) over --nrpe-tls none" {
	run -2 nrpe plain-04 --nrpe-tls none --output-format json
	json_is .host.build 6003
}

@test "TLS mismatches name their cause in one line" {
	# plain TCP to a TLS agent: nrpe closes at once
	run -3 nrpe tls-04 --nrpe-tls none -t 5
	[ "${#lines[@]}" -le 2 ]
	output_matches "closed the connection without answering \(an agent that wants TLS: --nrpe-tls cert, adh or anon-ecdh\?\)"
	# a verified certificate from an agent that has none
	run -3 nrpe tls-04 --nrpe-tls cert -t 5
	output_matches "TLS handshake with nrpe://127\.0\.0\.1:[0-9]+ failed on a cipher mismatch: the agent accepts no --nrpe-tls cert cipher"
	# TLS to a plain agent: nrpe hangs up on the ClientHello
	run -3 nrpe plain-04 --nrpe-tls adh
	output_matches "failed: the agent closed the connection \(a cipher mismatch with --nrpe-tls adh, or no TLS there: --nrpe-tls none\?\)"
	# NSClient++ 0.6 and later answer it with a plain v2 error packet
	run -3 nrpe 0.9.15 --nrpe-tls adh
	output_matches "failed: the agent does not speak TLS there \(--nrpe-tls none\?\)"
	# 0.5 reads a whole v2 packet first: the ClientHello is shorter, so both wait until -t
	timed_run nrpe 0.5.2.35 --nrpe-tls anon-ecdh -t 2
	answered_within 2 3
	output_matches "in the TLS handshake \(an agent without TLS waits for more: --nrpe-tls none\?\)"
}

# --- the emulator against check_nrpe ----------------------------------------------------------

@test "emulator: check_nrpe 4 reads its v4 and v2 answers, and falls back to v2 where 0.4/0.5/0.16.4 need it" {
	for g in 0.4.4.23 0.5.2.35 0.9.15 0.16.4; do
		local p
		p=$(port_of "$g")
		run "$CHECK_NRPE" -H 127.0.0.1 -p "$p" -n -c check_os_version
		[[ "$output" == *"Windows"*"(6.0.6003"*"|'version'="* ]] || { echo "$g v4: $output"; return 1; }
		run "$CHECK_NRPE" -2 -H 127.0.0.1 -p "$p" -n -c check_os_version
		[[ "$output" == *"Windows"*"(6.0.6003"*"|'version'="* ]] || { echo "$g v2: $output"; return 1; }
		run "$CHECK_NRPE" -2 -H 127.0.0.1 -p "$p" -n
		[[ "$output" == "I ($g"*") seem to be doing fine..." ]] || { echo "$g: $output"; return 1; }
	done
	# 0.16.4 never answers v4 (the captures): check_nrpe's retry is in the log
	grep -q "query v4" "$NRPE_DIR/0.16.4/requests.log"
	# 0.5.2.35 reads only v2
	run "$CHECK_NRPE" -H 127.0.0.1 -p "$(port_of 0.5.2.35)" -n -c check_os_version
	[ "${lines[0]}" = "CHECK_NRPE: Invalid packet version received from server." ]
}

@test "emulator: check_nrpe sees the refusal of arguments and of nasty characters, as rc 3" {
	run -3 "$CHECK_NRPE" -2 -H 127.0.0.1 -p "$(port_of 0.9.15)" -n -c check_wmi -a x
	[ "$output" = "Exception processing request: Request contained arguments (not currently allowed, check the allow arguments option)." ]
	run -3 "$CHECK_NRPE" -2 -H 127.0.0.1 -p "$(port_of 0.9.15-args)" -n -c check_wmi -a "a>b"
	[ "$output" = "Exception processing request: Request command contained illegal metachars!" ]
	run -3 "$CHECK_NRPE" -2 -H 127.0.0.1 -p "$(port_of 0.9.15)" -n -c no_such_cmd
	[ "$output" = "Unknown command(s): no_such_cmd" ]
}

# --- the plugin against the emulator ----------------------------------------------------------

@test "emulator, arguments allowed: the revision, edition and hotfixes of every generation" {
	for g in 0.4.4.23 0.5.2.35 0.9.15 0.16.4; do
		run -2 nrpe "$g-args" --nrpe-tls none --output-format json
		json_is .host.build 6003
		json_is .host.revision 21481
		json_is .sources.revision '"nsclient:check_files ntoskrnl.exe"'
		json_is .sources.caption '"nsclient:check_wmi Win32_OperatingSystem"'
		json_is '.host.hotfixes | length' 5
		json_is ".host.agent.version | startswith(\"$g\")" true
	done
	# no query carried a character NSClient++ refuses by default (but check_nrpe's test above)
	! cat "$NRPE_DIR"/*-args/requests.log | grep -v '!a>b$' | grep -E "query text .*[][|\`&><'\"\\{}]" || return 1
}

@test "emulator, arguments refused (the default): check_os_version alone, and a note on how to allow them" {
	for g in 0.4.4.23 0.9.15 0.16.4; do
		run -2 nrpe "$g" --nrpe-tls none --output-format json
		json_is .host.build 6003
		json_is .host.caption null
		output_matches "allow arguments = true"
	done
	# once refused, no more queries with arguments are sent
	[ "$(grep -c 'query text check_wmi' "$NRPE_DIR/0.9.15/requests.log")" -le 3 ]
}

@test "emulator: v2 continuation packets (type 3) are put together" {
	run -2 nrpe chunked --nrpe-tls none --nrpe-payload 32 --output-format json
	json_is .host.build 6003
	json_is .host.agent.version '"0.5.2.35"'
	# the payload length must be the agent's
	run -3 nrpe chunked --nrpe-tls none
	output_matches "closed the connection after 44 bytes of a packet of 1036 \(a short packet, or another payload length than --nrpe-payload 1024\)"
}

@test "emulator, default payload: a hotfix list over 1023 bytes comes whole, in v2 continuation packets" {
	local g
	for g in 0.5 0.16; do
		run -0 nrpe "rollups-$g" --nrpe-tls none --output-format json
		json_is .host.build 17763
		json_is .host.revision 7009
		json_is '.host.hotfixes | length' 103
		json_is '.host.hotfixes | map(select(.id == "KB4464330" or .id == "KB5053596")) | length' 2
		json_is .host.hotfixes_capped false
	done
	# the answer really came in more than one packet: Debian's check_nrpe stops at the first
	# type 3 packet, as the reference (2.4) says stock check_nrpe does
	run -3 "$CHECK_NRPE" -2 -H 127.0.0.1 -p "$(port_of rollups-0.16)" -n -c check_wmi \
		-a "query=SELECT HotFixID, InstalledOn FROM Win32_QuickFixEngineering" \
		"detail-syntax=%(HotFixID) %(InstalledOn)"
	[ "$output" = "CHECK_NRPE: Invalid packet type received from server." ]
}

# log_mark NAME: how many lines the emulator NAME has logged; log_since NAME MARK: those after it.
log_mark() { cat "$NRPE_DIR/$1/requests.log" 2>/dev/null | wc -l; }
log_since() { tail -n "+$(($2 + 1))" "$NRPE_DIR/$1/requests.log"; }

@test "--nrpe-version: one version, no fallback; v3 where the agent reads it" {
	local g mark
	run -2 nrpe 0.16.4 --nrpe-tls none --nrpe-version 2 -vv
	output_matches "packets v2"
	# 2: one connection per command to an agent that never answers v4 (0.16.4)
	mark=$(log_mark 0.16.4)
	run -2 nrpe 0.16.4 --nrpe-tls none --nrpe-version 2
	log_since 0.16.4 "$mark" | grep -q 'query v2'
	! log_since 0.16.4 "$mark" | grep -q 'query v4' || return 1
	# 3: NSClient++ 0.9 and 0.16.4 answer v3 in v3
	for g in 0.9.15-args 0.16.4-args; do
		mark=$(log_mark "$g")
		run -2 nrpe "$g" --nrpe-tls none --nrpe-version 3 --output-format json
		json_is .host.revision 21481
		json_is .host.build 6003
		log_since "$g" "$mark" | grep -q 'query v3'
		! log_since "$g" "$mark" | grep -q 'query v[24]' || return 1
	done
	# 4 to an agent that never answers it: no fallback, UNKNOWN saying so
	run -3 nrpe 0.16.4 --nrpe-tls none --nrpe-version 4
	output_matches "closed the connection without answering"
	# 3 to an agent that reads only v2: its own answer
	run -3 nrpe 0.5.2.35 --nrpe-tls none --nrpe-version 3
	output_matches "Invalid packet version"
}

@test "emulator over TLS: a verified certificate, anonymous DH (0.5), anonymous ECDH (0.16 insecure)" {
	run -2 nrpe cert --nrpe-tls cert --ca-file "$NRPE_DIR/certs/ca.pem" --output-format json
	json_is .host.revision 21481
	json_is .host.agent.tls_verified true
	run -3 nrpe cert --nrpe-tls cert --ca-file "$NRPE_DIR/certs/other-ca.pem"
	output_matches "failed on the certificate: unable to get local issuer certificate \(--ca-file names"
	run -2 nrpe cert --nrpe-tls cert --insecure --output-format json
	json_is .host.agent.tls_verified false
	run -2 nrpe adh --nrpe-tls adh --output-format json
	json_is .host.agent.version '"0.5.2.35"'
	run -2 nrpe aecdh --nrpe-tls anon-ecdh --output-format json
	json_is .host.agent.version '"0.16.4.55"'
	# 0.16's insecure mode has no ADH (the captures)
	run -3 nrpe aecdh --nrpe-tls adh
	output_matches "failed on a cipher mismatch"
}

@test "a client certificate (--nrpe-cert, --nrpe-key) for an agent that requires one" {
	run -2 nrpe clientcert --nrpe-tls cert --ca-file "$NRPE_DIR/certs/ca.pem" \
		--nrpe-cert "$NRPE_DIR/certs/client.pem" --nrpe-key "$NRPE_DIR/certs/client.key" \
		--output-format json
	json_is .host.build 6003
	json_is .host.agent.tls_verified true
	run -3 nrpe clientcert --nrpe-tls cert --ca-file "$NRPE_DIR/certs/ca.pem"
	output_matches "nrpe://127\.0\.0\.1:[0-9]+.*certificate required"
	# a key that is not the certificate's
	run -3 nrpe clientcert --nrpe-tls cert --ca-file "$NRPE_DIR/certs/ca.pem" \
		--nrpe-cert "$NRPE_DIR/certs/client.pem" --nrpe-key "$NRPE_DIR/certs/server.key"
	output_matches "cannot use the client certificate .*client\.pem with the key .*server\.key"
}

@test "an agent's legacy DH size is named as the handshake's cause" {
	run -3 nrpe legacydh --nrpe-tls cert --ca-file "$NRPE_DIR/certs/rsa.pem"
	[ "${#lines[@]}" -eq 2 ]
	output_matches "^WINBUILD UNKNOWN - TLS handshake with nrpe://127\.0\.0\.1:[0-9]+ failed on a legacy DH size: the agent's Diffie-Hellman parameters are too small"
}

@test "a bad CRC, a short packet, a wrong version: UNKNOWN with what was wrong" {
	run -3 nrpe fault-crc --nrpe-tls none
	output_matches "nrpe://127\.0\.0\.1:[0-9]+ sent an NRPE packet whose CRC-32 is 0x[0-9a-f]{8}, not 0x[0-9a-f]{8}"
	run -3 nrpe fault-short --nrpe-tls none
	output_matches "closed the connection after 500 bytes of a packet of 1036"
	run -3 nrpe fault-version --nrpe-tls none
	output_matches "sent no NRPE packet: version 7"
}

@test "a stalled agent: UNKNOWN within -t + 1 s, or the state -t asks for" {
	timed_run nrpe fault-stall --nrpe-tls none -t 2
	answered_within 2 3
	output_matches "no answer from nrpe://127\.0\.0\.1:[0-9]+ in time: stopped waiting for the answer"
	timed_run nrpe fault-stall --nrpe-tls none -t 2:critical
	answered_within 2:critical 2
}

@test "nothing listening: UNKNOWN naming the refused connection" {
	run -3 wb -H 127.0.0.1 --source nrpe --nrpe-port "$(free_port)" --nrpe-tls none
	output_matches "cannot connect to nrpe://127\.0\.0\.1:[0-9]+: Connection refused"
}

# loaded ARGS...: the shared objects the plugin run with ARGS loads (the dynamic loader's list).
loaded() {
	LD_DEBUG=files wb "$@" 2>&1 >/dev/null | sed -n 's/.*file=\([^ ]*\) .*; *generating link map/\1/p'
}

@test "an NRPE check loads nsclient.so but not libcurl; REST loads libcurl; SNMP neither module" {
	local libs
	libs=$(loaded -H 127.0.0.1 --source nrpe --nrpe-port "$(port_of 0.16.4)" --nrpe-tls none)
	grep -q '/nsclient\.so$' <<<"$libs"
	! grep -q 'nsclient-http\.so\|libcurl' <<<"$libs" || return 1
	libs=$(loaded -H 127.0.0.1 --source rest --rest-port "$(free_port)" --password x -t 2)
	grep -q '/nsclient-http\.so$' <<<"$libs"
	grep -q 'libcurl' <<<"$libs"
	libs=$(loaded -H 127.0.0.1 -p "$(free_port)" -t 1)
	! grep -q 'nsclient\|libcurl' <<<"$libs" || return 1
}

@test "usage errors name what is wrong and what would be right" {
	run -3 wb -H h --source nrpe --nrpe-tls adhx
	output_matches "--nrpe-tls.*cert, adh, anon-ecdh, none"
	run -3 wb -H h --source nrpe --nrpe-version 1
	output_matches "--nrpe-version: '1' is not one of auto, 2, 3, 4"
	run -3 wb -H h --source nrpe --nrpe-payload 8
	output_matches "--nrpe-payload: '8' is not a length from 16 to 65536"
	run -3 wb -H h --source nrpe --nrpe-port 0
	output_matches "--nrpe-port: '0' is not a port"
	run -3 wb -H h --source nrpe --nrpe-key k.pem
	output_matches "--nrpe-key needs --nrpe-cert"
	run -3 wb -H h --source nrpe --nrpe-tls adh --nrpe-cert c.pem
	output_matches "--nrpe-cert needs --nrpe-tls cert"
	run -3 wb -H h --source rest,nrpe
	output_matches "ask NSClient\+\+ over one of them"
	run -3 wb -H 127.0.0.1 --source nrpe --nrpe-tls cert --nrpe-cert /nonexistent.pem
	output_matches "cannot use the client certificate /nonexistent.pem"
}
