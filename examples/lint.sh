#!/usr/bin/env bash
# Lints the examples' container recipes and scripts with linters from the package registries:
#   Dockerfiles           dockerfilelint and dockerfile-utils (npm; the latter is the linter of the Docker
#                         language server): syntax, instruction arguments, best practices
#   docker-compose.yml    dclint (npm): validation against the compose specification's JSON schema, plus its rules
#   YAML                  yamllint (Debian): syntax, duplicate keys, indentation, line length
#   shell scripts         shellcheck (Debian)
# The Kubernetes manifests are validated by the build (KubernetesManifestsTest: Kubernetes' own API models, strict
# about unknown fields), and hadolint is not in these registries; docs/containers.md says what is checked where.
#
#   examples/lint.sh        exit 0 when clean, 1 with every finding printed, 2 when a linter is missing
#
# npm packages are pinned in examples/lint/package.json and package-lock.json and installed, on first use, into
# examples/lint/node_modules. shellcheck and yamllint come from apt (.ci/run installs them).
set -euo pipefail

here="$(cd -- "$(dirname -- "$(readlink -f -- "${BASH_SOURCE[0]}")")" && pwd -P)"
root="$(cd -- "$here/.." && pwd -P)"
lint="$here/lint"
cd "$root"

missing() {
    echo "lint: $1 is not installed: $2" >&2
    exit 2
}

command -v npm >/dev/null 2>&1 || missing npm "install Node.js and npm"
command -v shellcheck >/dev/null 2>&1 || missing shellcheck "apt-get install shellcheck"
command -v yamllint >/dev/null 2>&1 || missing yamllint "apt-get install yamllint"
if [[ ! -x "$lint/node_modules/.bin/dclint" || "$lint/package-lock.json" -nt "$lint/node_modules/.package-lock.json" ]]
then
    echo "lint: installing the npm linters (examples/lint/package-lock.json)"
    npm ci --prefix "$lint" --no-audit --no-fund --loglevel=error >/dev/null
fi
bin="$lint/node_modules/.bin"

dockerfiles=(examples/*/Dockerfile)
composes=(examples/*/docker-compose.yml)
manifests=(examples/*/kubernetes.yaml)
scripts=(examples/run-containers.sh examples/lint.sh .ci/run bin/shimmy)
failed=0

# check NAME COMMAND...: runs a linter; any failure, or any output for linters that report findings with status 0
# (dockerfile-utils), counts as a finding.
check() {
    local name="$1" output status=0
    shift
    output="$("$@" 2>&1)" || status=$?
    if [[ $status -ne 0 || ( "$name" == dockerfile-utils && -n "$output" ) ]]; then
        echo "lint: $name found problems:"
        echo "$output"
        failed=1
    else
        echo "lint: $name: clean"
    fi
}

for dockerfile in "${dockerfiles[@]}"; do
    check dockerfilelint "$bin/dockerfilelint" "$dockerfile"
    check dockerfile-utils "$bin/dockerfile-utils" lint "$dockerfile"
done
# Two dclint rules are off (examples/lint/dclint.json): no-build-and-image, because building once and tagging the
# image for every service of the example is what "build" beside "image" is for; services-alphabetical-order,
# because the services are listed in the order the example reads (publisher before subscribers).
check dclint "$bin/dclint" -c "$lint/dclint.json" "${composes[@]}"
check yamllint yamllint -s -c "$lint/yamllint.yaml" "${composes[@]}" "${manifests[@]}"
check shellcheck shellcheck "${scripts[@]}"

if [[ $failed -ne 0 ]]; then
    echo "lint: FAILED"
    exit 1
fi
echo "lint: ${#dockerfiles[@]} Dockerfiles, ${#composes[@]} compose files, ${#manifests[@]} manifests and" \
    "${#scripts[@]} scripts are clean"
