package dev.torsion.cli;

import picocli.CommandLine;

/** Supplies {@code torsion --version} from the jar's manifest (or "development" when run from classes). */
final class Version implements CommandLine.IVersionProvider {

    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"torsion " + (v == null ? "development" : v)};
    }
}
