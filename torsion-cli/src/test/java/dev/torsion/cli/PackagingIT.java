package dev.torsion.cli;

import dev.torsion.http.HttpHeaders;
import dev.torsion.reactor.Reactor;
import dev.torsion.web.Site;
import dev.torsion.websocket.client.WebSocketClient;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.lang.module.Configuration;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a library user gets from {@code mvn install}, checked on the packaged jars (failsafe runs this after
 * {@code package}): each library module has a stable module name, a {@code -sources} and a {@code -javadoc}
 * jar beside it, and the jars resolve together on a module path (no split package) as a modular
 * application would use them.
 */
class PackagingIT {

    /** Module name by a class each library jar holds. */
    private static final Map<String, Class<?>> MODULES = new LinkedHashMap<>();
    /** Artifact by module name. */
    private static final Map<String, String> ARTIFACTS = Map.of("dev.torsion.core", "torsion-core",
            "dev.torsion.http", "torsion-http", "dev.torsion.web", "torsion-web",
            "dev.torsion.websocket", "torsion-websocket");
    private static final String VERSION = System.getProperty("torsion.build.version");

    static {
        MODULES.put("dev.torsion.core", Reactor.class);
        MODULES.put("dev.torsion.http", HttpHeaders.class);
        MODULES.put("dev.torsion.web", Site.class);
        MODULES.put("dev.torsion.websocket", WebSocketClient.class);
    }

    @Test
    void everyLibraryJarHasItsModuleNameSourcesAndJavadoc() throws Exception {
        for (Map.Entry<String, Class<?>> e : MODULES.entrySet()) {
            Path jar = jarOf(e.getKey());
            try (JarFile file = new JarFile(jar.toFile())) {
                assertThat(file.getManifest().getMainAttributes().getValue("Automatic-Module-Name"))
                        .as(jar.toString()).isEqualTo(e.getKey());
                assertThat(file.getManifest().getMainAttributes().getValue("Implementation-Version"))
                        .isEqualTo(VERSION);
            }
            String base = jar.getFileName().toString().replaceFirst("\\.jar$", "");
            String source = e.getValue().getName().replace('.', '/');
            try (JarFile sources = new JarFile(jar.resolveSibling(base + "-sources.jar").toFile());
                 JarFile javadoc = new JarFile(jar.resolveSibling(base + "-javadoc.jar").toFile())) {
                assertThat(sources.getEntry(source + ".java")).as("sources of " + e.getKey()).isNotNull();
                // javadoc lays the pages out by module (the jar's module name) or, without one, by package
                assertThat(javadoc.getEntry(e.getKey() + "/" + source + ".html") != null
                        || javadoc.getEntry(source + ".html") != null).as("javadoc of " + e.getKey()).isTrue();
            }
        }
    }

    @Test
    void theJarsResolveOnAModulePath() throws Exception {
        Path[] jars = MODULES.keySet().stream().map(PackagingIT::jarOf).toArray(Path[]::new);
        ModuleFinder finder = ModuleFinder.of(jars);
        for (String name : MODULES.keySet()) {
            ModuleDescriptor d = finder.find(name).orElseThrow().descriptor();
            assertThat(d.isAutomatic()).isTrue();
        }
        Configuration cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), MODULES.keySet());
        ModuleLayer layer = ModuleLayer.boot().defineModulesWithOneLoader(cf, ClassLoader.getPlatformClassLoader());
        Class<?> client = layer.findLoader("dev.torsion.websocket")
                .loadClass(WebSocketClient.class.getName());
        assertThat(client.getModule().getName()).isEqualTo("dev.torsion.websocket");
        assertThat(layer.findModule("dev.torsion.http").orElseThrow().getPackages()).isEqualTo(Set.of("dev.torsion.http"));
    }

    /** The module's jar on the class path (the shaded torsion.jar holds the same classes, so look by name). */
    private static Path jarOf(String module) {
        String name = ARTIFACTS.get(module) + "-" + VERSION + ".jar";
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(entry);
            if (p.getFileName() != null && p.getFileName().toString().equals(name) && Files.isRegularFile(p)) {
                return p;
            }
        }
        throw new AssertionError(name + " is not on the class path: " + System.getProperty("java.class.path"));
    }
}
