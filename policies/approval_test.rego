# Unit tests of approval.rego: run with `opa test policies/ -v` (loads data.json beside them).
# A test that needs other settings replaces one data key with `with data.heal8s.approval.<key> as`:
# replacing data.heal8s.approval itself would also replace the rules of that package.
package heal8s.approval_test

import rego.v1

import data.heal8s.approval

# A bounded memory raise in staging: the input that the default data lets run directly.
staging_input := {
	"alert": {
		"name": "KubePodOOMKilled",
		"severity": "critical",
		"fingerprint": "5f1c0ab3e2d94c71",
		"labels": {"namespace": "shop-staging", "pod": "checkout-7d9f8b6c5d-9wzmr"},
		"startsAt": "2026-11-26T09:58:00Z",
	},
	"decision": {
		"playbook": "oom-increase-memory",
		"action": "IncreaseMemory",
		"params": {"percent": "25", "max": "2Gi"},
		"changes": [{
			"field": "spec.template.spec.containers[checkout].resources.limits.memory",
			"old": "512Mi",
			"new": "640Mi",
			"ratio": 1.25,
			"withinCap": true,
		}],
	},
	"target": {"kind": "Deployment", "namespace": "shop-staging", "name": "checkout", "container": "checkout"},
	"environment": "staging",
	"history": {"lastHour": 0, "lastDay": 0, "lastOutcome": null},
	"time": "2026-11-26T10:00:00Z",
}

with_changes(changes) := object.union(staging_input, {"decision": {"changes": changes}})

memory_change(ratio, within_cap) := {
	"field": "spec.template.spec.containers[checkout].resources.limits.memory",
	"old": "512Mi",
	"new": "1536Mi",
	"ratio": ratio,
	"withinCap": within_cap,
}

image_change := {
	"field": "spec.template.spec.containers[checkout].image",
	"old": "shop/checkout:1.4.2",
	"new": "shop/checkout:1.4.1",
	"ratio": null,
	"withinCap": true,
}

restart_change := {
	"field": "spec.template.metadata.annotations[\"kubectl.kubernetes.io/restartedAt\"]",
	"old": null,
	"new": "2026-11-26T10:00:00Z",
	"ratio": null,
	"withinCap": true,
}

# Every answer, whatever the branch, keeps the contract the Java engines check.
well_formed(d) if {
	d.mode in {"GitOps", "Direct", "Deny"}
	is_boolean(d.requireApproval)
	count(d.reasons) > 0
	every r in d.reasons {
		is_string(r)
		r != ""
	}
}

review(d) if {
	well_formed(d)
	d.mode == "GitOps"
	d.requireApproval == true
}

denied(d) if {
	well_formed(d)
	d.mode == "Deny"
}

direct(d) if {
	well_formed(d)
	d.mode == "Direct"
	d.requireApproval == false
}

some_reason_contains(d, text) if {
	some r in d.reasons
	contains(r, text)
}

# --- Deny ------------------------------------------------------------------------------------------

test_system_namespace_is_denied if {
	inp := object.union(staging_input, {"target": {"namespace": "kube-system"}})
	d := approval.decision with input as inp
	denied(d)
	some_reason_contains(d, "system namespace kube-system")
}

test_builtin_system_namespaces_are_denied_even_when_data_lists_none if {
	inp := object.union(staging_input, {"target": {"namespace": "kube-node-lease"}})
	d := approval.decision with input as inp with data.heal8s.approval.systemNamespaces as []
	denied(d)
}

test_system_namespaces_listed_in_data_are_denied if {
	inp := object.union(staging_input, {"target": {"namespace": "platform"}})
	d := approval.decision with input as inp with data.heal8s.approval.systemNamespaces as ["platform"]
	denied(d)
	some_reason_contains(d, "system namespace platform")
}

test_more_attempts_in_the_last_hour_than_allowed_is_denied if {
	inp := object.union(staging_input, {"history": {"lastHour": 3, "lastDay": 3}})
	d := approval.decision with input as inp
	denied(d)
	some_reason_contains(d, "3 remediations in the last hour, more than the 2 allowed")
}

test_attempts_in_the_last_hour_at_the_threshold_are_not_denied if {
	inp := object.union(staging_input, {"history": {"lastHour": 2, "lastDay": 2, "lastOutcome": "Succeeded"}})
	d := approval.decision with input as inp
	direct(d)
}

