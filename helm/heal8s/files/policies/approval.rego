# heal8s approval policy: decides how a remediation that heal8s has chosen may be carried out.
#
# Query: data.heal8s.approval.decision (REST: POST /v1/data/heal8s/approval/decision;
# Wasm entrypoint: heal8s/approval/decision). Input and output are documented in policies/README.md.
#
# The decision is one of, in this order of precedence (an ordered else chain, so exactly one applies):
#   1. Deny    the target is in a system namespace, had too many recent attempts, or its last
#              remediation in the past day failed or was rolled back;
#   2. GitOps  the target is in production (by environment name or by namespace), always with approval;
#   3. Direct  outside production, for an allow-listed action whose every change is bounded;
#   4. GitOps  anything else, with approval, naming every condition that kept the change from Direct.
# Settings come from data.heal8s.approval (policies/data.json); every setting has a safe default here,
# so the policy still decides when the data file is missing. Rule names are snake_case and the data
# keys camelCase: OPA merges both under data.heal8s.approval and a shared name would be a conflict.
package heal8s.approval

import rego.v1

# ---------------------------------------------------------------------------------------------------
# Settings (data.heal8s.approval.*), each with the default used when the data file does not set it.
# ---------------------------------------------------------------------------------------------------

builtin_system_namespaces := {"kube-system", "kube-public", "kube-node-lease"}

default configured_system_namespaces := []

configured_system_namespaces := data.heal8s.approval.systemNamespaces

system_namespaces := builtin_system_namespaces | {ns | some ns in configured_system_namespaces}

default production_environments := ["prod", "production"]

production_environments := data.heal8s.approval.productionEnvironments

default production_namespaces := []

production_namespaces := data.heal8s.approval.productionNamespaces

# Direct needs a positively known non-production environment: an unknown name is treated as
# "could be production" and goes through review.
default non_production_environments := []

non_production_environments := data.heal8s.approval.nonProductionEnvironments

default max_attempts_last_hour := 2

max_attempts_last_hour := data.heal8s.approval.maxRecentAttempts.hour

default max_attempts_last_day := 5

max_attempts_last_day := data.heal8s.approval.maxRecentAttempts.day

default deny_after_outcomes := ["Failed", "RolledBack"]

deny_after_outcomes := data.heal8s.approval.denyAfterOutcomes

# No allow-list in the data means nothing runs directly.
default direct_actions := []

direct_actions := data.heal8s.approval.direct.actions

default direct_non_numeric_actions := []

direct_non_numeric_actions := data.heal8s.approval.direct.nonNumericActions

default direct_max_ratio := 2

direct_max_ratio := data.heal8s.approval.direct.maxRatio

default direct_min_ratio := 1

direct_min_ratio := data.heal8s.approval.direct.minRatio

# ---------------------------------------------------------------------------------------------------
# Input, read defensively: a missing or mistyped field never makes a rule silently pass.
# ---------------------------------------------------------------------------------------------------

default environment := ""

environment := lower(input.environment) if is_string(input.environment)

default namespace := ""

namespace := input.target.namespace if is_string(input.target.namespace)

default action := ""

action := input.decision.action if is_string(input.decision.action)

default changes := []

changes := input.decision.changes if is_array(input.decision.changes)

default target_kind := "workload"

target_kind := input.target.kind if is_string(input.target.kind)

default target_workload := "(unnamed)"

target_workload := input.target.name if is_string(input.target.name)

target_name := sprintf("%v %v/%v", [target_kind, namespace, target_workload])

lowered_set(names) := {lower(n) | some n in names; is_string(n)}

# ---------------------------------------------------------------------------------------------------
# 1. Deny: every reason found is reported, not only the first.
# ---------------------------------------------------------------------------------------------------

deny_reasons contains msg if {
	namespace in system_namespaces
	msg := sprintf("%v is in the system namespace %v, which heal8s never changes.", [target_name, namespace])
}

deny_reasons contains msg if {
	is_number(input.history.lastHour)
	input.history.lastHour > max_attempts_last_hour
	msg := sprintf(
		"%v had %v remediations in the last hour, more than the %v allowed: a person should look at it first.",
		[target_name, input.history.lastHour, max_attempts_last_hour],
	)
}

deny_reasons contains msg if {
	is_number(input.history.lastDay)
	input.history.lastDay > max_attempts_last_day
	msg := sprintf(
		"%v had %v remediations in the last day, more than the %v allowed: a person should look at it first.",
		[target_name, input.history.lastDay, max_attempts_last_day],
	)
}

# lastOutcome is the outcome of the target's most recent remediation; lastDay > 0 puts that
# remediation inside the past day. An older failure does not block a new attempt.
deny_reasons contains msg if {
	is_number(input.history.lastDay)
	input.history.lastDay > 0
	is_string(input.history.lastOutcome)
	input.history.lastOutcome in deny_after_outcomes
	msg := sprintf(
		"The last remediation of %v in the past day ended %v: heal8s does not try again until a person has looked.",
		[target_name, input.history.lastOutcome],
	)
}

# ---------------------------------------------------------------------------------------------------
# 2. Production: by environment name or by namespace.
# ---------------------------------------------------------------------------------------------------

production_reasons contains msg if {
	environment != ""
	environment in lowered_set(production_environments)
	msg := sprintf("The environment %v is production.", [input.environment])
}

