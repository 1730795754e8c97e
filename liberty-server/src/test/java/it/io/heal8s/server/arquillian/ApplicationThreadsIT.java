package it.io.heal8s.server.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
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
 * Undeploying the application ends every thread it started, so a redeploy does not pile up threads that pin the old
 * application's classes. Checked from outside the server (its threads read over JMX) on the threads the application
 * starts, named or not (the operator's pools are unnamed).
 */
@ExtendWith(ArquillianExtension.class)
class ApplicationThreadsIT {

    private static final String DEPLOYMENT = "threads";

    /**
     * The application's threads: the playbook watcher and its JDK watch service, the vert.x threads of the sandbox (its
     * API server and client) and of the GitHub connection (this server has GitHub configured), JGit's work queue.
     * Not listed: Liberty's own threads (its executor, JMX, logging), which outlive any application, and fabric8's shared {@code CachedSingleThreadScheduler-*} thread, which ends by itself 10 to 20 s
     * after its last task (waiting for it would add that to every build).
     */
    static final Predicate<String> APPLICATION_THREAD = name -> name.equals("heal8s-playbook-watcher")
            || name.equals("FileSystemWatchService")
            || name.startsWith("vert.x-") || name.startsWith("vertx-") || name.equals("JGit-WorkQueue");

    /**
     * Threads of the server, or of fabric8's shared scheduler, that may start while the application deploys and
     * rightly outlive it: Liberty's executor and JMX threads, and the scheduler that ends by itself (see above).
     */
    static final Predicate<String> SERVER_THREAD = name -> name.startsWith("Default Executor-thread-")
            || name.startsWith("JMX server connection timeout") || name.startsWith("CachedSingleThreadScheduler-")
            // The JDK's reaper of child processes (JGit runs 'sh -c umask' once per class loader): a system thread
            // without a context class loader, so it pins nothing, and it ends 60 s after the last process exited.
            || name.equals("process reaper")
            // The JDK's RMI transport serving this test's own JMX reads of the thread list.
            || name.startsWith("RMI TCP Connection(");

    private static final Duration WIND_DOWN = Duration.ofSeconds(30);

    /** What GitOpsService logs at start when GitHub is configured with a token. */
    private static final String GITHUB_CONFIGURED = "with token authentication";

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
        await().atMost(WIND_DOWN).untilAsserted(() -> assertThat(ServerThreads.matching(APPLICATION_THREAD))
                .as("application threads before the deployment").isEmpty());
        Set<String> before = Set.copyOf(ServerThreads.names());
        long githubStartsBefore = githubStarts();

        List<String> started;
        deployer.deploy(DEPLOYMENT);
        try {
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ServerThreads.names())
                    .contains("heal8s-playbook-watcher", "FileSystemWatchService")
                    .anyMatch(name -> name.startsWith("vert.x-eventloop-thread-")));
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(githubStarts())
                    .as("starts with a GitHub connection in the server's log").isGreaterThan(githubStartsBefore));
            started = ServerThreads.matching(name -> !before.contains(name));
        } finally {
            deployer.undeploy(DEPLOYMENT);
        }

        await().atMost(WIND_DOWN).untilAsserted(() -> assertThat(ServerThreads.matching(APPLICATION_THREAD))
                .as("application threads left after the undeploy (threads new with the deployment: %s)", started)
                .isEmpty());
        // The operator's threads (java-operator-sdk's reconciler and scheduler pools, fabric8's informers) have no
        // names of their own: every thread new with the deployment must be gone, but for the server's own.
        List<String> ours = started.stream().filter(SERVER_THREAD.negate()).toList();
        await().atMost(WIND_DOWN).untilAsserted(() -> assertThat(ServerThreads.names())
                .as("threads started with the deployment and still alive after the undeploy")
                .doesNotContainAnyElementsOf(ours));
    }

    /** How many times the server's log says an application started with a GitHub connection. */
    private static long githubStarts() {
        Path log = ServerThreads.WLP_HOME.resolve("usr/servers/" + ServerThreads.SERVER + "/logs/messages.log");
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8).stream()
                    .filter(line -> line.contains(GITHUB_CONFIGURED)).count();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + log, e);
        }
    }
}
