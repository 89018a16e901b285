#!/usr/bin/env bash
# Builds what is missing or out of date: the Wasm module (emcmake) and the package in lib/.
# lib/ is js/ (hand-written ESM + .d.ts, laid out like sip.js's lib/) plus the Wasm module.
set -euo pipefail
cd "$(dirname "$0")/.."
export NODE_PATH="${NODE_PATH:-/usr/share/nodejs}"   # emcc's JS optimizer needs Debian's acorn
jobs="$(nproc 2>/dev/null || echo 2)"

if [ ! -f build/wasm/CMakeCache.txt ]; then
  echo "[build] configuring the Wasm build"
  emcmake cmake -S . -B build/wasm -DCMAKE_BUILD_TYPE=Release >/dev/null
fi
echo "[build] Wasm module"
if ! cmake --build build/wasm -j"$jobs" > build/wasm/build.log 2>&1; then
  tail -n 60 build/wasm/build.log >&2
  echo "[build] the Wasm build failed (full log: build/wasm/build.log)" >&2
  exit 1
fi

echo "[build] assembling lib/"
rm -rf lib.tmp && mkdir lib.tmp
cp -R js/. lib.tmp/
mkdir -p lib.tmp/wasm
cp build/wasm/sipcore.mjs lib.tmp/wasm/sipcore.mjs
rm -rf lib && mv lib.tmp lib
echo "[build] lib/ ready"
