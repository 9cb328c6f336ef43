package dev.torsion.websocket.client;

import dev.torsion.reactor.Reactor;
import org.junit.jupiter.api.Test;

import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The client's own reactor: started on first use, holds counted once each, a close forgets older holds. */
class OwnedReactorTest {

    @Test
    void holdsAreCountedOnceEachAndACloseForgetsThem() {
        OwnedReactor owned = new OwnedReactor();
        Reactor first = owned.reactor();
        assertThat(owned.reactor()).isSameAs(first);
        assertThat(first.eventLoops()).hasSize(1);
        Runnable a = owned.hold();
        Runnable b = owned.hold();
        assertThat(owned.holds()).isEqualTo(2);
        a.run();
        a.run();
        assertThat(owned.holds()).isEqualTo(1);
        owned.close();
        assertThat(first.isStopping()).isTrue();
        assertThat(owned.holds()).isZero();
        Runnable c = owned.hold();
        b.run(); // taken before the close: does not release the new hold
        assertThat(owned.holds()).isEqualTo(1);
        Reactor second = owned.reactor();
        assertThat(second).isNotSameAs(first);
        c.run();
        assertThat(owned.holds()).isZero();
        owned.close();
    }

    @Test
    void theLoopIsADaemonThread() throws Exception {
        OwnedReactor owned = new OwnedReactor();
        try {
            AtomicReference<Thread> loop = new AtomicReference<>();
            owned.reactor().callFromThread(() -> loop.set(Thread.currentThread()));
            await().until(() -> loop.get() != null);
            assertThat(loop.get().isDaemon()).isTrue();
            assertThat(loop.get().getName()).startsWith("torsion-client-");
        } finally {
            owned.close();
        }
    }
}
