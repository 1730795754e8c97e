package io.heal8s.engine.policy;

import io.heal8s.engine.config.PolicySettings;

/** Builds the approval policy from settings; what the operator calls, with no CDI involved. */
public final class PolicyEngines {

    private PolicyEngines() {
    }

    /** A {@link FailSafePolicy} around the engine the settings name, or around none for {@code none}. */
    public static FailSafePolicy create(PolicySettings settings) {
        return new FailSafePolicy(switch (settings.engine()) {
            case NONE -> null;
            case REST -> new RestPolicyEngine(settings.restUrl(), settings.restPath(), settings.timeout(),
                    settings::restToken);
            case WASM -> new WasmPolicyEngine(settings.wasmFile(), settings.wasmEntrypoint());
        });
    }
}
