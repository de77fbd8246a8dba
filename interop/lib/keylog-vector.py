#!/usr/bin/env python3
"""Turns one real client's IKEv1 connection into a key-derivation vector for the gateway's tests.

Inputs: a whole-packet capture of the connection (tcpdump -i any, so Linux cooked headers) and the
client's charon.log written with `ike = 4` and `chd = 4`, where strongSwan logs the secrets it
derived. Output (stdout): a vector file in the format of src/test/resources/org/certvpn/crypto/
(`[hash = ...]` context, `key = hex` lines) with

  - from the capture: the cookies, g^xi, g^xr, Ni and Nr (MM3/MM4, in clear), the SA payload of MM1,
    and the encrypted MM5, MM6, QM1, QM2 and QM3 as they crossed the wire;
  - from the client's log: the Diffie-Hellman secret g^xy, and what the client derived from it:
    SKEYID, SKEYID_d, SKEYID_a, SKEYID_e, the cipher key, and the ESP keys of both directions.

RealClientKeyLogTest then derives everything again with the gateway's code from the wire values
and g^xy alone, compares with the client's values, decrypts the messages and checks their hashes
and signatures. Usage:

  keylog-vector.py --capture capture.pcap --log charon.log --gateway 192.0.2.1 \
      --auth psk|signature [--psk TEXT] --cipher AES_CBC_256 --hash SHA-1 \
      --esp-enc-bytes 32 --esp-int-bytes 20 > vector.txt
"""
import argparse
import re
import struct
import sys


def read_pcap(path):
    """Yields (linktype, packet bytes) of a classic pcap file."""
    with open(path, 'rb') as f:
        data = f.read()
    magic = data[:4]
    if magic in (b'\xd4\xc3\xb2\xa1', b'\x4d\x3c\xb2\xa1'):
        endian = '<'
    elif magic in (b'\xa1\xb2\xc3\xd4', b'\xa1\xb2\x3c\x4d'):
        endian = '>'
    else:
        sys.exit('not a classic pcap file: ' + path)
    linktype = struct.unpack(endian + 'I', data[20:24])[0]
    off = 24
    while off + 16 <= len(data):
        incl = struct.unpack(endian + 'I', data[off + 8:off + 12])[0]
        orig = struct.unpack(endian + 'I', data[off + 12:off + 16])[0]
        pkt = data[off + 16:off + 16 + incl]
        off += 16 + incl
        if incl < orig:
            sys.exit('the capture was cut at %d bytes: capture whole packets (CAPTURE_SNAPLEN)' % incl)
        yield linktype, pkt


def ipv4_of(linktype, pkt):
    if linktype == 113:      # LINUX_SLL: 16-byte header, protocol in the last two bytes
        proto, start = struct.unpack('>H', pkt[14:16])[0], 16
    elif linktype == 276:    # LINUX_SLL2: 20-byte header, protocol first
        proto, start = struct.unpack('>H', pkt[0:2])[0], 20
    elif linktype == 1:      # Ethernet
        proto, start = struct.unpack('>H', pkt[12:14])[0], 14
    else:
        sys.exit('unsupported link type %d' % linktype)
    return pkt[start:] if proto == 0x0800 else None


def isakmp_messages(path, gateway):
    """(from_gateway, ISAKMP bytes) in capture order, each distinct message once (the capture sees a
    packet on several interfaces, and before and after the NAT); IKE fragments are put together."""
    seen, fragments = set(), {}
    for linktype, pkt in read_pcap(path):
        ip = ipv4_of(linktype, pkt)
        if ip is None or ip[9] != 17:
            continue
        ihl = (ip[0] & 0x0f) * 4
        src = '.'.join(str(b) for b in ip[12:16])
        udp = ip[ihl:]
        sport, dport, ulen = struct.unpack('>HHH', udp[:6])
        payload = udp[8:ulen]
        if 500 not in (sport, dport) and 4500 not in (sport, dport):
            continue
        if 4500 in (sport, dport):
            if len(payload) < 4 or payload[:4] != b'\0\0\0\0':
                continue          # ESP in UDP, or a NAT-T keepalive
            payload = payload[4:]
        if len(payload) < 28 or payload in seen:
            continue
        seen.add(payload)
        from_gw = src == gateway
        if payload[16] == 132:
            whole = reassemble(fragments, from_gw, payload)
            if whole is None or whole in seen:
                continue
            seen.add(whole)
            payload = whole
        yield from_gw, payload


def reassemble(fragments, from_gw, msg):
    """A Cisco/Microsoft IKE fragment (payload 132: ID, number, flags, then a piece of the whole
    message); returns the whole message once every piece up to the last has been seen."""
    length = struct.unpack('>H', msg[30:32])[0]
    frag_id, number, flags = struct.unpack('>H', msg[32:34])[0], msg[34], msg[35]
    key = (from_gw, msg[0:16], frag_id)
    pieces = fragments.setdefault(key, {})
    pieces[number] = msg[36:28 + length]
    if flags & 1:
        pieces['last'] = number
    last = pieces.get('last')
    if last is None or any(n not in pieces for n in range(1, last + 1)):
        return None
    del fragments[key]
    return b''.join(pieces[n] for n in range(1, last + 1))


