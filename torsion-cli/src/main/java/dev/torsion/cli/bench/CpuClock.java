package dev.torsion.cli.bench;

import java.time.Duration;

/**
 * The CPU time (user + system, all threads) a process has used, read from the operating system
 * ({@code /proc/PID/stat} on Linux, through {@link ProcessHandle.Info#totalCpuDuration()}), so a run can
 * report what the load generator and the server each spent over the window.
 *
 * <p><b>Threading / lifecycle.</b> Immutable; reads the OS on every call.
 */
public final class CpuClock {

    private final ProcessHandle process;

    private CpuClock(ProcessHandle process) {
        this.process = process;
    }

    /** This process. */
    public static CpuClock self() {
        return new CpuClock(ProcessHandle.current());
    }

    /** Process {@code pid}, or null if {@code pid} is 0 or no such process is visible. */
    public static CpuClock of(long pid) {
        return pid <= 0 ? null : ProcessHandle.of(pid).map(CpuClock::new).orElse(null);
    }

    /** CPU seconds used so far, or -1 if the OS does not tell. */
    public double seconds() {
        return process.info().totalCpuDuration().map(Duration::toNanos).map(n -> n / 1e9).orElse(-1.0);
    }
}
