#!/usr/bin/env bash
# The static checks of every deployment artifact (no Docker engine, no cluster, no cloud needed):
# yamllint on all YAML, shellcheck on every script, and deploy/test (npm): kubectl kustomize of
# each overlay with a strict schema check, the Compose Specification schema, Terraform parsed
# (and terraform fmt when Terraform is installed), nginx -t, and one routing table for all
# gateways. The drift test (deploy/src/test/java) runs with ./mvnw verify, which runs this script too (module deploy).
set -euo pipefail
cd "$(dirname "$0")/.."

echo "yamllint $(yamllint --version | cut -d' ' -f2)"
yamllint --strict .

echo "shellcheck $(shellcheck --version | sed -n 2p | cut -d' ' -f2)"
git ls-files -co --exclude-standard '*.sh' .ci/run mvnw | sort -u | xargs shellcheck -x

# terraform validate and terraform test (the stack planned and applied against a mocked provider)
# need the AWS provider: from a local provider mirror when the machine has one
# (registry.terraform.io is not among our registries); the HCL checks of deploy/test run anyway.
# The lock file pins the provider the mirror holds.
mirror=${TF_PLUGIN_MIRROR:-/opt/tf-plugins}
if command -v terraform >/dev/null 2>&1 && [ -d "$mirror/registry.terraform.io/hashicorp/aws" ]; then
  echo "terraform $(terraform version 2>/dev/null | sed -n 1p) with the provider mirror $mirror"
  terraform fmt -check -recursive deploy/ecs
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT
  cp deploy/ecs/*.tf deploy/ecs/.terraform.lock.hcl "$work"/
  cp -r deploy/ecs/tests "$work"/
  cat >"$work/terraformrc" <<EOF
provider_installation {
  filesystem_mirror {
    path    = "$mirror"
    include = ["registry.terraform.io/*/*"]
  }
  direct {
    exclude = ["registry.terraform.io/*/*"]
  }
}
EOF
  (cd "$work" && export TF_CLI_CONFIG_FILE="$work/terraformrc" && terraform init -backend=false -input=false -no-color >/dev/null \
    && terraform validate -no-color \
    && echo "terraform test (plan and apply against a mocked AWS provider: deploy/ecs/tests)" \
    && terraform test -no-color | tail -n 1)
else
  echo "terraform validate skipped: no terraform, or no provider mirror at $mirror (deploy/test parses the HCL instead)"
fi

echo "kubectl $(kubectl version --client 2>/dev/null | sed -n 1p)"
(cd deploy && npm ci --no-audit --no-fund --loglevel=error && npm test)
