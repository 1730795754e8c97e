#!/usr/bin/env bash
# Prints the namespace/name of the Remediation that a heal8s pull request carries in its hidden marker
#   <!-- heal8s:remediation=<namespace>/<name> -->
# and exits 0; exits 1 (printing nothing on stdout) when the body holds no marker, more than one, or names that are
# not Kubernetes names. The same rule as PullRequestContent.remediationOf in heal8s.
#
# The body is untrusted text (anyone who can edit the pull request can change it), so:
# - it is read ONLY from the environment variable PR_BODY, never interpolated into this script or the workflow;
# - it is only ever matched against fixed regular expressions, never evaluated, expanded or echoed;
# - what is printed is checked first: a DNS-1123 label, a slash, a DNS-1123 subdomain; nothing else can come out
#   (no spaces, quotes, newlines, '..' or workflow commands such as '::set-env').
set -euo pipefail
# Byte-wise character classes: in a UTF-8 locale [a-z] may also match other letters.
export LC_ALL=C

if [[ -z "${PR_BODY+set}" ]]; then
  echo "heal8s-remediation: PR_BODY is not set; pass the pull request's body through the environment" >&2
  exit 2
fi

marker='<!-- heal8s:remediation=([a-z0-9.-]{1,63})/([a-z0-9.-]{1,253}) -->'
label='^[a-z0-9]([-a-z0-9]*[a-z0-9])?$'
subdomain='^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$'

rest=$PR_BODY
count=0
namespace=''
name=''
while [[ $rest =~ $marker ]]; do
  count=$((count + 1))
  namespace=${BASH_REMATCH[1]}
  name=${BASH_REMATCH[2]}
  # Continue after this marker: the quoted expansion is removed as literal text, never as a pattern.
  rest=${rest#*"${BASH_REMATCH[0]}"}
done

if ((count == 0)); then
  echo "heal8s-remediation: the pull request's body has no heal8s:remediation marker" >&2
  exit 1
fi
if ((count > 1)); then
  echo "heal8s-remediation: the pull request's body has $count heal8s:remediation markers; expected exactly one" >&2
  exit 1
fi
if ! [[ $namespace =~ $label ]] || ((${#namespace} > 63)); then
  echo "heal8s-remediation: the marker's namespace is not a Kubernetes namespace name (a DNS-1123 label)" >&2
  exit 1
fi
if ! [[ $name =~ $subdomain ]] || ((${#name} > 253)); then
  echo "heal8s-remediation: the marker's name is not a Kubernetes object name (a DNS-1123 subdomain)" >&2
  exit 1
fi
printf '%s/%s\n' "$namespace" "$name"
