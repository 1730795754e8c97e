package it.io.heal8s.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.Test;

/**
 * The packaged WAR (an IT because it exists only after {@code package}): test-scope modules, such as the fake GitHub
 * the ITs open pull requests on, must never ship in it.
 */
class WarContentsIT {

    private static final Path WAR = Path.of(System.getProperty("heal8s.arquillian.war", "target/heal8s.war"));

    @Test
    void theWarCarriesTheGitClientsButNoTestLibrary() throws Exception {
        List<String> libraries;
        try (ZipFile war = new ZipFile(WAR.toFile())) {
            libraries = war.stream().map(ZipEntry::getName).filter(n -> n.startsWith("WEB-INF/lib/")).toList();
        }

        assertThat(libraries).anyMatch(n -> n.startsWith("WEB-INF/lib/org.eclipse.jgit-"))
                .anyMatch(n -> n.startsWith("WEB-INF/lib/github-api-"))
                .noneMatch(n -> n.contains("fake-github"))
                .noneMatch(n -> n.contains("junit") || n.contains("assertj") || n.contains("awaitility"));
    }
}
