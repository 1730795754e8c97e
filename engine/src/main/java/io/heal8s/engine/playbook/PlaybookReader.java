package io.heal8s.engine.playbook;

import com.fasterxml.jackson.core.JsonToken;
import io.heal8s.engine.action.Quantity;
import io.heal8s.engine.cluster.KubernetesNames;
import io.heal8s.engine.playbook.YamlNode.Entry;
import io.heal8s.engine.playbook.YamlNode.ListNode;
import io.heal8s.engine.playbook.YamlNode.MapNode;
import io.heal8s.engine.playbook.YamlNode.Pos;
import io.heal8s.engine.playbook.YamlNode.Scalar;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Validates one YAML document against the playbook format by hand, field by field, so that every problem is reported
 * (not only the first) at the position of the node that caused it. Not thread-safe; one per file.
 */
final class PlaybookReader {

    static final String API_VERSION = "heal8s.io/v1alpha1";
    static final String KIND = "Playbook";

    private static final List<String> ROOT_FIELDS = List.of("apiVersion", "kind", "metadata", "spec");
    private static final List<String> METADATA_FIELDS = List.of("name", "description");
    private static final List<String> SPEC_FIELDS =
            List.of("priority", "match", "target", "action", "guards", "strategy", "gitops", "dryRun", "verify");
    private static final List<String> MATCH_FIELDS = List.of("alertNames", "severities", "labels");
    private static final List<String> TARGET_FIELDS = List.of("kind", "labels");
    private static final List<String> TARGET_LABEL_KEYS = List.of("namespace", "deployment", "statefulset",
            "daemonset", "persistentvolumeclaim", "pod", "container");
    private static final List<String> ACTION_FIELDS = List.of("type", "params");
    private static final List<String> GUARDS_FIELDS = List.of("cooldown", "maxAttempts", "window", "loop");
    private static final List<String> LOOP_FIELDS = List.of("maxChanges", "window");
    private static final List<String> VERIFY_FIELDS = List.of("window", "promql", "interval", "successes");
    private static final List<String> STRATEGY_FIELDS = List.of("mode", "requireApproval", "ttl");
    private static final List<String> GITOPS_FIELDS = List.of("repository", "baseBranch", "manifestPath", "reviewers",
            "assignees", "labels", "draft", "autoMerge");

    private static final Pattern LABEL_NAME = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final int PERCENT_MAX = 1000;

    /**
     * What one document gave: the playbook when it validated, and its name and the name's position whenever the name
     * itself was valid, so duplicates are found even among broken playbooks.
     *
     * @param playbook null when the document had errors
     * @param name null when the name was missing or invalid
     */
    record Read(Playbook playbook, String name, Pos namePos) {
    }

    private final Path file;
    private final List<PlaybookError> errors;
    private final Guards defaultGuards;

    PlaybookReader(Path file, List<PlaybookError> errors) {
        this(file, errors, Guards.DEFAULT);
    }

    /** @param defaultGuards the guards of a playbook that sets none, field by field (the configured defaults) */
    PlaybookReader(Path file, List<PlaybookError> errors, Guards defaultGuards) {
        this.file = file;
        this.errors = errors;
        this.defaultGuards = defaultGuards;
    }

