#!/usr/bin/env bash
# Validates the deployment files offline (no Docker engine, no cluster needed):
#   1. docker-compose.yml renders (`docker-compose config -q`), its images are built from existing Nx apps and its
#      kafka-init topics match libs/contracts' topic catalog;
#   2. the shell scripts parse (and pass shellcheck when it is installed);
#   3. k8s/overlays/dev and k8s/overlays/prod render with kustomize (kubectl's built-in v5.5) and every object passes
#      tools/deploy/validate-manifests.cjs (structural checks, not a full schema validation).
#
#   bash tools/deploy/validate.sh
#
# Needs: docker-compose (Debian: `apt-get install -y docker-compose`), kubectl >= 1.27 (kustomize v5), node.
# Optional: shellcheck (Debian: `apt-get install -y shellcheck`).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "${ROOT}"

step() { printf '\n== %s\n' "$*"; }
die() {
  printf 'validate: %s\n' "$*" >&2
  exit 1
}
need() {
  command -v "$1" >/dev/null 2>&1 || die "$1 not found. $2"
}

need docker-compose "Install it with: sudo apt-get install -y docker-compose (Debian/Ubuntu package; Compose v2 users: see docs/deployment.md)"
need kubectl "Install kubectl >= 1.27 (kustomize v5 built in); Debian's kubernetes-client package is too old."
need node "Install Node.js 20 (the project's runtime)."

WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT

step "docker-compose.yml"
docker-compose -f docker-compose.yml config -q
echo "docker-compose config -q: OK ($(docker-compose version --short 2>/dev/null || echo '?'))"
docker-compose -f docker-compose.yml config >"${WORK}/compose.yaml"
apps=$(sed -n 's/^ *APP: *\([a-z0-9-]*\) *$/\1/p' "${WORK}/compose.yaml" | sort -u)
[[ -n "${apps}" ]] || die "docker-compose.yml builds no app (no build arg APP found)"
for app in ${apps}; do
  [[ -f "apps/${app}/project.json" ]] || die "docker-compose.yml builds APP=${app}, but apps/${app}/project.json does not exist"
done
echo "build arg APP names existing Nx apps: $(echo "${apps}" | tr '\n' ' ')"
node tools/deploy/validate-manifests.cjs --compose-topics docker-compose.yml

step "shell scripts"
scripts=(tools/deploy/validate.sh docker/postgres/init/*.sh)
for script in "${scripts[@]}"; do
  bash -n "${script}"
done
if command -v shellcheck >/dev/null 2>&1; then
  shellcheck "${scripts[@]}"
  echo "bash -n and shellcheck: OK (${scripts[*]})"
else
  echo "bash -n: OK; shellcheck not installed, skipped (apt-get install -y shellcheck)"
fi

step "Kubernetes manifests"
kubectl version --client 2>/dev/null | sed 's/^/  /'
for overlay in dev prod; do
  kubectl kustomize "k8s/overlays/${overlay}" >"${WORK}/${overlay}.yaml"
  echo "kubectl kustomize k8s/overlays/${overlay}: $(grep -c '^kind:' "${WORK}/${overlay}.yaml") objects"
done
node tools/deploy/validate-manifests.cjs --expect-replicas 1 --expect-namespace parcelstream-dev "${WORK}/dev.yaml"
node tools/deploy/validate-manifests.cjs --expect-replicas 3 --expect-namespace parcelstream "${WORK}/prod.yaml"

step "all deployment checks passed"