def payloads(body, first):
    """(type, body) of a generic payload chain."""
    out, kind, off = [], first, 0
    while kind != 0:
        nxt, length = body[off], struct.unpack('>H', body[off + 2:off + 4])[0]
        out.append((kind, body[off + 4:off + length]))
        kind, off = nxt, off + length
    return out


def dumps(log_path):
    """{label: bytes} of strongSwan's `%B` dumps ("label => N bytes @ 0x..." and hex lines)."""
    head = re.compile(r'(\d+)\[(\w+)\] (.+?) => (\d+) bytes @ ')
    line_re = re.compile(r'(\d+)\[(\w+)\]\s+(\d+): (.*)$')
    values, pending = {}, {}
    with open(log_path, errors='replace') as f:
        for line in f:
            m = head.search(line)
            if m:
                thread, label, n = m.group(1), m.group(3), int(m.group(4))
                pending[thread] = [label, n, bytearray()]
                if n == 0:
                    values.setdefault(label, b'')
                continue
            m = line_re.search(line)
            if m and m.group(1) in pending:
                label, n, buf = pending[m.group(1)]
                take = min(16, n - len(buf))
                buf.extend(bytes.fromhex(''.join(m.group(4).split(' ')[:take])))
                if len(buf) >= n:
                    # the first value under a label wins: one connection per client log
                    values.setdefault(label, bytes(buf))
                    del pending[m.group(1)]
    return values


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--capture', required=True)
    ap.add_argument('--log', required=True)
    ap.add_argument('--gateway', required=True)
    ap.add_argument('--auth', choices=['psk', 'signature'], required=True)
    ap.add_argument('--psk', default='')
    ap.add_argument('--cipher', required=True)
    ap.add_argument('--hash', required=True)
    ap.add_argument('--esp-enc-bytes', type=int, required=True)
    ap.add_argument('--esp-int-bytes', type=int, required=True)
    ap.add_argument('--note', default='')
    a = ap.parse_args()

    main_mode, quick = [], []
    for from_gw, msg in isakmp_messages(a.capture, a.gateway):
        exchange = msg[18]
        if exchange == 2:
            main_mode.append((from_gw, msg))
        elif exchange == 32:
            quick.append((from_gw, msg))
    if len(main_mode) < 6 or len(quick) < 3:
        sys.exit('the capture holds %d Main Mode and %d Quick Mode messages; expected 6 and 3'
                 % (len(main_mode), len(quick)))
    mm = [m for _, m in main_mode[:6]]
    if [g for g, _ in main_mode[:6]] != [False, True, False, True, False, True]:
        sys.exit('Main Mode messages are not in initiator/responder order (a retransmission?)')
    qm = [m for _, m in quick[:3]]
    mm1 = dict(payloads(mm[0][28:], mm[0][16]))
    mm3 = dict(payloads(mm[2][28:], mm[2][16]))
    mm4 = dict(payloads(mm[3][28:], mm[3][16]))

    log = dumps(a.log)
    need = {'gxy': 'shared Diffie Hellman secret', 'skeyid': 'SKEYID', 'skeyid_d': 'SKEYID_d',
            'skeyid_a': 'SKEYID_a', 'skeyid_e': 'SKEYID_e', 'ka': 'encryption key Ka',
            'esp_enc_i': 'encryption initiator key', 'esp_enc_r': 'encryption responder key',
            'esp_int_i': 'integrity initiator key', 'esp_int_r': 'integrity responder key'}
    missing = [label for label in need.values() if label not in log]
    if missing:
        sys.exit('the client log lacks %s (charon filelog needs ike = 4 and chd = 4)' % ', '.join(missing))

    out = sys.stdout
    out.write('# One connection of a real client (strongSwan charon as the IKEv1 initiator) to the gateway:\n')
    out.write('# wire values from a whole-packet capture, secrets from the client\'s own log (ike/chd = 4).\n')
    if a.note:
        out.write('# %s\n' % a.note)
    out.write('[hash = %s]\n\n' % a.hash)
    rows = [('cipher', a.cipher), ('auth', a.auth)]
    if a.auth == 'psk':
        rows.append(('psk', a.psk.encode().hex()))
    rows += [('cky_i', mm[0][0:8].hex()), ('cky_r', mm[1][8:16].hex()), ('sai_b', mm1[1].hex()),
             ('gxi', mm3[4].hex()), ('gxr', mm4[4].hex()), ('ni', mm3[10].hex()), ('nr', mm4[10].hex()),
             ('mm5', mm[4].hex()), ('mm6', mm[5].hex()), ('qm1', qm[0].hex()), ('qm2', qm[1].hex()),
             ('qm3', qm[2].hex()), ('esp_enc_bytes', str(a.esp_enc_bytes)),
             ('esp_int_bytes', str(a.esp_int_bytes))]
    rows += [('client_' + key, log[label].hex()) for key, label in need.items()]
    for key, value in rows:
        out.write('%s = %s\n' % (key, value))


if __name__ == '__main__':
    main()
