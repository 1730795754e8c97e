package io.heal8s.engine.playbook;

import io.heal8s.engine.playbook.YamlNode.Pos;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads and validates a playbook directory: every {@code *.yaml} and {@code *.yml} file directly in it (each may hold
 * several playbooks as a multi-document stream) and the text of the Drools files in its {@code rules/} folder.
 * Collects every error with its file, line and column instead of stopping at the first. Immutable and thread-safe.
 */
public final class PlaybookLoader {

    /** The sub-folder holding {@code *.drl} rule files. */
    public static final String RULES_DIR = "rules";

    /** The apiVersion every playbook declares. */
    public static final String API_VERSION = PlaybookReader.API_VERSION;

    /** The kind every playbook declares. */
    public static final String KIND = PlaybookReader.KIND;

    private final Guards defaultGuards;

    /** A loader whose playbooks default to {@link Guards#DEFAULT}. */
    public PlaybookLoader() {
        this(Guards.DEFAULT);
    }

    /**
     * A loader whose playbooks take {@code defaultGuards} for every guard field they do not set (the configured
     * {@code heal8s.guards.*} defaults).
     */
    public PlaybookLoader(Guards defaultGuards) {
        this.defaultGuards = Objects.requireNonNull(defaultGuards, "defaultGuards");
    }

    /** Loads the whole directory; playbook names must be unique across all its files. */
    public LoadResult load(Path dir) {
        List<PlaybookError> errors = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            errors.add(new PlaybookError(dir, 1, 1, "", "playbook directory does not exist or is not a directory"));
            return new LoadResult(List.of(), List.of(), errors);
        }
        List<Playbook> playbooks = new ArrayList<>();
        Names names = new Names();
        for (Path file : list(dir, errors, ".yaml", ".yml")) {
            readFile(file, playbooks, errors, names);
        }
        List<RuleSource> rules = new ArrayList<>();
        Path rulesDir = dir.resolve(RULES_DIR);
        if (Files.isDirectory(rulesDir)) {
            for (Path file : list(rulesDir, errors, ".drl")) {
                String text = readText(file, errors);
                if (text != null) {
                    rules.add(new RuleSource(file, text));
                }
            }
        }
        return result(playbooks, rules, errors);
    }

    /** Loads one playbook file on its own, for linting a single file; names must be unique within it. */
    public LoadResult loadFile(Path file) {
        List<Playbook> playbooks = new ArrayList<>();
        List<PlaybookError> errors = new ArrayList<>();
        readFile(file, playbooks, errors, new Names());
        return result(playbooks, List.of(), errors);
    }

    private static LoadResult result(List<Playbook> playbooks, List<RuleSource> rules, List<PlaybookError> errors) {
        errors.sort(PlaybookError.ORDER);
        return new LoadResult(playbooks, rules, errors);
    }

    private void readFile(Path file, List<Playbook> playbooks, List<PlaybookError> errors, Names names) {
        String text = readText(file, errors);
        if (text == null) {
            return;
        }
        YamlTree.Documents parsed = YamlTree.read(text);
        PlaybookReader reader = new PlaybookReader(file, errors, defaultGuards);
        for (YamlNode document : parsed.documents()) {
            if (document instanceof YamlNode.Scalar s && s.isNull()) {
                // An empty document: a leading or trailing '---', or a file of comments only.
                continue;
            }
            PlaybookReader.Read read = reader.read(document);
            boolean unique = read.name() == null || names.claim(file, read.name(), read.namePos(), errors);
            if (read.playbook() != null && unique) {
                playbooks.add(read.playbook());
            }
        }
        if (parsed.error() != null) {
            Pos pos = parsed.error().pos();
            errors.add(new PlaybookError(file, pos.line(), pos.column(), "", parsed.error().message()));
        }
    }

    private static String readText(Path file, List<PlaybookError> errors) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            errors.add(new PlaybookError(file, 1, 1, "", "not UTF-8 text"));
        } catch (IOException e) {
            errors.add(new PlaybookError(file, 1, 1, "", "cannot read the file: " + e));
        }
        return null;
    }

    /**
     * Regular files with one of the suffixes, sorted by name so every load sees them in the same order. Hidden files
     * are skipped: editors' lock files ({@code .#a.yaml}) and a ConfigMap mount's {@code ..data} are not playbooks.
     */
    private static List<Path> list(Path dir, List<PlaybookError> errors, String... suffixes) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                String name = f.getFileName().toString();
                return !name.startsWith(".") && Stream.of(suffixes).anyMatch(name::endsWith) && Files.isRegularFile(f);
            }).sorted(Comparator.comparing(f -> f.getFileName().toString())).collect(Collectors.toList());
        } catch (IOException e) {
            errors.add(new PlaybookError(dir, 1, 1, "", "cannot list the directory: " + e));
            return List.of();
        }
    }

    /** Where each playbook name was first seen, to report a second use against the first. */
    private static final class Names {
        private final Map<String, String> firstSeen = new HashMap<>();

        boolean claim(Path file, String name, Pos pos, List<PlaybookError> errors) {
            String first = firstSeen.putIfAbsent(name, file + ":" + pos.line());
            if (first == null) {
                return true;
            }
            errors.add(new PlaybookError(file, pos.line(), pos.column(), "metadata.name",
                    "duplicate playbook name '" + name + "': first defined at " + first));
            return false;
        }
    }
}
