#!/usr/bin/env bash
# Installs what this project needs on a fresh Debian 12 machine, idempotently: a second run
# installs nothing. Called by `npm start` and `npm test`; safe to run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[bootstrap] %s\n' "$*"; }

# Debian packages the project builds and tests with (see NOTES.md for why each).
apt_packages=(
  cmake g++ clang libclang-rt-14-dev libgtest-dev   # native build, sanitizers, libFuzzer
  emscripten nlohmann-json3-dev                     # the Wasm build
  kamailio kamailio-websocket-modules               # the real SIP server of the demo and e2e tests
  chromium                                          # the headless browser of the e2e tests (playwright-core drives it)
)
need_apt=()
for pkg in "${apt_packages[@]}" ${SIPWASM_APT_EXTRA:-}; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || need_apt+=("$pkg")
done

if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q "${need_apt[@]}"
else
  say "Debian packages: all present"
fi

# npm packages, from package-lock.json when present (jest, ws, sip.js, playwright-core, esbuild, ...).
if [ ! -d node_modules/jest ] || [ package.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
else
  say "npm packages: all present"
fi