    Read read(YamlNode document) {
        int before = errors.size();
        rejectAliases(document, "");
        if (!(document instanceof MapNode root)) {
            error(document.pos(), "", "expected a playbook (a mapping with apiVersion, kind, metadata and spec), found "
                    + document.describe());
            return new Read(null, null, null);
        }
        Fields fields = fields(root, "", root.pos(), ROOT_FIELDS);

        Entry apiVersion = fields.required("apiVersion");
        String api = apiVersion == null ? null : string(apiVersion.value(), "apiVersion");
        if (api != null && !api.equals(API_VERSION)) {
            error(apiVersion.value().pos(), "apiVersion", "unsupported apiVersion '" + api + "'; expected " + API_VERSION);
        }
        Entry kindEntry = fields.required("kind");
        String kind = kindEntry == null ? null : string(kindEntry.value(), "kind");
        if (kind != null && !kind.equals(KIND)) {
            error(kindEntry.value().pos(), "kind", "unsupported kind '" + kind + "'; expected " + KIND);
        }

        String name = null;
        Pos namePos = null;
        String description = "";
        Entry metadataEntry = fields.required("metadata");
        Fields meta = metadataEntry == null ? null : section(metadataEntry, "metadata", METADATA_FIELDS);
        if (meta != null) {
            Entry nameEntry = meta.required("name");
            String text = nameEntry == null ? null : string(nameEntry.value(), "metadata.name");
            if (text != null && !KubernetesNames.isLabel(text)) {
                error(nameEntry.value().pos(), "metadata.name", "invalid name '" + text + "': use at most 63 lowercase "
                        + "letters, digits and '-', starting and ending with a letter or digit (a DNS-1123 label)");
            } else if (text != null) {
                name = text;
                namePos = nameEntry.value().pos();
            }
            Entry descriptionEntry = meta.get("description");
            if (descriptionEntry != null) {
                String d = string(descriptionEntry.value(), "metadata.description");
                description = d == null ? "" : d;
            }
        }

        Entry specEntry = fields.required("spec");
        Fields s = specEntry == null ? null : section(specEntry, "spec", SPEC_FIELDS);
        Playbook playbook = null;
        if (s != null) {
            int priority = 0;
            Entry priorityEntry = s.get("priority");
            if (priorityEntry != null) {
                Integer p = integer(priorityEntry.value(), "spec.priority");
                priority = p == null ? 0 : p;
            }
            Match match = readMatch(s.required("match"));
            ActionSpec action = readAction(s.required("action"));
            TargetSpec target = readTarget(s.get("target"), action);
            Guards guards = readGuards(s.get("guards"));
            Strategy strategy = readStrategy(s.get("strategy"));
            GitOpsSpec gitops = readGitOps(s.get("gitops"), strategy);
            Entry dryRunEntry = s.get("dryRun");
            Boolean dryRun = dryRunEntry == null ? Boolean.FALSE : bool(dryRunEntry.value(), "spec.dryRun");
            Verify verify = readVerify(s.get("verify"));
            if (errors.size() == before) {
                // The kind: line is where an editor should jump for "this playbook".
                int line = kindEntry != null ? kindEntry.keyPos().line() : root.pos().line();
                playbook = new Playbook(name, description, priority, match, target, action, guards, strategy, gitops,
                        new Playbook.Source(file, line), Boolean.TRUE.equals(dryRun), verify);
            }
        }
        return new Read(errors.size() == before ? playbook : null, name, namePos);
    }

    private Match readMatch(Entry entry) {
        Fields f = entry == null ? null : section(entry, "spec.match", MATCH_FIELDS);
        if (f == null) {
            return null;
        }
        List<String> alertNames = stringList(f.get("alertNames"), "spec.match.alertNames");
        List<String> severities = stringList(f.get("severities"), "spec.match.severities");
        List<LabelMatcher> matchers = new ArrayList<>();
        Entry labels = f.get("labels");
        ListNode labelList = labels == null ? null : list(labels.value(), "spec.match.labels");
        boolean matchersOk = true;
        if (labelList != null) {
            for (int i = 0; i < labelList.items().size(); i++) {
                YamlNode item = labelList.items().get(i);
                String path = "spec.match.labels[" + i + "]";
                if (item instanceof MapNode) {
                    error(item.pos(), path, "expected a matcher string such as 'namespace=\"prod\"', found a mapping; "
                            + "write it as one string: " + LabelMatcher.FORMS);
                    matchersOk = false;
                    continue;
                }
                String text = string(item, path);
                if (text == null) {
                    matchersOk = false;
                    continue;
                }
                try {
                    matchers.add(LabelMatcher.parse(text));
                } catch (IllegalArgumentException e) {
                    error(item.pos(), path, e.getMessage());
                    matchersOk = false;
                }
            }
        }
        if (alertNames == null || severities == null || !matchersOk) {
            return null;
        }
        if (alertNames.isEmpty() && matchers.isEmpty()) {
            error(entry.keyPos(), "spec.match", "needs alertNames or labels: a playbook that answers every alert "
                    + "is almost certainly a mistake");
            return null;
        }
        return new Match(Set.copyOf(alertNames), Set.copyOf(severities), matchers);
    }

