#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# make-certs.sh DIR: throwaway TLS material for the NSClient++ emulator, made with openssl in DIR:
#   ca.pem, ca.key            a test CA
#   server.pem, server.key    a server certificate for 127.0.0.1, ::1 and localhost, signed by ca
#   other-ca.pem, other-ca.key  a second, unrelated CA (verification against it must fail)
#   expired.pem, expired.key  signed by ca for the same names as server.pem, but valid only
#                             from 3 days ago to 1 day ago
#   wrongname.pem, wrongname.key  signed by ca and valid, but only for DNS:wrong-name.invalid
#   client.pem, client.key    a client certificate (CN check_winbuild, clientAuth) signed by ca
#   server.pin                the server key's pin in curl's form: sha256//<base64 of the
#                             SHA-256 of the DER SubjectPublicKeyInfo>
# Prints the pin on stdout. All else is valid for 2 days; nothing outside DIR is touched.
set -eu

if [ $# -ne 1 ]; then
	echo "usage: make-certs.sh DIR" >&2
	exit 2
fi
dir=$1
mkdir -p "$dir"
cd "$dir"

# -batch and explicit subjects: no prompts, no reading of a user's openssl.cnf defaults.
mkca() { # mkca NAME SUBJECT
	openssl req -batch -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$1.key" -out "$1.pem" -days 2 -subj "$2" \
		-addext "basicConstraints=critical,CA:TRUE" \
		-addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

mkca ca "/CN=check_winbuild test CA"
mkca other-ca "/CN=check_winbuild unrelated CA"

openssl req -batch -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
	-keyout server.key -out server.csr -subj "/CN=localhost" 2>/dev/null
cat >server.ext <<'EOF'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=IP:127.0.0.1,IP:::1,DNS:localhost
EOF
openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial \
	-out server.pem -days 2 -extfile server.ext 2>/dev/null

# The faulty certificates go through `openssl ca`, openssl 3.0's one command that sets any
# validity period. Its database lives in ca-db/, removed below.
mkdir -p ca-db
: >ca-db/index.txt
echo 1000 >ca-db/serial
cat >ca-db/ca.cnf <<'EOF'
[ca]
default_ca = test_ca
[test_ca]
database = ca-db/index.txt
serial = ca-db/serial
new_certs_dir = ca-db
certificate = ca.pem
private_key = ca.key
default_md = sha256
policy = any_name
unique_subject = no
[any_name]
commonName = supplied
EOF
# sign NAME CN EXTFILE CA-OPTIONS...: NAME.key and NAME.pem, signed by ca
sign() {
	name=$1 cn=$2 ext=$3
	shift 3
	openssl req -batch -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
		-keyout "$name.key" -out "ca-db/$name.csr" -subj "/CN=$cn" 2>/dev/null
	openssl ca -batch -notext -config ca-db/ca.cnf -in "ca-db/$name.csr" -out "$name.pem" \
		-extfile "$ext" "$@" 2>/dev/null
}
sign expired localhost server.ext \
	-startdate "$(date -u -d '3 days ago' +%Y%m%d%H%M%SZ)" \
	-enddate "$(date -u -d '1 day ago' +%Y%m%d%H%M%SZ)"
sed 's/^subjectAltName=.*/subjectAltName=DNS:wrong-name.invalid/' server.ext >ca-db/wrongname.ext
sign wrongname wrong-name.invalid ca-db/wrongname.ext -days 2
printf 'basicConstraints=critical,CA:FALSE\nextendedKeyUsage=clientAuth\n' >ca-db/client.ext
sign client check_winbuild ca-db/client.ext -days 2

rm -rf ca-db server.csr server.ext ca.srl
chmod 600 ./*.key

pin="sha256//$(openssl pkey -in server.key -pubout -outform DER |
	openssl dgst -sha256 -binary | openssl base64 -A)"
printf '%s\n' "$pin" >server.pin
printf '%s\n' "$pin"
