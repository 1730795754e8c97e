package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** {@code spec.playbook}: the playbook that proposed a Remediation (an object, so it can grow a source or version). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PlaybookRef {

    @JsonPropertyDescription("The playbook's name.")
    private String name;

    public PlaybookRef() {
    }

    public PlaybookRef(String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }
}
