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

    static Result run(List<String> command, Map<String, String> env, long timeoutSeconds) throws IOException,
            InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            return new Result(-1, "timed out: " + new String(out, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8).trim());
    }
}
