package dev.torsion.cli;

import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
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
            Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"),
                    "dev.torsion.cli.Main", "connect", "--quiet", server.url()))
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            try (OutputStream stdin = p.getOutputStream()) {
                stdin.write("hello\n".getBytes(StandardCharsets.UTF_8));
            }
            String stdout = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("the process exited").isTrue();
            assertThat(stdout).isEqualTo("hello\n");
            assertThat(p.exitValue()).isZero();
        }
    }
}
