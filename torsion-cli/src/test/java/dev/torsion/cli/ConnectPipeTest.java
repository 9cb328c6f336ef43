package dev.torsion.cli;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code echo hello | torsion connect URL} as a script runs it: the command's main in its own JVM with
 * standard input, output and exit status as pipes.
 */
class ConnectPipeTest {

    @Test
    void echoHelloThroughAPipe() throws Exception {
        try (ScriptedServer server = new ScriptedServer()) {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            // stdout goes to a file read after the wait, so that the wait's timeout can fire if the process hangs
            Path stdoutFile = Files.createTempFile("torsion-connect-", ".out");
            Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "dev.torsion.cli.Main", "connect", "--quiet", server.url()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).redirectOutput(stdoutFile.toFile()).start();
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write("hello\n".getBytes(StandardCharsets.UTF_8));
            }
            boolean exited = p.waitFor(30, TimeUnit.SECONDS);
            if (!exited) {
                p.destroyForcibly();
            }
            String stdout = Files.readString(stdoutFile, StandardCharsets.UTF_8);
            Files.delete(stdoutFile);
            assertThat(exited).as("the process exited (it printed: %s)", stdout).isTrue();
            assertThat(stdout).isEqualTo("hello\n");
            assertThat(p.exitValue()).isZero();
        }
    }
}