production_reasons contains msg if {
	namespace != ""
	namespace in production_namespaces
	msg := sprintf("The namespace %v is listed as production.", [namespace])
}

# ---------------------------------------------------------------------------------------------------
# 3. Direct: what keeps a change outside production from being applied directly.
# ---------------------------------------------------------------------------------------------------

direct_blockers contains "No environment is given, so it may be production: the change goes through review." if {
	environment == ""
}

direct_blockers contains msg if {
	environment != ""
	not environment in lowered_set(non_production_environments)
	msg := sprintf(
		"The environment %v is not listed as non-production, so it may be production: the change goes through review.",
		[input.environment],
	)
}

direct_blockers contains "The target has no namespace, so its namespace cannot be checked." if {
	namespace == ""
}

direct_blockers contains "The target's remediation history is missing, so recent attempts cannot be checked." if {
	not is_number(input.history.lastHour)
}

direct_blockers contains "The target's remediation history is missing, so recent attempts cannot be checked." if {
	not is_number(input.history.lastDay)
}

direct_blockers contains msg if {
	not action in direct_actions
	msg := sprintf("The action %v is not on the list of actions allowed to run directly.", [action])
}

direct_blockers contains msg if {
	count(changes) == 0
	not action in direct_non_numeric_actions
	msg := sprintf("The decision lists no changes for %v, so the policy cannot bound them.", [action])
}

direct_blockers contains msg if {
	not action in direct_non_numeric_actions
	some i, change in changes
	is_object(change)
	not is_number(object.get(change, "ratio", null))
	msg := sprintf(
		"The change to %v (%v to %v) is not numeric, so its size cannot be bounded.",
		[field_of(change, i), object.get(change, "old", null), object.get(change, "new", null)],
	)
}

direct_blockers contains msg if {
	some i, change in changes
	is_object(change)
	ratio := object.get(change, "ratio", null)
	is_number(ratio)
	ratio > direct_max_ratio
	msg := sprintf(
		"The change to %v (%v to %v) multiplies it by %v, more than the %v allowed directly.",
		[field_of(change, i), object.get(change, "old", null), object.get(change, "new", null), ratio, direct_max_ratio],
	)
}

direct_blockers contains msg if {
	some i, change in changes
	is_object(change)
	ratio := object.get(change, "ratio", null)
	is_number(ratio)
	ratio < direct_min_ratio
	msg := sprintf(
		"The change to %v (%v to %v) multiplies it by %v, less than the %v allowed directly.",
		[field_of(change, i), object.get(change, "old", null), object.get(change, "new", null), ratio, direct_min_ratio],
	)
}

direct_blockers contains msg if {
	some i, change in changes
	is_object(change)
	object.get(change, "withinCap", false) != true
	msg := sprintf(
		"The change to %v (%v to %v) is not known to stay within the action's cap.",
		[field_of(change, i), object.get(change, "old", null), object.get(change, "new", null)],
	)
}

direct_blockers contains msg if {
	some i, change in changes
	not is_object(change)
	msg := sprintf("Change number %v is not an object, so it cannot be checked.", [i])
}

field_of(change, _) := change.field if {
	is_object(change)
	is_string(change.field)
}

field_of(change, i) := sprintf("change number %v", [i]) if {
	is_object(change)
	not is_string(change.field)
}

field_of(change, i) := sprintf("change number %v", [i]) if not is_object(change)

direct_reasons := array.concat(
	[
		sprintf("The environment %v is not production.", [input.environment]),
		sprintf("The action %v is allowed to run directly.", [action]),
	],
	bounded_reasons,
)

bounded_reasons := [sprintf(
	"The change to %v (%v to %v, ratio %v) stays within %v to %v times the old value and under the cap.",
	[
		field_of(change, i), object.get(change, "old", null), object.get(change, "new", null),
		change.ratio, direct_min_ratio, direct_max_ratio,
	],
) |
	some i, change in changes
	is_object(change)
	is_number(change.ratio)
] if {
	not action in direct_non_numeric_actions
}

bounded_reasons := [sprintf("%v only restarts or annotates the workload; it changes no size.", [action])] if {
	action in direct_non_numeric_actions
}

# ---------------------------------------------------------------------------------------------------
# The decision: one ordered chain, so exactly one value for any input.
# ---------------------------------------------------------------------------------------------------

# Reached only if the chain below cannot be evaluated (it never should): review, never Direct.
default decision := {
	"mode": "GitOps",
	"requireApproval": true,
	"reasons": ["The policy could not decide on this input, so the change goes through review."],
}

# Each outcome is built in its own rule, so the chain below only chooses.
deny_decision := {"mode": "Deny", "requireApproval": false, "reasons": sort(deny_reasons)}

production_decision := {
	"mode": "GitOps",
	"requireApproval": true,
	"reasons": array.concat(["Production changes go through review."], sort(production_reasons)),
}

direct_decision := {"mode": "Direct", "requireApproval": false, "reasons": direct_reasons}

review_decision := {"mode": "GitOps", "requireApproval": true, "reasons": sort(direct_blockers)}

decision := deny_decision if {
	count(deny_reasons) > 0
} else := production_decision if {
	count(production_reasons) > 0
} else := direct_decision if {
	count(direct_blockers) == 0
} else := review_decision if {
	count(direct_blockers) > 0
}
