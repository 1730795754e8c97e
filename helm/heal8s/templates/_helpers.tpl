{{/* The chart's name, and the release's full name as the prefix of every object. */}}
{{- define "heal8s.name" -}}
{{- default .Chart.Name .Values.nameOverride | trunc 63 | trimSuffix "-" }}
{{- end }}

{{- define "heal8s.fullname" -}}
{{- if .Values.fullnameOverride }}
{{- .Values.fullnameOverride | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- $name := default .Chart.Name .Values.nameOverride }}
{{- if contains $name .Release.Name }}
{{- .Release.Name | trunc 63 | trimSuffix "-" }}
{{- else }}
{{- printf "%s-%s" .Release.Name $name | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}
{{- end }}

{{- define "heal8s.labels" -}}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version | replace "+" "_" }}
app.kubernetes.io/name: {{ include "heal8s.name" . }}
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
{{- end }}

{{/* Selector labels of one role's pods: pass (dict "root" $ "role" "operator"). */}}
{{- define "heal8s.selectorLabels" -}}
app.kubernetes.io/name: {{ include "heal8s.name" .root }}
app.kubernetes.io/instance: {{ .root.Release.Name }}
app.kubernetes.io/component: {{ .role }}
{{- end }}

{{/* Validates the values that would otherwise render a broken release; each message names the key. */}}
{{- define "heal8s.validate" -}}
{{- if not (has .Values.mode (list "combined" "split")) }}
{{- fail (printf "mode: must be combined or split, was %q" (toString .Values.mode)) }}
{{- end }}
{{- if not (has .Values.rbac.scope (list "cluster" "namespaced")) }}
{{- fail (printf "rbac.scope: must be cluster or namespaced, was %q" (toString .Values.rbac.scope)) }}
{{- end }}
{{- if and (eq .Values.rbac.scope "namespaced") (empty .Values.watchNamespaces) }}
{{- fail "watchNamespaces: must name the watched namespaces when rbac.scope is namespaced" }}
{{- end }}
{{- if and .Values.secrets.githubAppKey.existingSecret (not .Values.github.appId) }}
{{- fail "github.appId: required with secrets.githubAppKey.existingSecret" }}
{{- end }}
{{- if and .Values.secrets.githubAppKey.existingSecret (not .Values.github.installationId) }}
{{- fail "github.installationId: required with secrets.githubAppKey.existingSecret" }}
{{- end }}
{{- end }}

{{/* The roles this release runs, each with its Deployment name, ServiceAccount and whether it holds GitHub
     credentials: combined runs one pod holding both. */}}
{{- define "heal8s.serviceAccountName" -}}
{{- $role := index .root.Values.roles .key }}
{{- if $role.serviceAccount.name }}
{{- $role.serviceAccount.name }}
{{- else if eq .root.Values.mode "combined" }}
{{- include "heal8s.fullname" .root }}
{{- else }}
{{- printf "%s-%s" (include "heal8s.fullname" .root) .role | trunc 63 | trimSuffix "-" }}
{{- end }}
{{- end }}

{{- define "heal8s.image" -}}
{{- printf "%s:%s" .Values.image.repository (default .Chart.AppVersion .Values.image.tag) }}
{{- end }}

{{/* The pods this release runs, as YAML: {units: [...]}. Each unit names its Deployment, its role (the component
     label), the roles.* key of its settings, and what it does: operator (webhook, decisions, cluster changes) and
     gitops (GitHub credentials, pull requests). combined: one unit doing both. */}}
{{- define "heal8s.units" -}}
{{- $full := include "heal8s.fullname" . }}
units:
{{- if eq .Values.mode "combined" }}
  - name: {{ $full }}
    role: combined
    key: operator
    operator: true
    gitops: true
    serviceAccount: {{ include "heal8s.serviceAccountName" (dict "root" . "key" "operator" "role" "combined") }}
{{- else }}
  - name: {{ printf "%s-operator" $full | trunc 63 | trimSuffix "-" }}
    role: operator
    key: operator
    operator: true
    gitops: false
    serviceAccount: {{ include "heal8s.serviceAccountName" (dict "root" . "key" "operator" "role" "operator") }}
  - name: {{ printf "%s-gitops-worker" $full | trunc 63 | trimSuffix "-" }}
    role: gitops-worker
    key: gitopsWorker
    operator: false
    gitops: true
    serviceAccount: {{ include "heal8s.serviceAccountName" (dict "root" . "key" "gitopsWorker" "role" "gitops-worker") }}
{{- end }}
{{- end }}

