package it.io.heal8s.server.arquillian;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The names of the threads alive in the Arquillian server's JVM, read from outside it (a {@code @RunAsClient} test)
 * through the server's local JMX connector and the platform {@link ThreadMXBean}: what an undeploy test needs to show
 * that none of the application's threads (the playbook watcher, the sandbox's, later the operator's) outlive it.
 */
final class ServerThreads {

    static final Path WLP_HOME = Path.of(System.getProperty("heal8s.arquillian.wlp-home", "target/liberty/wlp"));
    static final String SERVER = System.getProperty("heal8s.arquillian.server-name", "heal8sArquillian");

    private ServerThreads() {
    }

    /** The names of the live threads whose name matches {@code filter}. */
    static List<String> matching(Predicate<String> filter) {
        return names().stream().filter(filter).sorted().toList();
    }

    /** The names of all live threads. */
    static List<String> names() {
        try (JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(localConnectorAddress()))) {
            ThreadMXBean threads = ManagementFactory.newPlatformMXBeanProxy(connector.getMBeanServerConnection(),
                    ManagementFactory.THREAD_MXBEAN_NAME, ThreadMXBean.class);
            ThreadInfo[] infos = threads.getThreadInfo(threads.getAllThreadIds());
            // A thread that ended between the two calls has no info.
            return Arrays.stream(infos).filter(Objects::nonNull).map(ThreadInfo::getThreadName).toList();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the threads of server " + SERVER + " over its local JMX"
                    + " connector (feature localConnector-1.0): " + e, e);
        }
    }

    /** Liberty's local connector writes its address here once the server is up. */
    private static String localConnectorAddress() throws IOException {
        Path file = WLP_HOME.resolve("usr/servers").resolve(SERVER).resolve("logs/state/com.ibm.ws.jmx.local.address");
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }
}