    private ActionSpec readAction(Entry entry) {
        Fields f = entry == null ? null : section(entry, "spec.action", ACTION_FIELDS);
        if (f == null) {
            return null;
        }
        Entry typeEntry = f.required("type");
        String typeName = typeEntry == null ? null : string(typeEntry.value(), "spec.action.type");
        ActionType type = null;
        if (typeName != null) {
            type = ActionType.parse(typeName).orElse(null);
            if (type == null) {
                List<String> known = Arrays.stream(ActionType.values()).map(Enum::name).collect(Collectors.toList());
                error(typeEntry.value().pos(), "spec.action.type", "unknown action type '" + typeName + "'"
                        + suggestion(typeName, known) + "; known types: " + String.join(", ", known));
            }
        }
        Entry paramsEntry = f.get("params");
        if (type == null) {
            return null;
        }
        Map<String, Object> params = new LinkedHashMap<>(ActionSpec.defaults(type).params());
        MapNode paramsNode = paramsEntry == null ? null : map(paramsEntry.value(), "spec.action.params");
        if (paramsEntry != null && paramsNode == null) {
            return null;
        }
        boolean ok = true;
        if (paramsNode != null) {
            List<String> names = type.params().stream().map(ParamSpec::name).collect(Collectors.toList());
            ActionType t = type;
            Fields pf = fields(paramsNode, "spec.action.params", paramsEntry.keyPos(), names, key -> names.isEmpty()
                    ? t + " takes no parameters"
                    : "unknown parameter '" + key + "' of " + t + suggestion(key, names)
                    + "; its parameters are " + String.join(", ", names));
            ok = pf.ok;
            for (Entry e : pf.entries.values()) {
                ParamSpec spec = type.param(e.key()).orElseThrow();
                Object value = param(spec, e.value(), "spec.action.params." + e.key());
                if (value == null) {
                    ok = false;
                } else {
                    params.put(e.key(), value);
                }
            }
        }
        return ok ? new ActionSpec(type, params) : null;
    }

    /** A parameter value normalised to its type's Java type, or null after reporting why it is wrong. */
    private Object param(ParamSpec spec, YamlNode node, String path) {
        switch (spec.type()) {
            case INTEGER: {
                Integer n = integer(node, path);
                if (n != null && n < 1) {
                    error(node.pos(), path, spec.name() + " must be at least 1, got " + n);
                    return null;
                }
                return n;
            }
            case PERCENT: {
                Integer n = integer(node, path);
                if (n != null && (n < 1 || n > PERCENT_MAX)) {
                    error(node.pos(), path, spec.name() + " must be between 1 and " + PERCENT_MAX + " (percent), got " + n);
                    return null;
                }
                return n;
            }
            case MEMORY:
                return quantity(node, path, Quantity::parseMemory, "a memory quantity such as 512Mi or 2Gi");
            case CPU:
                return quantity(node, path, Quantity::parseCpu, "a CPU quantity such as 250m, 0.5 or 2");
            case DURATION:
                return duration(node, path, false);
            case BOOLEAN:
                return bool(node, path);
            case ENUM: {
                String word = string(node, path);
                if (word != null && !spec.allowed().contains(word)) {
                    error(node.pos(), path, "'" + word + "' is not allowed" + suggestion(word, spec.allowed())
                            + "; use one of " + String.join(", ", spec.allowed()));
                    return null;
                }
                return word;
            }
            default:
                throw new IllegalStateException("unhandled parameter type " + spec.type());
        }
    }

