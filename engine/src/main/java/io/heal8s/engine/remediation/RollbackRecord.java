package io.heal8s.engine.remediation;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code status.rollback}: what a Direct Remediation changed in the cluster, recorded before the patch goes out, so that
 * a failed rollout can be undone by patching the old values back (and so that people can see what heal8s touched).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class RollbackRecord {

    @JsonPropertyDescription("The patched object's kind (Deployment, StatefulSet, DaemonSet, PersistentVolumeClaim or "
            + "HorizontalPodAutoscaler).")
    private String kind;

    @JsonPropertyDescription("The patched object's namespace.")
    private String namespace;

    @JsonPropertyDescription("The patched object's name.")
    private String name;

    @JsonPropertyDescription("Each changed field: its path, the value before (absent when the field was added) and "
            + "the value heal8s set.")
    private List<Change> changes = new ArrayList<>();

    public RollbackRecord() {
    }

    public RollbackRecord(String kind, String namespace, String name, List<Change> changes) {
        this.kind = kind;
        this.namespace = namespace;
        this.name = name;
        this.changes = changes == null ? new ArrayList<>() : new ArrayList<>(changes);
    }

    public String getKind() {
        return kind;
    }

    public void setKind(String kind) {
        this.kind = kind;
    }

    public String getNamespace() {
        return namespace;
    }

    public void setNamespace(String namespace) {
        this.namespace = namespace;
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<Change> getChanges() {
        return changes;
    }

    public void setChanges(List<Change> changes) {
        this.changes = changes;
    }

    /** One changed field, in {@code FieldChange}'s path grammar. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public static class Change {

        @JsonPropertyDescription("The field's path, e.g. spec.template.spec.containers[name=app].resources.limits.memory.")
        private String path;

        @JsonPropertyDescription("The value before the change; absent when the field did not exist.")
        private String oldValue;

        @JsonPropertyDescription("The value heal8s set.")
        private String newValue;

        public Change() {
        }

        public Change(String path, String oldValue, String newValue) {
            this.path = path;
            this.oldValue = oldValue;
            this.newValue = newValue;
        }

        public String getPath() {
            return path;
        }

        public void setPath(String path) {
            this.path = path;
        }

        public String getOldValue() {
            return oldValue;
        }

        public void setOldValue(String oldValue) {
            this.oldValue = oldValue;
        }

        public String getNewValue() {
            return newValue;
        }

        public void setNewValue(String newValue) {
            this.newValue = newValue;
        }
    }
}
