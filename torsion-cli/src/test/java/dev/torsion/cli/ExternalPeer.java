package dev.torsion.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real peer program (Python websockets, node ws) and reports its exit status and output. */
final class ExternalPeer {

    record Result(int exitCode, String output) {
    }

    /** Fails with a message saying what to install when {@code program} is missing. */
    static void require(String program, String debianPackage) {
        if (!Files.isExecutable(Path.of(program))) {
            throw new AssertionError(program + " is missing: install the Debian package " + debianPackage
                    + " (.ci/run does)");
        }
    }

    /**
     * Runs {@code command} for at most {@code timeoutSeconds}: its output goes to a file, read after the wait,
     * so that a peer that hangs is killed at the timeout (reading a pipe to its end first would block as long
     * as the peer lives, and the timeout could never fire).
     */
    static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws IOException,
            InterruptedException {
        Path output = Files.createTempFile("torsion-peer-", ".out");
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile());
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                return new Result(-1, "timed out after " + timeoutSeconds + " s: " + Files.readString(output));
            }
            return new Result(p.exitValue(), Files.readString(output, StandardCharsets.UTF_8).trim());
        } finally {
            Files.deleteIfExists(output);
        }
    }
}
