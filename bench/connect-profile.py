#!/usr/bin/env python3
"""Where the gateway's shard threads spent a connect load test, from its JFR recording.

    bench/connect-profile.py bench/out/loadtest-*/gateway-connect.jfr ...

For each recording: the shard threads' execution samples, how many of them were inside the public-key
operations (BigInteger.oddModPow, RSACore), their ratio (the in-run baseline: 1.00 would mean the
shards did nothing but public-key work), and the share of samples in the costs this report tracks.
Needs the JDK's `jfr` tool (JAVA_HOME or PATH).
"""
import collections
import os
import re
import shutil
import subprocess
import sys

PUBLIC_KEY = ('java.math.BigInteger.oddModPow', 'sun.security.rsa.RSACore.rsa', 'sun.security.rsa.RSACore.crypt')
TRACKED = {
    'logging': 'java.util.logging.Logger.log',
    'per-user session limit': 'org.certvpn.gateway.GatewayCore.userSessionLimit',
    'INITIAL-CONTACT': 'org.certvpn.ike.v1.Ikev1Engine.initialContact',
    'peer certificate check': 'org.certvpn.ike.PeerAuthenticator.authenticate',
    'String.format': 'java.util.Formatter.format',
}


def jfr_tool():
    home = os.environ.get('JAVA_HOME')
    if home and os.path.exists(os.path.join(home, 'bin', 'jfr')):
        return os.path.join(home, 'bin', 'jfr')
    return shutil.which('jfr') or '/usr/lib/jvm/temurin-25-jdk-amd64/bin/jfr'


def main(paths):
    for path in paths:
        text = subprocess.run([jfr_tool(), 'print', '--stack-depth', '96', '--events', 'jdk.ExecutionSample', path],
                              capture_output=True, text=True, check=True).stdout
        total = public_key = 0
        shares = collections.Counter()
        for event in text.split('jdk.ExecutionSample {')[1:]:
            thread = re.search(r'sampledThread = "([^"]*)"', event)
            if not thread or not thread.group(1).startswith('shard'):
                continue
            frames = set(re.findall(r'^\s+([\w$.<>/]+)\(', event, re.M))
            total += 1
            if frames.intersection(PUBLIC_KEY):
                public_key += 1
            for name, method in TRACKED.items():
                if method in frames:
                    shares[name] += 1
        ratio = total / public_key if public_key else float('nan')
        tracked = ', '.join(f'{n} {100 * shares[n] / max(total, 1):.1f}%' for n in TRACKED)
        print(f'{path}: {total} shard samples, {public_key} in public-key operations, ratio {ratio:.2f}; {tracked}')


if __name__ == '__main__':
    main(sys.argv[1:])
