#!/usr/bin/env bash
# Validates the deployment files offline (no Docker engine, no cluster needed):
#   1. docker-compose.yml renders (`docker-compose config -q`), its images are built from existing Nx apps, its
#      kafka-init topics match libs/contracts' topic catalog, migrations gate the services, the gateway waits for
#      Redis and the services, shared secrets agree, every app sends its spans to the stack's OpenTelemetry Collector;
#   2. the shell scripts parse (and pass shellcheck when it is installed);
#   3. k8s/overlays/dev and k8s/overlays/prod render with kustomize (kubectl's built-in v5.5) and every object passes
#      tools/deploy/validate-manifests.cjs: schema validation (kubernetes-models, unknown fields, KafkaTopic shape)
#      and the project's rules (among them: every app exports traces and its NetworkPolicies let them through); a
#      self-test proves broken variants of the dev rendering are rejected;
#   4. the Grafana dashboard (docs/grafana/parcelstream.json) parses, its queries are well-formed and use only metrics
#      (and labels) some app registers or a listed exporter provides; a self-test proves broken variants fail.
#
#   bash tools/deploy/validate.sh
#
# Needs: docker-compose (Debian: `apt-get install -y docker-compose`), kubectl >= 1.27 (kustomize v5; Debian's
# kubernetes-client is 1.20 and cannot render the overlays; the CI machines have one), node, and
# the npm devDependencies kubernetes-models + @kubernetes-models/validate (`npm ci`).
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
need kubectl "Install kubectl >= 1.27 (kustomize v5 built in); Debian's kubernetes-client package is too old (see .ci/run)."
kubectl_version="$(kubectl version --client 2>&1 || true)"
[[ "${kubectl_version}" =~ Kustomize\ Version:\ v([5-9]|[1-9][0-9])\. ]] ||
  die "kubectl has no kustomize v5 (${kubectl_version%%$'\n'*}): install kubectl >= 1.27 (see .ci/run)"
need node "Install Node.js 20 (the project's runtime)."
node -e "require.resolve('kubernetes-models'); require.resolve('@kubernetes-models/validate')" 2>/dev/null ||
  die "kubernetes-models is not installed: run npm ci (it is a devDependency)"

# Apps that docker-compose.yml builds before their source has landed on this branch (being built elsewhere).
# Remove an entry once apps/<app> exists: from then on a missing project is an error again.
PENDING_APPS=" "

WORK="$(mktemp -d)"
trap 'rm -rf "${WORK}"' EXIT

step "docker-compose.yml"
docker-compose -f docker-compose.yml config -q
echo "docker-compose config -q: OK ($(docker-compose version --short 2>/dev/null || echo '?'))"
docker-compose -f docker-compose.yml config >"${WORK}/compose.yaml"
apps=$(sed -n 's/^ *APP: *\([a-z0-9-]*\) *$/\1/p' "${WORK}/compose.yaml" | sort -u)
[[ -n "${apps}" ]] || die "docker-compose.yml builds no app (no build arg APP found)"
for app in ${apps}; do
  if [[ ! -f "apps/${app}/project.json" ]]; then
    [[ "${PENDING_APPS}" == *" ${app} "* ]] || die "docker-compose.yml builds APP=${app}, but apps/${app}/project.json does not exist"
    echo "  warning: APP=${app} is pending (apps/${app} is not on this branch yet)"
  fi
done
echo "build arg APP names existing Nx apps: $(echo "${apps}" | tr '\n' ' ')"
node tools/deploy/validate-manifests.cjs --compose-topics docker-compose.yml
node tools/deploy/validate-manifests.cjs --compose-config "${WORK}/compose.yaml"

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
# the carrier simulator is development-only
node tools/deploy/validate-manifests.cjs --expect-replicas 3 --expect-namespace parcelstream --forbid-app carrier-simulator "${WORK}/prod.yaml"
grep -q 'name: carrier-simulator$' "${WORK}/dev.yaml" || die "the dev overlay has no carrier-simulator"

step "validator self-test (broken manifests must fail)"
node tools/deploy/validate-manifests.cjs --self-test --expect-replicas 1 --expect-namespace parcelstream-dev "${WORK}/dev.yaml"
node tools/deploy/validate-manifests.cjs --self-test --compose-config "${WORK}/compose.yaml"

step "Grafana dashboard"
for dashboard in docs/grafana/*.json; do
  node tools/deploy/validate-manifests.cjs --dashboard "${dashboard}"
done
node tools/deploy/validate-manifests.cjs --self-test --dashboard docs/grafana/parcelstream.json

step "all deployment checks passed"
