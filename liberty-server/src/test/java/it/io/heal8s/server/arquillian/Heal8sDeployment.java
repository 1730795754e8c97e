package it.io.heal8s.server.arquillian;

import java.io.File;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.assertj.core.api.Assertions;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * The archive Arquillian deploys: the WAR this module built, as it is, so that in-container tests exercise the real
 * wiring (every bean, producer and observer of the application, the sandbox included), plus what the tests need inside
 * the server (AssertJ, Awaitility and the example alerts). Each test class adds itself.
 */
final class Heal8sDeployment {

    /** Where the example Alertmanager payloads are found inside the deployment. */
    static final String ALERTS = "heal8s-examples/alerts/";

    private static final Path WAR = Path.of(System.getProperty("heal8s.arquillian.war", "target/heal8s.war"));
    private static final Path EXAMPLES = Path.of(System.getProperty("heal8s.arquillian.examples-dir", "../examples"));

    private Heal8sDeployment() {
    }

    /** The built WAR under {@code name} (which names the application and its context root on the server). */
    static WebArchive of(String name) {
        if (!Files.isRegularFile(WAR)) {
            throw new IllegalStateException("heal8s.arquillian.war: " + WAR.toAbsolutePath()
                    + " is not a file; the in-container tests deploy the WAR that 'mvn verify' packages");
        }
        return ShrinkWrap.create(ZipImporter.class, name)
                .importFrom(WAR.toFile())
                .as(WebArchive.class)
                .addClass(Heal8sDeployment.class)
                .addAsLibrary(jarOf(Assertions.class))
                .addAsLibrary(jarOf(org.awaitility.Awaitility.class))
                .addAsLibrary(jarOf(org.hamcrest.Matcher.class))
                .addAsResource(EXAMPLES.resolve("alerts/oom.json").toFile(), ALERTS + "oom.json");
    }

    private static File jarOf(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException("cannot locate the jar of " + type.getName(), e);
        }
    }
}
