#!/usr/bin/env sh
# Copies the repository's CRD, playbooks and approval policy into the chart, which Helm can only package from inside
# its own directory. deploy/'s ChartCopiesTest fails the build when a copy differs from its source: run this then.
set -eu
cd "$(dirname "$0")/.."
chart=helm/heal8s
rm -rf "$chart/crds" "$chart/files/playbooks" "$chart/files/policies"
mkdir -p "$chart/crds" "$chart/files/playbooks/rules" "$chart/files/policies"
cp crds/*.yml "$chart/crds/"
cp playbooks/*.yaml "$chart/files/playbooks/"
cp playbooks/rules/*.drl "$chart/files/playbooks/rules/"
# The policy and its data; the Rego tests stay out of what the OPA sidecar serves.
for f in policies/*.rego policies/*.json; do
  case "$f" in *_test.rego) ;; *) cp "$f" "$chart/files/policies/" ;; esac
done
