package it.io.heal8s.server.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.function.Predicate;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Undeploying the application ends every thread it started, so a redeploy does not pile up threads holding the old
 * application's classes. Checked from outside the server, on the threads the application starts today: the playbook
 * watcher and the sandbox's vert.x threads (its API server and client).
 */
@ExtendWith(ArquillianExtension.class)
class ApplicationThreadsIT {

    private static final String DEPLOYMENT = "threads";

    // Liberty's own threads (executor, JMX, logging) stay; these belong to the application.
    static final Predicate<String> APPLICATION_THREAD = name -> name.equals("heal8s-playbook-watcher")
            || name.startsWith("vert.x-") || name.startsWith("vertx-");

    @Deployment(name = DEPLOYMENT, managed = false)
    static WebArchive deployment() {
        return Heal8sDeployment.of("heal8s-threads.war").addClass(ApplicationThreadsIT.class);
    }

    @ArquillianResource
    Deployer deployer;

    @Test
    @RunAsClient
    void undeployingTheApplicationEndsEveryThreadItStarted() {
        // An earlier test class's deployment may still be winding down; one that never does fails here.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ServerThreads.matching(APPLICATION_THREAD))
                .as("application threads before the deployment").isEmpty());

        deployer.deploy(DEPLOYMENT);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ServerThreads.names())
                    .contains("heal8s-playbook-watcher")
                    .anyMatch(name -> name.startsWith("vert.x-")));
        } finally {
            deployer.undeploy(DEPLOYMENT);
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ServerThreads.matching(APPLICATION_THREAD))
                .as("application threads after the undeploy").isEmpty());
    }
}
