package io.heal8s.bench.load;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's JVM as Linux reports it in {@code /proc/<pid>}: resident memory ({@code VmRSS}, and its high-water mark
 * {@code VmHWM}) and CPU time. The resident set is what a container's memory limit counts, not the Java heap; the CPU
 * time tells how much of the machine the server used for the load, the generator running on the same cores.
 */
public final class ServerProcess implements AutoCloseable {

    // USER_HZ: the unit of utime and stime in /proc/<pid>/stat on every Linux architecture Java runs on.
    private static final long TICKS_PER_SECOND = 100;

    private final long pid;
    private final AtomicLong maxRssKib = new AtomicLong();
    private ScheduledExecutorService sampler;

    public ServerProcess(long pid) {
        if (!Files.isReadable(Path.of("/proc", Long.toString(pid), "status"))) {
            throw new IllegalArgumentException("server pid: no readable /proc/" + pid + "/status (is it running?)");
        }
        this.pid = pid;
    }

    /** The pid written in Liberty's pid file ({@code wlp/usr/servers/.pid/<server>.pid}). */
    public static long pidFromFile(Path pidFile) {
        try {
            return Long.parseLong(Files.readString(pidFile).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("server pid file: cannot read " + pidFile, e);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("server pid file: " + pidFile + " holds no pid", e);
        }
    }

    public long pid() {
        return pid;
    }

    /** Samples {@code VmRSS} every {@code periodMillis} until closed; {@link #maxRssKib()} is the largest sample. */
    public void startSampling(long periodMillis) {
        sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "rss-sampler");
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(() -> rssKib().ifPresent(v -> maxRssKib.accumulateAndGet(v, Math::max)),
                0, periodMillis, TimeUnit.MILLISECONDS);
    }

    /** The largest {@code VmRSS} sampled since {@link #startSampling}, in KiB. */
    public long maxRssKib() {
        return maxRssKib.get();
    }

    /** {@code VmRSS} now, in KiB; empty once the process is gone. */
    public OptionalLong rssKib() {
        return statusField("VmRSS:");
    }

    /** {@code VmHWM}, the largest resident set the process ever had, in KiB. */
    public OptionalLong hwmKib() {
        return statusField("VmHWM:");
    }

    /** The process's CPU time, user and system, in milliseconds. */
    public long cpuMillis() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // The command name (field 2) may hold spaces; the fields after its closing parenthesis are fixed.
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            return ticks * 1000 / TICKS_PER_SECOND;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read /proc/" + pid + "/stat", e);
        }
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
    }

    private OptionalLong statusField(String name) {
        try {
            List<String> lines = Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"));
            for (String line : lines) {
                if (line.startsWith(name)) {
                    // "VmRSS:	  312344 kB"
                    return OptionalLong.of(Long.parseLong(line.substring(name.length()).replace("kB", "").trim()));
                }
            }
            return OptionalLong.empty();
        } catch (IOException e) {
            return OptionalLong.empty();
        }
    }
}
