package io.heal8s.engine.remediation;

import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * The Remediation custom resource: one proposed change to one workload, born from one alert, whose lifecycle the
 * operator drives. Wire-compatible with the Go heal8s ({@code k8shealer.k8s-healer.io/v1alpha1}); the CRD in
 * {@code crds/} is generated from this class.
 */
@Group(Remediation.GROUP)
@Version(Remediation.VERSION)
@Kind("Remediation")
@Plural("remediations")
@Singular("remediation")
@ShortNames("rem")
// The columns in one place rather than as @PrinterColumn on fields; either way the generator sorts them by JSON path,
// so kubectl shows Age, Action, Mode, Target, Phase, PR (Kind and Reason with -o wide).
@AdditionalPrinterColumn(name = "Phase", jsonPath = ".status.phase", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Action", jsonPath = ".spec.action.type", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Kind", jsonPath = ".spec.target.kind", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(name = "Target", jsonPath = ".spec.target.name", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "Mode", jsonPath = ".spec.strategy.mode", type = AdditionalPrinterColumn.Type.STRING)
@AdditionalPrinterColumn(name = "PR", jsonPath = ".status.prNumber", type = AdditionalPrinterColumn.Type.INTEGER)
@AdditionalPrinterColumn(name = "Reason", jsonPath = ".status.reason", type = AdditionalPrinterColumn.Type.STRING,
        priority = 1)
@AdditionalPrinterColumn(name = "Age", jsonPath = ".metadata.creationTimestamp",
        type = AdditionalPrinterColumn.Type.DATE)
public class Remediation extends CustomResource<RemediationSpec, RemediationStatus> implements Namespaced {

    public static final String GROUP = "k8shealer.k8s-healer.io";
    public static final String VERSION = "v1alpha1";

    /** The CRD's name, {@code <plural>.<group>}. */
    public static final String CRD_NAME = "remediations." + GROUP;
}
