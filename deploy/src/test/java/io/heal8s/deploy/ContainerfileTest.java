package io.heal8s.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * No container engine runs on our machines, so the image cannot be built here; this checks what can go wrong in its
 * structure: the base image, a non-root user, no secret baked in, and every copied path one the build produces.
 */
class ContainerfileTest {

    private static final Path CONTEXT = Helm.REPO.resolve("liberty-server");

    /** One instruction, continuation lines joined. */
    record Instruction(String keyword, String arguments) {
    }

    private static List<Instruction> instructions;

    @BeforeAll
    static void parse() throws IOException {
        instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : Files.readAllLines(CONTEXT.resolve("Containerfile"))) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String text = current.toString().strip();
            current.setLength(0);
            if (!text.isEmpty()) {
                String[] parts = text.split("\\s+", 2);
                instructions.add(new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1] : ""));
            }
        }
    }

    private static List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    private static int indexOf(String keyword, String containing) {
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals(keyword) && instructions.get(i).arguments().contains(containing)) {
                return i;
            }
        }
        throw new AssertionError("no " + keyword + " with " + containing);
    }

    @Test
    void buildsOnTheOfficialKernelSlimOpenLibertyImage() {
        String arg = all("ARG").stream().map(Instruction::arguments).filter(a -> a.startsWith("LIBERTY_IMAGE="))
                .findFirst().orElseThrow();
        assertThat(arg).matches("LIBERTY_IMAGE=icr\\.io/appcafe/open-liberty:[0-9.]+-kernel-slim-java17-openj9-ubi");
        assertThat(all("FROM")).extracting(Instruction::arguments).containsExactly("${LIBERTY_IMAGE}");
    }

    @Test
    void runsAsTheNonRootUser1001() {
        List<Instruction> users = all("USER");
        assertThat(users).isNotEmpty();
        assertThat(users.get(users.size() - 1).arguments()).isEqualTo("1001");
        assertThat(instructions.get(instructions.size() - 1).keyword()).isIn("USER", "EXPOSE");
        for (Instruction copy : all("COPY")) {
            assertThat(copy.arguments()).as("COPY %s", copy.arguments()).startsWith("--chown=1001:0 ");
        }
    }

    @Test
    void bakesNoSecretIn() throws IOException {
        Pattern secretName = Pattern.compile("(?i)(token|password|secret|private[-_]?key|credential)");
        for (Instruction i : instructions) {
            if (List.of("ENV", "ARG", "LABEL").contains(i.keyword())) {
                for (String assignment : i.arguments().split("\\s+")) {
                    String name = assignment.split("=", 2)[0];
                    assertThat(secretName.matcher(name).find()).as("%s %s", i.keyword(), name).isFalse();
                }
            }
            assertThat(i.arguments()).as("%s %s", i.keyword(), i.arguments())
                    .doesNotContain("sandbox-token").doesNotContain("BEGIN ").doesNotContainIgnoringCase("github-token");
        }
        assertThat(Files.readString(CONTEXT.resolve("src/main/container/jvm.options")))
                .doesNotContainIgnoringCase("token").doesNotContainIgnoringCase("password");
    }

    @Test
    void copiesOnlyPathsTheRepositoryOrTheBuildHas() throws IOException {
        String pom = Files.readString(CONTEXT.resolve("pom.xml"));
        Matcher finalName = Pattern.compile("<finalName>([^<]+)</finalName>").matcher(pom);
        assertThat(finalName.find()).as("liberty-server/pom.xml names its finalName").isTrue();
        assertThat(pom).contains("<packaging>war</packaging>");
        String war = "target/" + finalName.group(1) + ".war";
        List<String> ignore = Files.readAllLines(CONTEXT.resolve(".containerignore"));
        List<String> sources = new ArrayList<>();
        for (Instruction copy : all("COPY")) {
            String[] words = copy.arguments().split("\\s+");
            assertThat(words).as("COPY %s: options, one source, one destination", copy.arguments()).hasSize(3);
            String source = words[1];
            sources.add(source);
            assertThat(words[2]).startsWith("/config/");
            if (source.startsWith("target/")) {
                assertThat(source).as("the WAR liberty-server's build writes").isEqualTo(war);
            } else {
                assertThat(CONTEXT.resolve(source)).as("COPY source").isRegularFile();
            }
            // The ignore file sends nothing but what is copied: every source is let back in.
            assertThat(ignore).as(".containerignore lets %s into the context", source).contains("!" + source);
        }
        assertThat(sources).contains("src/main/liberty/config/server.xml", war);
        assertThat(Files.readString(CONTEXT.resolve("src/main/liberty/config/server.xml")))
                .contains("location=\"" + finalName.group(1) + ".war\"");
    }

    @Test
    void installsFeaturesBeforeTheApplicationAndConfiguresLast() {
        int features = indexOf("RUN", "features.sh");
        int copyWar = indexOf("COPY", ".war");
        int configure = indexOf("RUN", "configure.sh");
        assertThat(features).isLessThan(copyWar);
        assertThat(indexOf("COPY", "server.xml")).isLessThan(features);
        assertThat(configure).isGreaterThan(copyWar);
        assertThat(all("RUN")).hasSize(2);
    }

    @Test
    void logsJsonOnTheConsoleAndSizesTheHeapFromTheContainerLimit() throws IOException {
        assertThat(all("ENV")).extracting(Instruction::arguments).anyMatch(a -> a.contains("WLP_LOGGING_CONSOLE_FORMAT=JSON"));
        List<String> options = Files.readAllLines(CONTEXT.resolve("src/main/container/jvm.options")).stream()
                .filter(l -> !l.isBlank() && !l.startsWith("#")).toList();
        assertThat(options).anyMatch(o -> o.startsWith("-XX:MaxRAMPercentage="))
                .noneMatch(o -> o.startsWith("-Xmx"))
                .contains("-XX:+ExitOnOutOfMemoryError");
    }
}
