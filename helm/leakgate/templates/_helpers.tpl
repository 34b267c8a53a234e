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
  verbs: [list, watch, create]
- apiGroups: [""]
  resources: [pods]
  verbs: [list]
- apiGroups: [apps]
  resources: [deployments, statefulsets]
  verbs: [get]
- apiGroups: [""]
  resources: [events]
  verbs: [get, create, patch]
- apiGroups: [""]
  resources: [secrets]
  verbs: [get]
{{- end }}
