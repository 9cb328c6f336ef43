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

    private final ProcessHandle[] processes;

    private CpuClock(ProcessHandle... processes) {
        this.processes = processes;
    }

    /** This process. */
    public static CpuClock self() {
        return new CpuClock(ProcessHandle.current());
    }

    /** Process {@code pid}, or null if {@code pid} is 0 or no such process is visible. */
    public static CpuClock of(long pid) {
        return pid <= 0 ? null : ProcessHandle.of(pid).map(CpuClock::new).orElse(null);
    }

    /** Processes {@code pid} and {@code more} together (their sum), or null if {@code pid} is 0 or not visible. */
    public static CpuClock of(long pid, java.util.List<Long> more) {
        CpuClock first = of(pid);
        if (first == null || more.isEmpty()) {
            return first;
        }
        java.util.List<ProcessHandle> all = new java.util.ArrayList<>(java.util.List.of(first.processes));
        for (long p : more) {
            ProcessHandle.of(p).ifPresent(all::add);
        }
        return new CpuClock(all.toArray(ProcessHandle[]::new));
    }

    /** CPU seconds used so far (all of its processes together), or -1 if the OS does not tell. */
    public double seconds() {
        double total = 0;
        for (ProcessHandle process : processes) {
            double s = process.info().totalCpuDuration().map(Duration::toNanos).map(n -> n / 1e9).orElse(-1.0);
            if (s < 0) {
                return -1;
            }
            total += s;
        }
        return total;
    }
}