    private String quantity(YamlNode node, String path, Function<String, Quantity> parse, String expected) {
        if (!(node instanceof Scalar s) || s.isNull() || s.token() == JsonToken.VALUE_TRUE
                || s.token() == JsonToken.VALUE_FALSE) {
            error(node.pos(), path, "expected " + expected + ", found " + node.describe());
            return null;
        }
        if (s.alias()) {
            return null;
        }
        try {
            // The text as written: YAML reads 0.5 and 129e6 as numbers, but Kubernetes' spelling is what counts.
            return parse.apply(s.text()).text();
        } catch (IllegalArgumentException e) {
            error(node.pos(), path, e.getMessage());
            return null;
        }
    }

    private TargetSpec readTarget(Entry entry, ActionSpec action) {
        TargetSpec defaults = TargetSpec.DEFAULT;
        // An action that can change only one kind (ExpandVolume) needs no inference: it is that kind.
        WorkloadKind kind = action != null && action.type().targets().size() == 1
                ? action.type().targets().iterator().next() : null;
        if (entry == null) {
            return withKind(defaults, kind);
        }
        Fields f = section(entry, "spec.target", TARGET_FIELDS);
        if (f == null) {
            return null;
        }
        boolean ok = true;
        Entry kindEntry = f.get("kind");
        if (kindEntry != null) {
            String text = string(kindEntry.value(), "spec.target.kind");
            kind = text == null ? null : WorkloadKind.parse(text);
            if (text != null && kind == null) {
                error(kindEntry.value().pos(), "spec.target.kind", "unknown kind '" + text + "'; use one of "
                        + joinNames(Arrays.asList(WorkloadKind.values())));
            }
            if (kind == null) {
                ok = false;
            } else if (action != null && !action.type().targets().contains(kind)) {
                error(kindEntry.value().pos(), "spec.target.kind", action.type() + " cannot act on a " + kind
                        + "; it acts on " + joinNames(sorted(action.type().targets())));
                ok = false;
            }
        }
        Map<String, String> labels = new LinkedHashMap<>();
        Entry labelsEntry = f.get("labels");
        Fields lf = labelsEntry == null ? null : section(labelsEntry, "spec.target.labels", TARGET_LABEL_KEYS);
        if (labelsEntry != null && lf == null) {
            ok = false;
        }
        if (lf != null) {
            ok &= lf.ok;
            for (Entry e : lf.entries.values()) {
                String path = "spec.target.labels." + e.key();
                String label = string(e.value(), path);
                if (label != null && !LABEL_NAME.matcher(label).matches()) {
                    error(e.value().pos(), path, "'" + label + "' is not a valid label name ([a-zA-Z_][a-zA-Z0-9_]*)");
                    label = null;
                }
                if (label == null) {
                    ok = false;
                } else {
                    labels.put(e.key(), label);
                }
            }
        }
        if (!ok) {
            return null;
        }
        return new TargetSpec(kind,
                labels.getOrDefault("namespace", defaults.namespaceLabel()),
                labels.getOrDefault("deployment", defaults.deploymentLabel()),
                labels.getOrDefault("statefulset", defaults.statefulsetLabel()),
                labels.getOrDefault("daemonset", defaults.daemonsetLabel()),
                labels.getOrDefault("persistentvolumeclaim", defaults.pvcLabel()),
                labels.getOrDefault("pod", defaults.podLabel()),
                labels.getOrDefault("container", defaults.containerLabel()));
    }

    private static TargetSpec withKind(TargetSpec t, WorkloadKind kind) {
        return new TargetSpec(kind, t.namespaceLabel(), t.deploymentLabel(), t.statefulsetLabel(), t.daemonsetLabel(),
                t.pvcLabel(), t.podLabel(), t.containerLabel());
    }

