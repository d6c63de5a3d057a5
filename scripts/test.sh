#!/usr/bin/env bash
# Installs everything and runs every test the CI runs: frozen-lockfile install, type check,
# lint, unit tests on SQLite and PostgreSQL, a production build of the app, the
# end-to-end browser test, the backend bundle with the Dockerfile replayed, and two backend
# replicas over one PostgreSQL. Ends with one summary line.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n=== %s (%ss elapsed)\n' "$1" "$SECONDS"; }

step "Machine prerequisites"
# PostgreSQL runs on every dev and CI machine of ours; start it if it is down.
if ! pg_isready -h 127.0.0.1 -p 5432 -q 2>/dev/null; then
  pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
# Debian's Chromium for the browser test (never a browser download).
if [ ! -x /usr/bin/chromium ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq && apt-get install -y -qq chromium >/dev/null
fi

step "Install (frozen lockfile)"
export CS_INSTALL_FLAGS="--immutable"
. scripts/bootstrap.sh

step "Type check"
yarn tsc

step "Lint"
yarn backstage-cli repo lint

step "No unused files, exports or dependencies (knip)"
yarn knip

step "Changesets are valid"
# Every pending changeset names real packages and a bump; on a branch, a changed published
# package without a changeset (against main) fails too.
yarn changeset status

step "API reports match the code"
# Compiles the declarations afresh (a whole-project, non-incremental tsc, as the reports were
# made) and compares every published package's public API with its checked-in report.api.md,
# and the CLI's commands with cli-report.md. Regenerate with `yarn build:api-reports`.
yarn test:api-reports

step "OpenAPI spec matches its generated router and client"
# Fails when a package's src/schema/openapi.yaml and src/schema/openapi/generated/router.ts
# differ (regenerate with scripts/openapi-router.mjs). With the CLI's transform: the
# command imports that TypeScript module.
node --require @backstage/cli/config/nodeTransform.cjs \
  node_modules/@backstage/repo-tools/bin/backstage-repo-tools repo schema openapi validate
# Fails when the frontend's generated client is not what the spec generates.
node scripts/openapi-client.mjs --check

step "Unit tests (SQLite and PostgreSQL)"
export BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING="${BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING:-postgresql://postgres@127.0.0.1:5432}"
export CONTAINER_SECURITY_REQUIRE_POSTGRES=1
mkdir -p .cache
unit_status=0
# Without CI set, backstage-cli would start Jest in watch mode.
CI=true yarn backstage-cli repo test --json --outputFile="$PWD/.cache/jest-results.json" || unit_status=$?

step "Production build of the app"
yarn workspace app build --config "$PWD/app-config.yaml" --config "$PWD/app-config.e2e.yaml"

step "End-to-end test in Chromium"
e2e_status=0
node --test --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$PWD/.cache/e2e.tap" e2e/run.mjs || e2e_status=$?

step "Backend bundle, and the Dockerfile replayed without a container engine"
image_status=0
{ yarn build:backend && node scripts/check-backend-image.mjs; } || image_status=$?

step "Two backend replicas over one PostgreSQL"
replicas_status=0
node --require @backstage/cli/config/nodeTransform.cjs --test \
  --test-reporter=spec --test-reporter-destination=stdout \
  --test-reporter=tap --test-reporter-destination="$PWD/.cache/replicas.tap" \
  e2e/replicas/replicas.test.ts || replicas_status=$?

step "Summary"
[ "$image_status" -eq 0 ] || echo "The backend bundle or the Dockerfile replay failed (exit $image_status)."
node scripts/summarize-tests.mjs .cache/jest-results.json .cache/e2e.tap .cache/replicas.tap
[ "$unit_status" -eq 0 ] && [ "$e2e_status" -eq 0 ] && [ "$image_status" -eq 0 ] && [ "$replicas_status" -eq 0 ]
