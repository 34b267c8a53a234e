#!/usr/bin/env bash
# Renders deploy/ from the Helm chart with its default values, so `kubectl apply --server-side -f
# deploy/` installs what `helm install` does. HelmIT renders again and fails when deploy/ differs.
#   deploy/render.sh [OUTPUT_DIR]   (default: deploy/)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
out="${1:-$here}"
helm="${HELM:-helm}"
namespace=leakgate-system
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

"$helm" template leakgate "$root/helm/leakgate" --namespace "$namespace" --include-crds \
  --output-dir "$tmp" >/dev/null

mkdir -p "$out"
rm -f "$out"/[0-9][0-9][0-9]-*.yaml
header="# Rendered by deploy/render.sh from helm/leakgate; edit the chart, not this file."
cat >"$out/000-namespace.yaml" <<YAML
$header
apiVersion: v1
kind: Namespace
metadata:
  name: $namespace
YAML
place() { # SOURCE TARGET
  { echo "$header"; cat "$tmp/leakgate/$1"; } >"$out/$2"
}
place crds/leakgates.leakgate.dev-v1.yml 010-crd.yaml
place templates/serviceaccount.yaml 020-serviceaccounts.yaml
place templates/rbac.yaml 030-rbac.yaml
place templates/service.yaml 040-service.yaml
place templates/deployment.yaml 050-deployment.yaml
place templates/user-rbac.yaml 060-user-rbac.yaml