    private Guards readGuards(Entry entry) {
        Guards d = defaultGuards;
        if (entry == null) {
            return d;
        }
        Fields f = section(entry, "spec.guards", GUARDS_FIELDS);
        if (f == null) {
            return null;
        }
        Duration cooldown = optional(f, "cooldown", "spec.guards.cooldown", d.cooldown(), (n, p) -> duration(n, p, true));
        Integer maxAttempts = optional(f, "maxAttempts", "spec.guards.maxAttempts", d.maxAttempts(), (n, p) -> {
            Integer v = integer(n, p);
            if (v != null && v < 1) {
                error(n.pos(), p, "maxAttempts must be at least 1, got " + v);
                return null;
            }
            return v;
        });
        Duration window = optional(f, "window", "spec.guards.window", d.window(), (n, p) -> duration(n, p, false));
        Integer loopMaxChanges = d.loopMaxChanges();
        Duration loopWindow = d.loopWindow();
        boolean loopOk = true;
        Entry loop = f.get("loop");
        if (loop != null) {
            Fields l = section(loop, "spec.guards.loop", LOOP_FIELDS);
            if (l == null) {
                loopOk = false;
            } else {
                loopMaxChanges = optional(l, "maxChanges", "spec.guards.loop.maxChanges", d.loopMaxChanges(),
                        (n, p) -> {
                            Integer v = integer(n, p);
                            if (v != null && v < 0) {
                                error(n.pos(), p, "maxChanges must be 0 (no loop check) or more, got " + v);
                                return null;
                            }
                            return v;
                        });
                loopWindow = optional(l, "window", "spec.guards.loop.window", d.loopWindow(),
                        (n, p) -> duration(n, p, false));
                loopOk = l.ok;
            }
        }
        if (!f.ok || !loopOk || cooldown == null || maxAttempts == null || window == null || loopMaxChanges == null
                || loopWindow == null) {
            return null;
        }
        return new Guards(cooldown, maxAttempts, window, loopMaxChanges, loopWindow);
    }

    private Strategy readStrategy(Entry entry) {
        Strategy d = Strategy.DEFAULT;
        if (entry == null) {
            return d;
        }
        Fields f = section(entry, "spec.strategy", STRATEGY_FIELDS);
        if (f == null) {
            return null;
        }
        Strategy.Mode mode = optional(f, "mode", "spec.strategy.mode", d.mode(), (n, p) -> {
            String text = string(n, p);
            for (Strategy.Mode m : Strategy.Mode.values()) {
                if (m.name().equals(text)) {
                    return m;
                }
            }
            if (text != null) {
                List<String> modes = Arrays.stream(Strategy.Mode.values()).map(Enum::name).collect(Collectors.toList());
                error(n.pos(), p, "unknown mode '" + text + "'" + suggestion(text, modes) + "; use GitOps or Direct");
            }
            return null;
        });
        Boolean requireApproval = optional(f, "requireApproval", "spec.strategy.requireApproval",
                d.requireApproval(), this::bool);
        Duration ttl = optional(f, "ttl", "spec.strategy.ttl", d.ttl(), (n, p) -> duration(n, p, false));
        if (!f.ok || mode == null || requireApproval == null || ttl == null) {
            return null;
        }
        return new Strategy(mode, requireApproval, ttl);
    }

    /** {@code spec.verify}: every field optional; the window's default is the server's, so it stays null here. */
    private Verify readVerify(Entry entry) {
        if (entry == null) {
            return Verify.DEFAULT;
        }
        Fields f = section(entry, "spec.verify", VERIFY_FIELDS);
        if (f == null) {
            return null;
        }
        Entry windowEntry = f.get("window");
        Duration window = windowEntry == null ? null : duration(windowEntry.value(), "spec.verify.window", false);
        Duration interval = optional(f, "interval", "spec.verify.interval", Verify.DEFAULT_INTERVAL,
                (n, p) -> duration(n, p, false));
        Integer successes = optional(f, "successes", "spec.verify.successes", Verify.DEFAULT_SUCCESSES, (n, p) -> {
            Integer value = integer(n, p);
            if (value != null && (value < 1 || value > 100)) {
                error(n.pos(), p, "must be between 1 and 100 (consecutive healthy answers), got " + value);
                return null;
            }
            return value;
        });
        Entry promqlEntry = f.get("promql");
        String promql = promqlEntry == null ? null : string(promqlEntry.value(), "spec.verify.promql");
        if (promql != null && (promql.isBlank() || promql.length() > Verify.MAX_PROMQL)) {
            error(promqlEntry.value().pos(), "spec.verify.promql", promql.isBlank() ? "must not be blank"
                    : "is " + promql.length() + " characters long; at most " + Verify.MAX_PROMQL + " are allowed");
            promql = null;
        }
        boolean promqlOk = promqlEntry == null || promql != null;
        if (interval != null && window != null && interval.compareTo(window) > 0) {
            error(f.get("interval").value().pos(), "spec.verify.interval", "the interval ("
                    + Durations.format(interval) + ") is longer than the window (" + Durations.format(window)
                    + "): the check would never run inside it");
            interval = null;
        }
        if (!f.ok || (windowEntry != null && window == null) || interval == null || successes == null || !promqlOk) {
            return null;
        }
        return new Verify(window, promql, interval, successes);
    }

