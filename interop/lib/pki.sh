# Lab certificates, made with openssl. Everything the scenarios need comes from this one function,
# so switching to the gateway's own CA (`certvpn ca`) later changes only this file.
#
# Output in $1 (PEM unless noted; every .p12 has the password "lab"):
#   ca.pem ca.key             C=JP, ST=Tokyo, O=Example, CN=Example Root CA  (self-signed, CA:TRUE)
#   server.pem server.key     CN=vpn.example.com, issued directly by the root, SAN DNS + IP 192.0.2.1
#   server.p12
#   <user>.pem <user>.key <user>.p12  for LAB_USERS (CN=<user>)
#   mallory.*                 a user whose certificate is revoked
#   crl.pem crl.der           the root's CRL (revokes mallory)
#   crl-revoked-alice.pem     a later CRL of the root revoking mallory and alice (for revoking a
#                             connected client, then `certvpn reload`)
#   otherca.pem, oscar.*      a user certificate from another CA (O=Other)
#   chap-secrets              one line per user: <user> * "pw-<user>" *
#   subjects.env              DN strings for the configs

LAB_USERS="alice bob carol dave erin frank grace heidi ivan judy"
LAB_DN_PREFIX="C=JP, ST=Tokyo, O=Example"
LAB_PSK="interop-lab-psk"

pki_generate() {
  local d=$1
  [ -f "$d/.done" ] && return 0
  mkdir -p "$d"
  (
    set -e
    cd "$d"
    cat > openssl.cnf <<'CNF'
[ ca_ext ]
basicConstraints = critical, CA:TRUE
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
[ server_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, 1.3.6.1.5.5.8.2.2
subjectAltName = DNS:vpn.example.com, IP:192.0.2.1
authorityKeyIdentifier = keyid
[ client_ext ]
basicConstraints = CA:FALSE
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = clientAuth
authorityKeyIdentifier = keyid
[ ca ]
default_ca = lab
[ lab ]
database = index.txt
crlnumber = crlnumber
default_md = sha256
default_crl_days = 3650
CNF
    : > index.txt; echo 01 > crlnumber
    local serial=100
    mk_ca() {  # name subject
      openssl req -x509 -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.pem" -days 3650 \
        -subj "$2" -config openssl.cnf -extensions ca_ext -sha256 2>/dev/null
    }
    mk_leaf() {  # name subject ext issuer
      serial=$((serial + 1))
      openssl req -new -newkey rsa:2048 -nodes -keyout "$1.key" -out "$1.csr" -subj "$2" 2>/dev/null
      openssl x509 -req -in "$1.csr" -CA "$4.pem" -CAkey "$4.key" -set_serial "$serial" -days 3650 \
        -sha256 -extfile openssl.cnf -extensions "$3" -out "$1.pem" 2>/dev/null
      openssl pkcs12 -export -in "$1.pem" -inkey "$1.key" -name "$1" -passout pass:lab -out "$1.p12"
      rm -f "$1.csr"
    }
    mk_ca ca "/C=JP/ST=Tokyo/O=Example/CN=Example Root CA"
    mk_leaf server "/C=JP/ST=Tokyo/O=Example/CN=vpn.example.com" server_ext ca
    local u
    for u in $LAB_USERS mallory; do mk_leaf "$u" "/C=JP/ST=Tokyo/O=Example/CN=$u" client_ext ca; done
    mk_ca otherca "/C=JP/ST=Tokyo/O=Other/CN=Other Root CA"
    mk_leaf oscar "/C=JP/ST=Tokyo/O=Example/CN=oscar" client_ext otherca
    # CRL of the root revoking mallory (the openssl ca database is built by hand: one line).
    printf 'R\t351231000000Z\t250101000000Z,keyCompromise\t%s\tunknown\t/C=JP/ST=Tokyo/O=Example/CN=mallory\n' \
      "$(openssl x509 -in mallory.pem -noout -serial | cut -d= -f2)" > index.txt
    openssl ca -config openssl.cnf -gencrl -keyfile ca.key -cert ca.pem -out crl.pem 2>/dev/null
    openssl crl -in crl.pem -outform DER -out crl.der
    printf 'R\t351231000000Z\t250102000000Z,keyCompromise\t%s\tunknown\t/C=JP/ST=Tokyo/O=Example/CN=alice\n' \
      "$(openssl x509 -in alice.pem -noout -serial | cut -d= -f2)" >> index.txt
    openssl ca -config openssl.cnf -gencrl -keyfile ca.key -cert ca.pem -out crl-revoked-alice.pem 2>/dev/null
    for u in $LAB_USERS mallory oscar; do printf '%s * "pw-%s" *\n' "$u" "$u"; done > chap-secrets
    {
      echo "LAB_CA_DN='$LAB_DN_PREFIX, CN=Example Root CA'"
      echo "LAB_SERVER_DN='$LAB_DN_PREFIX, CN=vpn.example.com'"
      echo "LAB_USER_DN_PREFIX='$LAB_DN_PREFIX, CN='"
    } > subjects.env
    rm -f ./*.csr
  ) || die "certificate generation failed in $d"
  touch "$d/.done"
}
