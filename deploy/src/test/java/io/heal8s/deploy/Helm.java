package io.heal8s.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs the helm binary the build fetched (system property {@code heal8s.helm}) on the chart {@code helm/heal8s}, so
 * that the tests check what {@code helm install} would really send to a cluster rather than the templates' text.
 */
final class Helm {

    static final Path REPO = Path.of(System.getProperty("heal8s.repo", "..")).toAbsolutePath().normalize();
    static final Path CHART = REPO.resolve("helm/heal8s");
    static final String RELEASE = "heal8s";
    static final String NAMESPACE = "heal8s-system";

    private static final YAMLMapper YAML = new YAMLMapper();

    private Helm() {
    }

    /** The outcome of one helm command. */
    record Result(int exitCode, String stdout, String stderr) {
    }

    static Result run(List<String> args) {
        Path helm = Path.of(System.getProperty("heal8s.helm", "target/helm/helm/helm"));
        if (!Files.isExecutable(helm)) {
            throw new IllegalStateException("no helm binary at " + helm + " (the build's fetch-helm profile puts it there)");
        }
        List<String> command = new ArrayList<>();
        command.add(helm.toString());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command);
        // A user's Helm configuration must not change what is rendered.
        Path home = Path.of(System.getProperty("java.io.tmpdir"), "heal8s-helm-home");
        builder.environment().put("HELM_CONFIG_HOME", home.resolve("config").toString());
        builder.environment().put("HELM_CACHE_HOME", home.resolve("cache").toString());
        builder.environment().put("HELM_DATA_HOME", home.resolve("data").toString());
        try {
            Process process = builder.start();
            CompletableFuture<String> out = CompletableFuture.supplyAsync(() -> read(process.getInputStream()));
            CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> read(process.getErrorStream()));
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("helm " + args + " did not finish in 60 s");
            }
            return new Result(process.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** {@code helm template} with the CRDs, each {@code --set} given as {@code key=value}; fails on a non-zero exit. */
    static List<JsonNode> template(List<String> sets) {
        Result result = run(templateArgs(sets));
        if (result.exitCode() != 0) {
            throw new AssertionError("helm template " + sets + " failed:\n" + result.stderr());
        }
        return parse(result.stdout());
    }

    static List<String> templateArgs(List<String> sets) {
        List<String> args = new ArrayList<>(List.of("template", RELEASE, CHART.toString(),
                "--namespace", NAMESPACE, "--include-crds"));
        for (String set : sets) {
            args.add("--set");
            args.add(set);
        }
        return args;
    }

    /** The documents of a multi-document YAML stream, empty ones left out. */
    static List<JsonNode> parse(String yaml) {
        try (MappingIterator<JsonNode> docs = YAML.readerFor(JsonNode.class).readValues(yaml)) {
            List<JsonNode> objects = new ArrayList<>();
            while (docs.hasNext()) {
                JsonNode doc = docs.next();
                if (doc != null && !doc.isNull() && !doc.isMissingNode() && doc.size() > 0) {
                    objects.add(doc);
                }
            }
            return objects;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(java.io.InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
