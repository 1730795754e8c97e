package io.heal8s.engine.action;

import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** A workload's revisions, in any order, and the number of the one its pod template currently matches. */
public record RevisionHistory(List<Revision> revisions, long currentRevision) {

    public RevisionHistory {
        revisions = revisions.stream().sorted(Comparator.comparingLong(Revision::number)).toList();
        for (int i = 1; i < revisions.size(); i++) {
            if (revisions.get(i).number() == revisions.get(i - 1).number()) {
                throw new IllegalArgumentException("revision " + revisions.get(i).number() + " appears twice");
            }
        }
    }

    /** The revision with this number, if the history holds it. */
    public Optional<Revision> revision(long number) {
        return revisions.stream().filter(r -> r.number() == number).findFirst();
    }

    /** Revisions older than the current one, newest first. */
    public List<Revision> previous() {
        return revisions.stream().filter(r -> r.number() < currentRevision)
                .sorted(Comparator.comparingLong(Revision::number).reversed()).toList();
    }
}
