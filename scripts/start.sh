#!/usr/bin/env bash
# `npm start`: installs and builds what is missing, starts Kamailio (SIP over WebSocket on
# loopback) and serves the web demo. Ctrl-C stops both.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/bootstrap.sh
if [ ! -f lib/index.js ] || [ -n "$(find js src bindings CMakeLists.txt -newer lib/index.js -print -quit)" ]; then
  bash scripts/build.sh
fi
ws_port="${SIPWASM_WS_PORT:-8088}"
ws_url="$(bash scripts/kamailio.sh start "$ws_port")"
trap 'bash scripts/kamailio.sh stop "$ws_port"' EXIT INT TERM
echo "SIP server (Kamailio): $ws_url   users alice/bob/carol/dave, password <user>-secret, domain sipwasm.test"
node scripts/serve.mjs "${SIPWASM_DEMO_PORT:-8080}"
