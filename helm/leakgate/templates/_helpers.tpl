{{/* Names of this release's objects: the release name, or release-leakgate when it lacks "leakgate",
so that two releases (or a release beside deploy/) never collide on cluster-scoped objects. */}}
{{- define "leakgate.fullname" -}}
{{- if contains .Chart.Name .Release.Name -}}
{{- .Release.Name | trunc 50 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-%s" .Release.Name .Chart.Name | trunc 50 | trimSuffix "-" -}}
{{- end -}}
{{- end }}

{{- define "leakgate.labels" -}}
app.kubernetes.io/name: leakgate
app.kubernetes.io/instance: {{ .Release.Name }}
app.kubernetes.io/version: {{ .Chart.AppVersion | quote }}
app.kubernetes.io/managed-by: {{ .Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .Chart.Name .Chart.Version }}
{{- end }}

{{- define "leakgate.selector" -}}
app.kubernetes.io/name: leakgate
app.kubernetes.io/instance: {{ .Release.Name }}
{{- end }}

{{- define "leakgate.image" -}}
{{ .Values.image.repository }}:{{ .Values.image.tag | default .Chart.AppVersion }}
{{- end }}

{{/* The namespaced rules: what the operator does in each namespace it watches. */}}
{{- define "leakgate.namespacedRules" -}}
- apiGroups: [leakgate.dev]
  resources: [leakgates]
  verbs: [list, watch]
- apiGroups: [leakgate.dev]
  resources: [leakgates/status]
  verbs: [patch]
- apiGroups: [batch]
  resources: [jobs]
  verbs: [list, watch, create, delete]
- apiGroups: [""]
  resources: [pods]
  verbs: [list]
{{- /* Targets are watched (list, watch); get confirms one missing from the cache. */}}
- apiGroups: [apps]
  resources: [deployments, statefulsets]
  verbs: [get, list, watch]
- apiGroups: [""]
  resources: [events]
  verbs: [get, list, create, patch]
- apiGroups: [""]
  resources: [serviceaccounts]
  verbs: [get]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
{{- end }}
