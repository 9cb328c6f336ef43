package dev.torsion.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Supplies {@code torsion --version}: the version the build wrote into {@code version.properties} (Maven
 * resource filtering), so it is right whether the command runs from its jar or from the classes directory.
 *
 * <p>Stateless; safe from any thread.
 */
final class Version implements CommandLine.IVersionProvider {

    /** The version of this build, for example {@code 0.1.0-SNAPSHOT}. */
    static String number() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) {
                throw new IllegalStateException("version.properties is missing from the build");
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {"torsion " + number()};
    }
}
