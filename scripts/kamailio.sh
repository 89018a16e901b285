#!/usr/bin/env bash
# Starts or stops the project's Kamailio (SIP over WebSocket on loopback) by pid file.
#   scripts/kamailio.sh start [PORT]   -> prints ws://127.0.0.1:PORT once it accepts connections
#   scripts/kamailio.sh stop  [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
cmd="${1:?usage: kamailio.sh start|stop [PORT]}"
port="${2:-${SIPWASM_WS_PORT:-8088}}"
rundir="${TMPDIR:-/tmp}/sipwasm-kamailio-$port"
pidfile="$rundir/kamailio.pid"
kamailio_bin="$(command -v kamailio || echo /usr/sbin/kamailio)"

stop() {
  if [ -f "$pidfile" ]; then
    local pid; pid="$(cat "$pidfile")"
    if kill -0 "$pid" 2>/dev/null; then
      kill "$pid"
      for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    fi
    rm -f "$pidfile"
  fi
}

case "$cmd" in
  start)
    [ -x "$kamailio_bin" ] || { echo "kamailio not installed: run scripts/bootstrap.sh" >&2; exit 1; }
    stop
    mkdir -p "$rundir"
    "$kamailio_bin" -f tests/e2e/kamailio/kamailio.cfg -P "$pidfile" -E -Y "$rundir" \
      -A "SIPWASM_WS_PORT=$port" > "$rundir/kamailio.log" 2>&1 &
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "ws://127.0.0.1:$port"; exit 0; fi
      sleep 0.1
    done
    echo "kamailio did not start; its log:" >&2; tail -n 30 "$rundir/kamailio.log" >&2; exit 1 ;;
  stop) stop ;;
  *) echo "usage: kamailio.sh start|stop [PORT]" >&2; exit 2 ;;
esac