test_more_attempts_in_the_last_day_than_allowed_is_denied if {
	inp := object.union(staging_input, {"history": {"lastHour": 0, "lastDay": 6, "lastOutcome": "Succeeded"}})
	d := approval.decision with input as inp
	denied(d)
	some_reason_contains(d, "6 remediations in the last day, more than the 5 allowed")
}

test_attempt_thresholds_come_from_data if {
	inp := object.union(staging_input, {"history": {"lastHour": 1, "lastDay": 1, "lastOutcome": "Succeeded"}})
	d := approval.decision with input as inp with data.heal8s.approval.maxRecentAttempts as {"hour": 0, "day": 5}
	denied(d)
	some_reason_contains(d, "more than the 0 allowed")
}

test_failed_last_remediation_within_the_day_is_denied if {
	inp := object.union(staging_input, {"history": {"lastHour": 0, "lastDay": 1, "lastOutcome": "Failed"}})
	d := approval.decision with input as inp
	denied(d)
	some_reason_contains(d, "ended Failed")
}

test_rolled_back_last_remediation_within_the_day_is_denied if {
	inp := object.union(staging_input, {"history": {"lastHour": 1, "lastDay": 1, "lastOutcome": "RolledBack"}})
	d := approval.decision with input as inp
	denied(d)
	some_reason_contains(d, "ended RolledBack")
}

test_failure_older_than_a_day_does_not_deny if {
	inp := object.union(staging_input, {"history": {"lastHour": 0, "lastDay": 0, "lastOutcome": "Failed"}})
	d := approval.decision with input as inp
	direct(d)
}

test_deny_reports_every_reason if {
	inp := object.union(staging_input, {"target": {"namespace": "kube-system"}, "history": {"lastHour": 3, "lastDay": 3}})
	d := approval.decision with input as inp
	denied(d)
	count(d.reasons) == 2
}

test_deny_wins_over_production if {
	inp := object.union(staging_input, {"environment": "prod", "target": {"namespace": "kube-system"}})
	d := approval.decision with input as inp
	denied(d)
}

test_history_of_the_wrong_type_is_not_trusted if {
	inp := object.union(staging_input, {"history": {"lastHour": "9", "lastDay": "9"}})
	d := approval.decision with input as inp
	review(d)
	some_reason_contains(d, "history is missing")
}

# --- Production -------------------------------------------------------------------------------------

test_production_environment_goes_through_review if {
	inp := object.union(staging_input, {"environment": "prod"})
	d := approval.decision with input as inp
	review(d)
	d.reasons[0] == "Production changes go through review."
	some_reason_contains(d, "The environment prod is production.")
}

test_production_environment_names_ignore_case if {
	inp := object.union(staging_input, {"environment": "Production"})
	d := approval.decision with input as inp
	review(d)
}

test_production_namespace_goes_through_review_whatever_the_environment if {
	inp := object.union(staging_input, {"target": {"namespace": "payments"}})
	d := approval.decision with input as inp
	review(d)
	some_reason_contains(d, "The namespace payments is listed as production.")
}

test_production_names_come_from_data if {
	inp := object.union(staging_input, {"environment": "eu-live"})
	d := approval.decision with input as inp with data.heal8s.approval.productionEnvironments as ["eu-live"]
	review(d)
	d.reasons[0] == "Production changes go through review."
}

test_contract_example_in_production_goes_through_review if {
	inp := object.union(staging_input, {"environment": "prod", "target": {"namespace": "shop"}, "history": {"lastDay": 1, "lastOutcome": "Succeeded"}})
	d := approval.decision with input as inp
	d == {
		"mode": "GitOps",
		"requireApproval": true,
		"reasons": ["Production changes go through review.", "The environment prod is production."],
	}
}

# --- Direct -----------------------------------------------------------------------------------------

test_bounded_change_outside_production_is_direct if {
	d := approval.decision with input as staging_input
	direct(d)
	some_reason_contains(d, "The environment staging is not production.")
	some_reason_contains(d, "The action IncreaseMemory is allowed to run directly.")
	some_reason_contains(d, "ratio 1.25")
}

