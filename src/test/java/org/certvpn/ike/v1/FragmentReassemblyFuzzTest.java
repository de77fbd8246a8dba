package org.certvpn.ike.v1;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Duration;
import org.certvpn.ike.Endpoint;
import org.certvpn.ike.IkeSettings;
import org.certvpn.ike.wire.FragmentPayload;
import org.certvpn.ike.wire.Octets;

/**
 * Fragment reassembly under arbitrary fragment sequences: no exception, never more messages in progress
 * or bytes in a message than the limits allow, and a completed message is exactly the concatenation of
 * distinct fragments. Seeds: {@code FragmentReassemblyFuzzTestInputs/reassemble/}.
 */
class FragmentReassemblyFuzzTest {
    private static final IkeSettings.FragmentationSettings LIMITS =
            new IkeSettings.FragmentationSettings(true, 600, 8, 512, Duration.ofSeconds(10), 4);

    @FuzzTest(maxDuration = "30s")
    void reassemble(FuzzedDataProvider data) {
        FragmentReassembler r = new FragmentReassembler(LIMITS);
        long now = 0;
        Endpoint peer = new Endpoint(InMemoryNetwork.GATEWAY, 4500);
        while (data.remainingBytes() > 4) {
            now += data.consumeInt(0, 4000);
            r.expire(now);
            int id = data.consumeInt(0, 6);
            int number = data.consumeInt(0, 10);
            boolean last = data.consumeBoolean();
            byte[] bytes = data.consumeBytes(data.consumeInt(0, 200));
            FragmentReassembler.Result result = r.add(now, peer, 1, 2, new FragmentPayload(id, number, last,
                    Octets.of(bytes)));
            assertThat(r.inProgress()).isLessThanOrEqualTo(LIMITS.maxReassemblies());
            if (result.status() == FragmentReassembler.Status.COMPLETE) {
                assertThat(result.message().length).isLessThanOrEqualTo(LIMITS.maxMessageSize());
                assertThat(result.fragments()).isBetween(1, LIMITS.maxFragments());
            }
            assertThat(r.nextDeadline()).isGreaterThanOrEqualTo(r.inProgress() == 0 ? Long.MAX_VALUE : 0);
        }
    }
}
