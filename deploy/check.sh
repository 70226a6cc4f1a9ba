#!/usr/bin/env bash
# The static checks of every deployment artifact (no Docker engine, no cluster, no cloud needed):
# yamllint on all YAML, shellcheck on every script, and deploy/test (npm): kubectl kustomize of
# each overlay with a strict schema check, the Compose Specification schema, Terraform parsed
# (and terraform fmt when Terraform is installed), nginx -t, and one routing table for all
# gateways. The drift test (deploy/src/test/java) runs with mvn verify.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "yamllint $(yamllint --version | cut -d' ' -f2)"
yamllint --strict .

echo "shellcheck $(shellcheck --version | sed -n 2p | cut -d' ' -f2)"
git ls-files -co --exclude-standard '*.sh' .ci/run | sort -u | xargs shellcheck

echo "kubectl $(kubectl version --client 2>/dev/null | sed -n 1p)"
(cd deploy && npm ci --no-audit --no-fund --loglevel=error && npm test)
