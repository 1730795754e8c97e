package io.heal8s.engine.action;

/** How a container's request follows its raised limit (the {@code requests} parameter of IncreaseMemory and IncreaseCPU). */
public enum RequestsPolicy {
    /** Keep the request/limit ratio: a request at half the limit stays at half of the new limit. */
    KEEP_RATIO("keepRatio"),
    /** Set the request to the new limit (the Guaranteed QoS class when every resource does so). */
    EQUAL_LIMIT("equalLimit"),
    /** Leave the request as it is. */
    UNCHANGED("unchanged");

    private final String word;

    RequestsPolicy(String word) {
        this.word = word;
    }

    /** The spelling playbooks use. */
    public String word() {
        return word;
    }

    /** @throws IllegalArgumentException naming the valid words */
    public static RequestsPolicy parse(String word) {
        for (RequestsPolicy p : values()) {
            if (p.word.equals(word)) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown requests policy '" + Markdown.plain(String.valueOf(word))
                + "': expected keepRatio, equalLimit or unchanged");
    }
}
