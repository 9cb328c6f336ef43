package dev.torsion.websocket.topic;

import jdk.jfr.Category;
import jdk.jfr.DataAmount;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;

/**
 * The JFR event {@code dev.torsion.SlowConsumerClosed}: a {@link TopicRegistry} closed a subscriber that fell
 * behind, as its {@link SlowConsumerPolicy} says. Enabled by default.
 *
 * <p><b>Threading.</b> Made and committed on the subscriber's event loop.
 */
@Name("dev.torsion.SlowConsumerClosed")
@Label("Slow Consumer Closed")
@Category({"Torsion", "WebSocket"})
@Description("A topic subscriber that did not keep up was closed")
@StackTrace(false)
final class SlowConsumerClosedEvent extends jdk.jfr.Event {

    @Label("Remote Address")
    String remoteAddress;

    @Label("Queued")
    @Description("Bytes waiting in the subscriber's send queue")
    @DataAmount
    long queued;

    @Label("Limit")
    @Description("The policy's bound on the send queue")
    @DataAmount
    long limit;

    @Label("Close Code")
    int code;

    static void record(Object remote, long queued, SlowConsumerPolicy policy) {
        SlowConsumerClosedEvent event = new SlowConsumerClosedEvent();
        if (event.shouldCommit()) {
            event.remoteAddress = String.valueOf(remote);
            event.queued = queued;
            event.limit = policy.maxQueuedBytes();
            event.code = policy.closeCode().code();
            event.commit();
        }
    }
}