{{/* Playbook YAML files (name: content): the shipped ones unless playbooks.shipped is false, then playbooks.files. */}}
{{- define "heal8s.playbookFiles" -}}
{{- $files := dict }}
{{- if .Values.playbooks.shipped }}
{{- range $path, $_ := .Files.Glob "files/playbooks/*.yaml" }}
{{- $_ := set $files (base $path) ($.Files.Get $path) }}
{{- end }}
{{- end }}
{{- range $name, $content := .Values.playbooks.files }}
{{- $_ := set $files $name $content }}
{{- end }}
{{- toYaml $files }}
{{- end }}

{{/* DRL files (name: content), in the same way from files/playbooks/rules and playbooks.rules. */}}
{{- define "heal8s.playbookRules" -}}
{{- $files := dict }}
{{- if .Values.playbooks.shipped }}
{{- range $path, $_ := .Files.Glob "files/playbooks/rules/*.drl" }}
{{- $_ := set $files (base $path) ($.Files.Get $path) }}
{{- end }}
{{- end }}
{{- range $name, $content := .Values.playbooks.rules }}
{{- $_ := set $files $name $content }}
{{- end }}
{{- toYaml $files }}
{{- end }}

{{/* The approval policy (name: content): the shipped approval.rego and data.json, then policy.opa.files. */}}
{{- define "heal8s.policyFiles" -}}
{{- $files := dict }}
{{- range $path, $_ := .Files.Glob "files/policies/*" }}
{{- $_ := set $files (base $path) ($.Files.Get $path) }}
{{- end }}
{{- range $name, $content := .Values.policy.opa.files }}
{{- $_ := set $files $name $content }}
{{- end }}
{{- toYaml $files }}
{{- end }}

{{/* The operator's namespaced rules. */}}
{{- define "heal8s.rules.operator" -}}
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets", "daemonsets"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
- apiGroups: ["apps"]
  resources: ["replicasets", "controllerrevisions"]
  verbs: ["get", "list", "watch"]
{{- if .Values.actions.scaleUp }}
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list", "patch"]
{{- end }}
{{- if .Values.actions.expandVolume }}
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get", "patch"]
{{- end }}
# delete: the retention sweep removes terminal Remediations older than heal8s.operator.retention (only this role).
- apiGroups: ["k8shealer.k8s-healer.io"]
  resources: ["remediations"]
  verbs: ["get", "list", "watch", "create", "update", "patch", "delete"]
- apiGroups: ["k8shealer.k8s-healer.io"]
  resources: ["remediations/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* The GitOps worker's namespaced rules: Remediations read and their status written, and read-only access to
     what the change is recomputed from on the live cluster (the same reads as the operator's, no patch). */}}
{{- define "heal8s.rules.gitops" -}}
{{- /* patch: GitHub's webhook wakes the worker with an annotation on the Remediation (heal8s.io/pr-event). */}}
- apiGroups: ["k8shealer.k8s-healer.io"]
  resources: ["remediations"]
  verbs: ["get", "list", "watch", "patch"]
- apiGroups: ["k8shealer.k8s-healer.io"]
  resources: ["remediations/status"]
  verbs: ["get", "update", "patch"]
- apiGroups: ["apps"]
  resources: ["deployments", "statefulsets", "daemonsets", "replicasets", "controllerrevisions"]
  verbs: ["get", "list", "watch"]
- apiGroups: [""]
  resources: ["pods"]
  verbs: ["get", "list", "watch"]
{{- if .Values.actions.scaleUp }}
- apiGroups: ["autoscaling"]
  resources: ["horizontalpodautoscalers"]
  verbs: ["get", "list"]
{{- end }}
{{- if .Values.actions.expandVolume }}
- apiGroups: [""]
  resources: ["persistentvolumeclaims"]
  verbs: ["get"]
{{- end }}
- apiGroups: [""]
  resources: ["events"]
  verbs: ["create", "patch"]
{{- end }}

{{/* A duration value ("2h", "1h30m", "90s"; units s, m, h, d) in whole seconds, for PromQL comparisons with a
     gauge in seconds. Called with (list "the.key" value); a malformed value fails the install naming the key. */}}
{{- define "heal8s.seconds" -}}
{{- $key := index . 0 -}}
{{- $text := toString (index . 1) -}}
{{- if not (regexMatch "^([0-9]+[smhd])+$" $text) -}}
{{- fail (printf "%s: must be a duration such as 2h or 1h30m (units s, m, h, d), was %q" $key $text) -}}
{{- end -}}
{{- $units := dict "s" 1 "m" 60 "h" 3600 "d" 86400 -}}
{{- $total := 0 -}}
{{- range regexFindAll "[0-9]+[smhd]" $text -1 -}}
{{- $total = add $total (mul (atoi (trimSuffix (regexFind "[smhd]$" .) .)) (get $units (regexFind "[smhd]$" .))) -}}
{{- end -}}
{{- $total -}}
{{- end -}}
