package dev.torsion.reactor;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * The JFR event {@code dev.torsion.LoopStall}: one iteration of an event loop took longer than
 * {@link LoopMetrics#STALL_THRESHOLD}, so every connection on that loop waited that long for its I/O. Enabled
 * by default: {@code jcmd PID JFR.start} records it, and JDK Mission Control shows it under Torsion.
 *
 * <p><b>Threading.</b> Made and committed on the stalled loop's thread, after the iteration.
 */
@Name("dev.torsion.LoopStall")
@Label("Event Loop Stall")
@Category({"Torsion", "Reactor"})
@Description("An event loop iteration (from waking up to waiting again) took longer than the stall threshold")
@StackTrace(false)
final class LoopStallEvent extends jdk.jfr.Event {

    @Label("Loop")
    @Description("The event loop's thread name")
    String loop;

    @Label("Stall")
    @Description("How long the iteration took")
    @Timespan(Timespan.NANOSECONDS)
    long stall;

    static void record(String loop, long nanos) {
        LoopStallEvent event = new LoopStallEvent();
        if (event.shouldCommit()) {
            event.loop = loop;
            event.stall = nanos;
            event.commit();
        }
    }
}
