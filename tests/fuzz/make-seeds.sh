#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Writes the seed corpora of the fuzz targets (tests/fuzz/corpus/TARGET/)
# from the project's fixtures: the simulated SNMP hosts, the NSClient++
# 0.16.4 captures, the shipped catalogue, and the NSClient++ emulator's
# answers to the requests the plugin really makes, for every agent
# generation and host. Run it after changing those; commit the result.
#
#   tests/fuzz/make-seeds.sh PLUGIN     (an installed check_winbuild)
set -eu
top=$(cd "$(dirname "$0")/../.." && pwd)
plugin=$1
out=$top/tests/fuzz/corpus
tmp=$(mktemp -d)
trap 'kill $(jobs -p) 2>/dev/null; wait 2>/dev/null; rm -rf "$tmp"' EXIT

seed() { # seed TARGET NAME: stdin becomes corpus/TARGET/NAME
	mkdir -p "$out/$1"
	cat >"$out/$1/$2"
}
rm -rf "$out"

# sysdescr: "sysObjectID\nsysDescr" of every simulated host (4x: hex)
for f in "$top"/tests/fixtures/snmprec/*.snmprec; do
	python3 - "$f" <<'PY' | seed sysdescr "$(basename "$f" .snmprec)"
import sys
oid, descr = "", b""
for line in open(sys.argv[1], encoding="latin-1"):
    o, tag, value = line.rstrip("\n").split("|", 2)
    if o == "1.3.6.1.2.1.1.2.0":
        oid = value
    if o == "1.3.6.1.2.1.1.1.0":
        descr = bytes.fromhex(value) if tag == "4x" else value.encode("latin-1")
sys.stdout.buffer.write(oid.encode() + b"\n" + descr)
PY
done

# catalog: the shipped file, and slices of it (small seeds fuzz faster)
seed catalog shipped <"$top/data/windows-lifecycle.catalog"
grep '^release' "$top/data/windows-lifecycle.catalog" | split -l 12 - "$tmp/slice."
for f in "$tmp"/slice.*; do seed catalog "${f##*.}" <"$f"; done

# updates: the shipped history's head, and a slice of each build's rows
rm -f "$tmp"/slice.*
grep -E '^(complete|partial)' "$top/data/windows-updates.data" | seed updates head
for b in $(awk -F' *[|] *' '/^update/ {print $2}' "$top/data/windows-updates.data" | sort -u); do
	{ grep -E '^(complete|partial)' "$top/data/windows-updates.data"
	  grep -E "^update [|] $b [|]" "$top/data/windows-updates.data" | head -n 40; } | seed updates "build-$b"
done

# date, range, sanitize, args: the values the tests and README use
i=0
for d in 2026-11-22 2020-01-14 2000-02-29 1900-01-01 9999-12-31 2023-13-01; do
	i=$((i + 1))
	printf '%s' "$d" | seed date "d$i"
done
i=0
while read -r range number build state tier; do
	i=$((i + 1))
	printf '%s\n%s\n%s\n%s\n%s' "$range" "$number" "$build" "$state" "$tier" |
		seed range "r$i"
done <<'EOF_RANGES'
180: 161 6003 ok mainstream
~:10 65535 6.0.6003 WARNING extended
@10:20 -5 6.0.6003.21481 2 esu
10.5 0 10.0.17763.7009 unknown esu-azure
-10:-1 007 6002 critical extended
@~:-5 3600 10.0.26100.4349 3 esu
EOF_RANGES
for f in garbage overlong win2008sp2-6002; do
	cp "$out/sysdescr/$f" "$tmp/s" && { printf '\100'; cat "$tmp/s"; } | seed sanitize "$f"
done
printf '\377Microsoft\xc2\xae Windows Server\xc2\xae 2008 Standard \x93q\x94 \x99' |
	seed sanitize caption
i=0
while read -r line; do
	i=$((i + 1))
	# shellcheck disable=SC2086
	printf '%s\0' $line | head -c -1 | seed args "a$i"
done <<'EOF_ARGS'
-H 127.0.0.1 -p 161 -C win2019dc --min-build 6003 --date 2026-11-22
-H ::1 -P 1 -C public -t 5:CRITICAL -w 90: -c 0: --output-format json
-H udp6:[::1]:1161 -P 3 -U wbuser -L authPriv -a SHA-256 -A passphrase1 -x AES -X passphrase2
-H win01 --source snmp,rest --rest-port 8443 --password pw --pin sha256//AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA= --support esu
-H 10.0.0.5 --source rest --user monitor --password x --insecure --rest-api legacy --edition ltsc -vvv
-H tcp:host:1161 --community-file /nonexistent --catalog /nonexistent --list-catalog
--hosts /nonexistent --submit icinga2 --icinga-url https://[::1]:5665/api/ --icinga-user mon --icinga-ca-file /nonexistent --submit-service winbuild
EOF_ARGS

# ini: --extra-opts files as the README and the tests write them
printf '[check_winbuild]\n# comment\nhostname = win01\nt = 5\ncommunity = s3cret\ninsecure\n\n[esu]\nsupport = esu\n' |
	seed ini readme
printf '; another\r\n[ spaced section ]\r\nwarning =\r\nkey=a=b\r\n[x]\n' | seed ini crlf

# policy: the example policies, and one of every section and key
for f in "$top"/data/policies/*.policy; do
	seed policy "$(basename "$f" .policy)" <"$f"
done
printf '%s\n' '[default]' 'support = esu' 'warning = 90:' 'critical = 0:' \
	'missing-fact = warning' '[family:client]' 'min-build = 6003, 10.0.17763.7009' \
	'[type:domain_controller]' 'deny = 10.0.17763.1-10.0.17763.9 warning: why' \
	'[edition:ltsc]' 'allow = 6002-no-updates' '[product:server-2008-sp2]' \
	'require-hotfix = KB4474419, kb4493730' 'min-agent = 0.5.2.35 warning' | seed policy every-key

# software: the hrSWInstalledTable rows of the simulated hosts and of the constructed 5,000-row
# table, as a header byte (repeat count, XP flag, not-ended flag; see fuzz_software.c) and
# rows of a length byte and the name, a length byte and the date
software_seed() { # software_seed HEADER NAME < snmprec
	python3 -c '
import sys
header = int(sys.argv[1], 0)
names, dates = {}, {}
for line in sys.stdin.buffer:
    oid, tag, value = line.rstrip(b"\n").split(b"|", 2)
    arcs = oid.split(b".")
    if oid.startswith(b"1.3.6.1.2.1.25.6.3.1.") and arcs[10] in (b"2", b"5"):
        raw = bytes.fromhex(value.decode()) if tag == b"4x" else value
        (names if arcs[10] == b"2" else dates)[int(arcs[11])] = raw
out = bytearray([header])
for index in sorted(names):
    name, date = names[index][:255], dates.get(index, b"")[:255]
    out += bytes([len(name)]) + name + bytes([len(date)]) + date
sys.stdout.buffer.write(bytes(out))' "$1" | seed software "$2"
}
software_seed 0x40 winxp <"$top/tests/fixtures/snmprec/winxp.snmprec"
software_seed 0x7f winxp-x64 <"$top/tests/fixtures/snmprec/winxp.snmprec"
software_seed 0x40 win2003 <"$top/tests/fixtures/snmprec/win2003.snmprec"
software_seed 0xc0 win2003-not-ended <"$top/tests/fixtures/snmprec/win2003.snmprec"
python3 "$top/tests/fixtures/make-software-table.py" 300 | software_seed 0x00 table-300
# net-snmp on Linux (reference 2.4): dpkg names, 11-octet dates with a UTC offset
printf '1.3.6.1.2.1.25.6.3.1.2.1|4|libc6_2.36-9+deb12u14_amd64\n%s\n%s\n%s\n' \
	'1.3.6.1.2.1.25.6.3.1.2.2|4|base-files_12.4+deb12u11_amd64' \
	'1.3.6.1.2.1.25.6.3.1.5.1|4x|07e906180e252e002b0000' \
	'1.3.6.1.2.1.25.6.3.1.5.2|4x|07e906180e252e002b0000' | software_seed 0x00 linux-dpkg

# nsc_answer: every body of the 0.16.4 captures
for f in "$top"/tests/fixtures/nsclient-0.16.4/web_*.txt; do
	sed '1,/^\r\{0,1\}$/d' "$f" | seed nsc_answer "$(basename "$f" .txt)"
done

# icinga: Icinga 2's captured answers to process-check-result (tests/fixtures/icinga2), the
# HTTP status as two bytes (fuzz_icinga.c: 100 + big-endian value % 500), then the body
for f in "$top"/tests/fixtures/icinga2/[a-z]*[a-z]; do
	case $f in *.sh) continue ;; esac
	python3 - "$f" <<'PY' | seed icinga "$(basename "$f")"
import sys
status, body = open(sys.argv[1], "rb").read().split(b"\n", 1)
sys.stdout.buffer.write((int(status) - 100).to_bytes(2, "big") + body)
PY
done

# rest: answers that are not NSClient++'s, as the emulator's faults send them
printf '1302\nLocation: https://localhost:1/api/v1/info/version\n' | seed rest redirect
printf '1200\nContent-Type: application/json\nContent-Encoding: gzip\n\037\213\010\000' |
	seed rest gzip
printf '1200\nContent-Type: text/html\n<html><head><title>Sign in\033[2J</title></head></html>' |
	seed rest html
printf '1401\n' | seed rest unauthorized
printf "1403\nContent-Type: text/plain\n403 You're not allowed" | seed rest refused

# rest and nsc_text: what the emulator answers to the plugin's requests
sh "$top/tests/emulator/make-certs.sh" "$tmp/certs" >/dev/null
for host in win2008sp2 server2019 win10-ltsc2019 win10-22h2 win11-24h2; do
	for gen in 0.4.4.23 0.5.2.35 0.6.0.1 0.9.5 0.9.15 0.11.32 0.16.4; do
		rm -f "$tmp/ready" "$tmp/log"
		python3 "$top/tests/emulator/nscp_emulator.py" --generation "$gen" \
			--host "$top/tests/emulator/hosts/$host.json" --password pw --port 0 \
			--cert "$tmp/certs/server.pem" --key "$tmp/certs/server.key" \
			--ready-file "$tmp/ready" --log "$tmp/log" >/dev/null 2>&1 &
		pid=$!
		for _ in $(seq 100); do [ -s "$tmp/ready" ] && break; sleep 0.05; done
		port=$(cat "$tmp/ready")
		"$plugin" -H 127.0.0.1 --source rest --rest-port "$port" --password pw \
			--insecure --date 2026-11-22 >/dev/null || true
		cp "$tmp/log" "$tmp/asked" # the curl requests below add to the log
		{
			printf '0'
			sep=
			while read -r _ _ target _; do
				printf '%s' "$sep"
				curl -sk -H 'password: pw' -o "$tmp/body" -w '%{http_code}\n' \
					"https://127.0.0.1:$port$target"
				cat "$tmp/body"
				sep=$'\n%%\n'
				if grep -q '"message"' "$tmp/body"; then
					jq -j '[.. | .message? | strings] | join("\n")' "$tmp/body" \
						>"$tmp/m" 2>/dev/null &&
						seed nsc_text "$host-$gen-$(cksum <"$tmp/m" | cut -d' ' -f1)" <"$tmp/m"
					cp "$tmp/body" "$tmp/b" &&
						seed nsc_answer "$host-$gen-$(cksum <"$tmp/b" | cut -d' ' -f1)" <"$tmp/b"
				fi
			done <"$tmp/asked"
		} | seed rest "$host-$gen"
		kill "$pid"
		wait "$pid" 2>/dev/null || true
	done
done
echo "seeds: $(find "$out" -type f | wc -l) files in $out"
