package dev.torsion.reactor;

import java.nio.channels.SelectionKey;

/** What a selection key of an {@link EventLoop} is attached to: told when its channel is ready. Loop thread only. */
interface IoHandler {

    /** The channel behind {@code key} is ready for the operations in {@code readyOps}. */
    void ready(SelectionKey key, int readyOps);

    /** The loop is closing: release the channel without ceremony. */
    void loopClosing();
}
