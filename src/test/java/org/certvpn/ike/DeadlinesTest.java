package org.certvpn.ike;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeadlinesTest {

    @Test
    void earliestFirstWithRescheduleAndCancel() {
        Deadlines<String> d = new Deadlines<>();
        assertThat(d.next()).isEqualTo(Long.MAX_VALUE);
        d.schedule("a", 100);
        d.schedule("b", 50);
        d.schedule("a", 30);
        d.schedule("b", 70);
        d.schedule("c", Long.MAX_VALUE);
        assertThat(d.next()).isEqualTo(30);
        assertThat(d.pollDue(29)).isNull();
        assertThat(d.pollDue(60)).isEqualTo("a");
        assertThat(d.pollDue(60)).isEqualTo("b");
        assertThat(d.pollDue(60)).isNull();
        d.schedule("x", 10);
        d.cancel("x");
        assertThat(d.next()).isEqualTo(Long.MAX_VALUE);
        assertThat(d.size()).isZero();
    }
}
