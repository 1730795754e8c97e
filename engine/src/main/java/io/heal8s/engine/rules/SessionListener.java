package io.heal8s.engine.rules;

import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.event.rule.ObjectDeletedEvent;
import org.kie.api.event.rule.ObjectInsertedEvent;
import org.kie.api.event.rule.ObjectUpdatedEvent;
import org.kie.api.event.rule.RuleRuntimeEventListener;

/**
 * Feeds a decision's {@link DecisionContext}: each fired rule becomes a trace entry (after its consequence ran, so the
 * notes it made are complete), and inserted {@link Block}s and {@link Winner}s are recorded.
 */
final class SessionListener extends DefaultAgendaEventListener implements RuleRuntimeEventListener {

    private final DecisionContext ctx;

    SessionListener(DecisionContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void afterMatchFired(AfterMatchFiredEvent event) {
        ctx.fired(event.getMatch().getRule());
    }

    @Override
    public void objectInserted(ObjectInsertedEvent event) {
        ctx.inserted(event.getObject());
    }

    @Override
    public void objectUpdated(ObjectUpdatedEvent event) {
        // The outcome is read from Block and Winner inserts and from the candidates themselves.
    }

    @Override
    public void objectDeleted(ObjectDeletedEvent event) {
        // Nothing to record: sessions are reset between decisions, not cleared fact by fact.
    }
}
