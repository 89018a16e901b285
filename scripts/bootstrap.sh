#!/usr/bin/env bash
# Installs what this project needs on a fresh Debian 12 machine, idempotently: a second run
# installs nothing. Called by `npm start` and `npm test`; safe to run by hand.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '[bootstrap] %s\n' "$*"; }

# Debian packages: what each command or file needs, and the package that provides it.
need_apt=()
command -v em++ >/dev/null 2>&1 || need_apt+=(emscripten)
[ -f /usr/include/nlohmann/json.hpp ] || need_apt+=(nlohmann-json3-dev)
command -v cmake >/dev/null 2>&1 || need_apt+=(cmake)
[ -f /usr/include/gtest/gtest.h ] || need_apt+=(libgtest-dev)
command -v clang++ >/dev/null 2>&1 || need_apt+=(clang)
[ -d /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux ] && ls /usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a >/dev/null 2>&1 \
  || need_apt+=(libclang-rt-14-dev)
for extra in ${SIPWASM_APT_EXTRA:-}; do need_apt+=("$extra"); done

if [ ${#need_apt[@]} -gt 0 ]; then
  say "installing Debian packages: ${need_apt[*]}"
  export DEBIAN_FRONTEND=noninteractive
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -q
  $SUDO apt-get install -y -q "${need_apt[@]}"
else
  say "Debian packages: all present"
fi

# npm packages, from package-lock.json when present.
if [ ! -d node_modules/jest ] || [ package.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages"
  if [ -f package-lock.json ]; then npm ci --no-audit --no-fund; else npm install --no-audit --no-fund; fi
else
  say "npm packages: all present"
fi
