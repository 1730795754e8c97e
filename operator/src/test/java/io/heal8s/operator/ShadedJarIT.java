package io.heal8s.operator;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarFile;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The packaged jar (after the shade plugin ran in {@code package}) is the one a WAR can carry: the JOSDK classes are
 * inside, JOSDK's {@code META-INF/beans.xml} (which Liberty's CDI refuses) is not, and nothing else was pulled in.
 */
class ShadedJarIT {

    private static List<String> entries;

    @BeforeAll
    static void open() throws IOException {
        Path jar;
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            jar = files.filter(p -> p.getFileName().toString().matches("heal8s-operator-.*\\.jar"))
                    .filter(p -> !p.getFileName().toString().endsWith("-sources.jar"))
                    .findFirst().orElseThrow(() -> new AssertionError("no target/heal8s-operator-*.jar; run package"));
        }
        try (JarFile file = new JarFile(jar.toFile())) {
            entries = file.stream().map(ZipEntry::getName).toList();
        }
    }

    @Test
    void carriesNoBeansXml() {
        assertThat(entries).noneMatch(name -> name.endsWith("beans.xml"));
    }

    @Test
    void carriesTheOperatorSdkClassesBesideOurOwn() {
        assertThat(entries).contains("io/javaoperatorsdk/operator/Operator.class",
                "io/heal8s/operator/RemediationReconciler.class", "io/heal8s/operator/Heal8sOperator.class");
    }

    @Test
    void carriesNoOtherLibrary() {
        assertThat(entries).filteredOn(name -> name.endsWith(".class"))
                .allMatch(name -> name.startsWith("io/javaoperatorsdk/") || name.startsWith("io/heal8s/operator/"));
    }
}