    private GitOpsSpec readGitOps(Entry entry, Strategy strategy) {
        if (entry == null) {
            return null;
        }
        Fields f = section(entry, "spec.gitops", GITOPS_FIELDS);
        if (f == null) {
            return null;
        }
        String repository = checked(f.required("repository"), "spec.gitops.repository", GitOpsSpec::checkRepository);
        Entry branchEntry = f.get("baseBranch");
        String branch = branchEntry == null ? GitOpsSpec.DEFAULT_BRANCH
                : checked(branchEntry, "spec.gitops.baseBranch", GitOpsSpec::checkBranch);
        String manifestPath = checked(f.required("manifestPath"), "spec.gitops.manifestPath",
                GitOpsSpec::checkManifestPath);
        List<String> reviewers = checkedList(f.get("reviewers"), "spec.gitops.reviewers", GitOpsSpec::checkReviewer);
        List<String> assignees = checkedList(f.get("assignees"), "spec.gitops.assignees", GitOpsSpec::checkLogin);
        List<String> labels = checkedList(f.get("labels"), "spec.gitops.labels", GitOpsSpec::checkLabel);
        Boolean draft = optional(f, "draft", "spec.gitops.draft", false, this::bool);
        Boolean autoMerge = optional(f, "autoMerge", "spec.gitops.autoMerge", false, this::bool);
        if (Boolean.TRUE.equals(autoMerge) && strategy != null && strategy.requireApproval()) {
            // Silently ignoring the setting would leave the author believing the PRs merge themselves.
            error(f.get("autoMerge").value().pos(), "spec.gitops.autoMerge", "autoMerge has no effect while "
                    + "spec.strategy.requireApproval is true (its default): a change that waits for approval is "
                    + "never merged without it; set requireApproval: false or remove autoMerge");
            autoMerge = null;
        }
        if (!f.ok || repository == null || branch == null || manifestPath == null || reviewers == null
                || assignees == null || labels == null || draft == null || autoMerge == null) {
            return null;
        }
        return new GitOpsSpec(repository, branch, manifestPath, reviewers, assignees, labels, draft, autoMerge);
    }

    /**
     * A list of strings each of which {@code check} accepts, with no value twice (GitHub ignores case in logins,
     * teams and labels): the empty list when absent, null after reporting every bad item at its position.
     */
    private List<String> checkedList(Entry entry, String path, Consumer<String> check) {
        List<String> values = stringList(entry, path);
        if (values == null || values.isEmpty()) {
            return values;
        }
        ListNode node = (ListNode) entry.value();
        Map<String, Integer> seen = new LinkedHashMap<>();
        boolean ok = true;
        for (int i = 0; i < values.size(); i++) {
            String value = values.get(i);
            Pos pos = node.items().get(i).pos();
            String itemPath = path + "[" + i + "]";
            try {
                check.accept(value);
            } catch (IllegalArgumentException e) {
                error(pos, itemPath, e.getMessage());
                ok = false;
                continue;
            }
            Integer first = seen.putIfAbsent(value.toLowerCase(Locale.ROOT), i);
            if (first != null) {
                error(pos, itemPath, "'" + value + "' is already listed at " + path + "[" + first + "]");
                ok = false;
            }
        }
        return ok ? values : null;
    }

