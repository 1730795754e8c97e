package io.heal8s.deploy;

import java.util.List;

/**
 * A values variant the chart is rendered with in the tests: the default install, the split roles, the actions that
 * need rights of their own switched off, and the monitoring objects switched on. Each sets the three Secrets, so the
 * tests see where every one is mounted.
 */
enum Variant {
    DEFAULT(List.of()),
    SPLIT(List.of("mode=split")),
    ACTIONS_OFF(List.of("actions.scaleUp=false", "actions.expandVolume=false")),
    MONITORING(List.of("serviceMonitor.enabled=true", "prometheusRule.enabled=true")),
    SPLIT_NAMESPACED(List.of("mode=split", "rbac.scope=namespaced", "watchNamespaces={shop,payments}"));

    static final List<String> SECRETS = List.of(
            "secrets.webhookToken.existingSecret=heal8s-webhook",
            "secrets.githubAppKey.existingSecret=heal8s-github-app",
            "secrets.githubWebhookSecret.existingSecret=heal8s-github-webhook",
            "github.appId=12345",
            "github.installationId=67890");

    private final List<String> sets;

    Variant(List<String> sets) {
        this.sets = sets;
    }

    List<String> sets() {
        return sets;
    }

    List<String> setsWithSecrets() {
        return java.util.stream.Stream.concat(sets.stream(), SECRETS.stream()).toList();
    }
}
