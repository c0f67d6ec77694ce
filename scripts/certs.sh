#!/usr/bin/env bash
# npm run -s certs [-- DIR]: the keys and certificates for the dashboard <-> agent mutual TLS.
#   DIR/ca.pem, DIR/ca-key.pem        the private CA (keep ca-key.pem offline; it signs new certs)
#   DIR/agent/{ca,cert,key}.pem       the agents' server certificate (CN portolan-agent)
#   DIR/dashboard/{ca,cert,key}.pem   the dashboard's client certificate (CN portolan-dashboard)
#   DIR/token                         an operator token for the dashboard (a swarm secret)
# The agent accepts only certificates this CA signed with CN portolan-dashboard. Extra names the
# agents are reached by: PORTOLAN_AGENT_SANS="DNS:agent.example,IP:10.0.0.5".
# Existing files are never overwritten: remove DIR to make new ones.
set -euo pipefail
dir=${1:-portolan-certs}
command -v openssl >/dev/null || { echo "error: openssl is needed (apt-get install openssl)" >&2; exit 1; }
if [ -e "$dir/ca.pem" ]; then echo "error: $dir/ca.pem exists; remove $dir to make new certificates" >&2; exit 1; fi
umask 077
mkdir -p "$dir/agent" "$dir/dashboard"
tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
days=825
key() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }

key "$dir/ca-key.pem"
openssl req -x509 -new -key "$dir/ca-key.pem" -subj '/CN=portolan-ca' -days "$days" -sha256 \
  -addext 'basicConstraints=critical,CA:TRUE' -addext 'keyUsage=critical,keyCertSign,cRLSign' \
  -out "$dir/ca.pem" 2>/dev/null

sign() { # folder, common name, extensions
  key "$dir/$1/key.pem"
  openssl req -new -key "$dir/$1/key.pem" -subj "/CN=$2" -out "$tmp/$1.csr" 2>/dev/null
  printf '%s\n' "$3" >"$tmp/$1.ext"
  openssl x509 -req -in "$tmp/$1.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca-key.pem" -CAcreateserial \
    -CAserial "$tmp/ca.srl" -days "$days" -sha256 -extfile "$tmp/$1.ext" -out "$dir/$1/cert.pem" 2>/dev/null
  cp "$dir/ca.pem" "$dir/$1/ca.pem"
}
sans="DNS:portolan-agent,DNS:localhost,IP:127.0.0.1${PORTOLAN_AGENT_SANS:+,$PORTOLAN_AGENT_SANS}"
sign agent portolan-agent "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=$sans"
sign dashboard portolan-dashboard "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
# the dashboard's operator token, for the stack's PORTOLAN_TOKEN_FILE secret
od -An -tx1 -N24 /dev/urandom | tr -d ' \n' >"$dir/token"
chmod 0644 "$dir"/ca.pem "$dir"/*/ca.pem "$dir"/*/cert.pem
echo "certificates in $dir: agent/ (for the agents), dashboard/ (DOCKER_CERT_PATH of the dashboard), token"