    /** A string that {@code check} accepts, or null after reporting the check's message at the value. */
    private String checked(Entry entry, String path, Consumer<String> check) {
        String text = entry == null ? null : string(entry.value(), path);
        if (text == null) {
            return null;
        }
        try {
            check.accept(text);
            return text;
        } catch (IllegalArgumentException e) {
            error(entry.value().pos(), path, e.getMessage());
            return null;
        }
    }

    // ---- generic, position-reporting accessors ------------------------------------------------------------------

    /** Reads one optional field: its default when absent, its value when valid, null after an error. */
    private <T> T optional(Fields f, String key, String path, T defaultValue,
            BiFunction<YamlNode, String, T> read) {
        Entry e = f.get(key);
        return e == null ? defaultValue : read.apply(e.value(), path);
    }

    /** The keys of a mapping, after reporting unknown and duplicate ones. */
    private final class Fields {
        final Map<String, Entry> entries = new LinkedHashMap<>();
        final String path;
        final Pos anchor;
        boolean ok = true;

        Fields(String path, Pos anchor) {
            this.path = path;
            this.anchor = anchor;
        }

        /** The entry, or null when absent or empty ({@code key:} with no value reads as absent). */
        Entry get(String key) {
            Entry e = entries.get(key);
            return e == null || (e.value() instanceof Scalar s && s.isNull()) ? null : e;
        }

        /** The entry, or null after reporting it missing at the parent (there is no node of its own to point at). */
        Entry required(String key) {
            Entry e = entries.get(key);
            if (e == null) {
                error(anchor, join(path, key), "required field is missing");
                return null;
            }
            if (e.value() instanceof Scalar s && s.isNull()) {
                error(e.keyPos(), join(path, key), "required field is empty");
                return null;
            }
            return e;
        }
    }

    /** The keys of the mapping under {@code entry}; null, after reporting it, when the value is not a mapping. */
    private Fields section(Entry entry, String path, List<String> known) {
        MapNode node = map(entry.value(), path);
        return node == null ? null : fields(node, path, entry.keyPos(), known);
    }

    private Fields fields(MapNode node, String path, Pos anchor, List<String> known) {
        return fields(node, path, anchor, known, key -> "unknown field '" + key + "'" + suggestion(key, known)
                + "; known fields: " + String.join(", ", known));
    }

    private Fields fields(MapNode node, String path, Pos anchor, List<String> known,
            Function<String, String> unknownMessage) {
        Fields f = new Fields(path, anchor);
        for (Entry e : node.entries()) {
            String field = join(path, e.key());
            if (!known.contains(e.key())) {
                error(e.keyPos(), field, unknownMessage.apply(e.key()));
                f.ok = false;
            } else if (f.entries.containsKey(e.key())) {
                error(e.keyPos(), field, "duplicate key '" + e.key() + "' (first at line "
                        + f.entries.get(e.key()).keyPos().line() + ")");
                f.ok = false;
            } else {
                f.entries.put(e.key(), e);
            }
        }
        return f;
    }

    private MapNode map(YamlNode node, String path) {
        if (node instanceof MapNode m) {
            return m;
        }
        if (!(node instanceof Scalar s && s.alias())) {
            error(node.pos(), path, "expected a mapping, found " + node.describe());
        }
        return null;
    }

    private ListNode list(YamlNode node, String path) {
        if (node instanceof ListNode l) {
            return l;
        }
        if (node instanceof Scalar s && s.alias()) {
            return null;
        }
        String hint = node instanceof Scalar s && s.isString() ? "; write [" + s.text() + "]" : "";
        error(node.pos(), path, "expected a list, found " + node.describe() + hint);
        return null;
    }

