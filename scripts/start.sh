#!/usr/bin/env bash
# Installs and starts the demo portal: app on http://localhost:3000, backend on http://localhost:7007.
# `scripts/start.sh backend` starts the backend alone.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/bootstrap.sh

configs=(--config "$PWD/app-config.yaml")
# Scripts and benchmarks call the API with a static token; it is only configured when one is given.
if [ -n "${CONTAINER_SECURITY_API_TOKEN:-}" ]; then
  configs+=(--config "$PWD/app-config.external-access.yaml")
fi

if [ "${1:-}" = "backend" ]; then
  exec yarn workspace backend start "${configs[@]}"
fi
exec yarn backstage-cli repo start "${configs[@]}"