test_ratio_exactly_at_the_maximum_is_direct if {
	d := approval.decision with input as with_changes([memory_change(2, true)])
	direct(d)
}

test_rollout_restart_changes_no_size_and_is_direct if {
	inp := object.union(with_changes([restart_change]), {"decision": {"action": "RolloutRestart", "params": {}}})
	d := approval.decision with input as inp
	direct(d)
	some_reason_contains(d, "RolloutRestart only restarts or annotates the workload")
}

test_rollout_restart_with_no_changes_listed_is_direct if {
	inp := object.union(with_changes([]), {"decision": {"action": "RolloutRestart", "params": {}}})
	d := approval.decision with input as inp
	direct(d)
}

# --- GitOps outside production -------------------------------------------------------------------

test_ratio_above_the_maximum_goes_through_review if {
	d := approval.decision with input as with_changes([memory_change(3.0, true)])
	review(d)
	some_reason_contains(d, "multiplies it by 3")
	some_reason_contains(d, "more than the 2")
}

test_change_beyond_the_cap_goes_through_review if {
	d := approval.decision with input as with_changes([memory_change(1.5, false)])
	review(d)
	some_reason_contains(d, "not known to stay within the action's cap")
}

test_change_without_within_cap_goes_through_review if {
	change := object.remove(memory_change(1.5, true), ["withinCap"])
	d := approval.decision with input as with_changes([change])
	review(d)
	some_reason_contains(d, "not known to stay within the action's cap")
}

test_shrinking_change_goes_through_review if {
	d := approval.decision with input as with_changes([memory_change(0.5, true)])
	review(d)
	some_reason_contains(d, "less than the 1")
}

test_image_change_goes_through_review if {
	inp := object.union(with_changes([image_change]), {"decision": {"action": "RollbackImage", "params": {}}})
	d := approval.decision with input as inp
	review(d)
	some_reason_contains(d, "The action RollbackImage is not on the list")
	some_reason_contains(d, "is not numeric")
}

test_image_change_goes_through_review_even_when_its_action_is_allowed if {
	inp := object.union(with_changes([image_change]), {"decision": {"action": "RollbackImage", "params": {}}})
	d := approval.decision with input as inp with data.heal8s.approval.direct.actions as ["RollbackImage"]
	review(d)
	count(d.reasons) == 1
	some_reason_contains(d, "is not numeric")
}

test_one_unbounded_change_among_bounded_ones_goes_through_review if {
	d := approval.decision with input as with_changes([memory_change(1.25, true), memory_change(2.5, true)])
	review(d)
	count(d.reasons) == 1
}

test_action_not_on_the_allow_list_goes_through_review if {
	inp := object.union(staging_input, {"decision": {"action": "ExpandVolume"}})
	d := approval.decision with input as inp
	review(d)
	some_reason_contains(d, "The action ExpandVolume is not on the list")
}

test_no_allow_list_in_data_means_nothing_runs_directly if {
	d := approval.decision with input as staging_input with data.heal8s.approval.direct as {}
	review(d)
}

test_unknown_environment_goes_through_review if {
	inp := object.union(staging_input, {"environment": "qa-blue"})
	d := approval.decision with input as inp
	review(d)
	some_reason_contains(d, "The environment qa-blue is not listed as non-production")
}

test_empty_environment_goes_through_review if {
	inp := object.union(staging_input, {"environment": ""})
	d := approval.decision with input as inp
	review(d)
	some_reason_contains(d, "No environment is given")
}

test_missing_environment_goes_through_review if {
	d := approval.decision with input as object.remove(staging_input, ["environment"])
	review(d)
	some_reason_contains(d, "No environment is given")
}

test_empty_changes_go_through_review if {
	d := approval.decision with input as with_changes([])
	review(d)
	some_reason_contains(d, "lists no changes for IncreaseMemory")
}

test_missing_history_goes_through_review if {
	d := approval.decision with input as object.remove(staging_input, ["history"])
	review(d)
	some_reason_contains(d, "history is missing")
}

test_change_that_is_not_an_object_goes_through_review if {
	d := approval.decision with input as with_changes(["memory +25%"])
	review(d)
	some_reason_contains(d, "Change number 0 is not an object")
}

test_empty_input_goes_through_review if {
	d := approval.decision with input as {}
	review(d)
}
