package io.heal8s.engine.action;

import io.heal8s.engine.playbook.ActionSpec;
import io.heal8s.engine.playbook.ActionType;

/** Checks shared by the calculators' factories. */
final class Actions {

    private Actions() {
    }

    static void requireType(ActionSpec spec, ActionType expected) {
        if (spec.type() != expected) {
            throw new IllegalArgumentException("expected action " + expected + ", got " + spec.type());
        }
    }
}