    /** Non-empty strings; an absent field is the empty list; null after an error. */
    private List<String> stringList(Entry entry, String path) {
        if (entry == null) {
            return List.of();
        }
        ListNode node = list(entry.value(), path);
        if (node == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        boolean ok = true;
        for (int i = 0; i < node.items().size(); i++) {
            String text = string(node.items().get(i), path + "[" + i + "]");
            if (text == null) {
                ok = false;
            } else {
                out.add(text);
            }
        }
        return ok ? out : null;
    }

    /**
     * A non-empty string. YAML reads some words as numbers or booleans ({@code 2024}, {@code yes}); as text they are
     * still what the author meant, so any scalar but an empty one is taken by its text.
     */
    private String string(YamlNode node, String path) {
        if (!(node instanceof Scalar s) || s.isNull()) {
            error(node.pos(), path, "expected a string, found " + node.describe());
            return null;
        }
        if (s.alias()) {
            return null;
        }
        if (s.text().isEmpty()) {
            error(node.pos(), path, "must not be empty");
            return null;
        }
        return s.text();
    }

    private Integer integer(YamlNode node, String path) {
        if (node instanceof Scalar s && s.alias()) {
            return null;
        }
        if (node instanceof Scalar s && s.token() == JsonToken.VALUE_NUMBER_INT) {
            BigInteger value = s.integer();
            if (value.bitLength() < 32) {
                return value.intValue();
            }
            error(node.pos(), path, "integer " + s.text() + " is out of range");
            return null;
        }
        String hint = "";
        if (node instanceof Scalar s && s.isString()) {
            hint = s.text().endsWith("%") ? "; write the number without '%'"
                    : s.text().matches("[+-]?[0-9]+") ? "; remove the quotes" : "";
        }
        error(node.pos(), path, "expected an integer, found " + node.describe() + hint);
        return null;
    }

    private Boolean bool(YamlNode node, String path) {
        if (node instanceof Scalar s && s.alias()) {
            return null;
        }
        if (node instanceof Scalar s && (s.token() == JsonToken.VALUE_TRUE || s.token() == JsonToken.VALUE_FALSE)) {
            return s.token() == JsonToken.VALUE_TRUE;
        }
        error(node.pos(), path, "expected true or false, found " + node.describe());
        return null;
    }

    private Duration duration(YamlNode node, String path, boolean zeroAllowed) {
        if (node instanceof Scalar s && s.alias()) {
            return null;
        }
        if (!(node instanceof Scalar s) || s.isNull() || s.token() == JsonToken.VALUE_TRUE
                || s.token() == JsonToken.VALUE_FALSE) {
            error(node.pos(), path, "expected a duration such as 30m, found " + node.describe());
            return null;
        }
        Duration d;
        try {
            d = Durations.parse(s.text());
        } catch (IllegalArgumentException e) {
            error(node.pos(), path, e.getMessage());
            return null;
        }
        if (d.isZero() && !zeroAllowed) {
            error(node.pos(), path, "must be longer than zero");
            return null;
        }
        return d;
    }

    /** Reports every alias once: Jackson hands an alias over as its anchor's name, never as the anchored value. */
    private void rejectAliases(YamlNode node, String path) {
        if (node instanceof Scalar s && s.alias()) {
            error(node.pos(), path, "YAML aliases (*" + s.text() + ") are not supported in playbooks; "
                    + "write the value out");
        } else if (node instanceof MapNode m) {
            for (Entry e : m.entries()) {
                rejectAliases(e.value(), join(path, e.key()));
            }
        } else if (node instanceof ListNode l) {
            for (int i = 0; i < l.items().size(); i++) {
                rejectAliases(l.items().get(i), path + "[" + i + "]");
            }
        }
    }

    private void error(Pos pos, String field, String message) {
        errors.add(new PlaybookError(file, pos.line(), pos.column(), field, message));
    }

    private static String join(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    private static <E extends Enum<E>> List<E> sorted(Collection<E> values) {
        return values.stream().sorted().collect(Collectors.toList());
    }

    private static String joinNames(Collection<? extends Enum<?>> values) {
        return values.stream().map(Enum::name).collect(Collectors.joining(", "));
    }

    /** {@code "; did you mean 'x'?"} for the closest known word, when one is close enough to be the intended one. */
    static String suggestion(String wrong, Collection<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = distance(wrong.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best != null && bestDistance <= 2 && bestDistance < wrong.length() && !best.equals(wrong)
                ? " (did you mean '" + best + "'?)" : "";
    }

    /** Optimal string alignment distance: Levenshtein plus adjacent transpositions, the commonest typo. */
    private static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
