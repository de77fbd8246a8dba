package org.certvpn.pki.ca;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * The child process {@link CaKillTest} kills: opens a store and issues, revokes, re-issues the server
 * certificate and writes CRLs in a loop until it is killed, printing each finished change.
 */
public final class IssueRevokeLoop {
    private IssueRevokeLoop() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String run = args[1];
        Random random = new Random(Long.parseLong(args[2]));
        try (CaStore ca = CaStore.open(dir, CaTestSupport.PASSPHRASE)) {
            System.out.println("ready");
            System.out.flush();
            List<BigInteger> valid = new ArrayList<>();
            for (int i = 0; ; i++) {
                switch (random.nextInt(6)) {
                    case 0, 1, 2 -> {
                        IssuedClient c = ca.issueClient(ClientRequest.of("k" + run + "-" + i).withKey(KeySpec.EC_P256)
                                .withPassword("pw").withDevice("d" + i % 3));
                        valid.add(c.entry().serial());
                        System.out.println("issued " + c.entry().serialHex());
                    }
                    case 3, 4 -> {
                        if (!valid.isEmpty()) {
                            BigInteger s = valid.remove(random.nextInt(valid.size()));
                            ca.revoke(new RevokeTarget.BySerial(s), RevocationReason.KEY_COMPROMISE);
                            System.out.println("revoked " + IndexEntry.serialHex(s));
                        }
                    }
                    default -> {
                        if (random.nextBoolean()) {
                            IssuedServer s = ca.issueServer(new ServerRequest("gw" + i + ".example.com", List.of("192.0.2.1"),
                                    Optional.empty(), 30, KeySpec.EC_P256));
                            System.out.println("issued " + s.entry().serialHex());
                        } else {
                            System.out.println("crl " + ca.generateCrl(3).number());
                        }
                    }
                }
                System.out.flush();
            }
        }
    }
}
