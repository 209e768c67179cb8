#!/usr/bin/env bash
# Runs OneWindow in sandbox mode: embedded back office, simulated devices, training data.
# Installs what is missing first. Extra arguments are passed to the app.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
bash "$here/setup.sh"

echo "[run] building the clerk screen (when it changed)"
build_frontend
echo "[run] building the app (the test command's build: nothing to do after it)"
build_workspace

# The sandbox's chip reader goes through pcscd (vsmartcard-vpcd carries the virtual ePassport).
# Without systemd nothing starts it: start it once when it is not running; it stays up.
if ! pgrep -x pcscd >/dev/null 2>&1; then
  if [ "$(id -u)" -eq 0 ]; then
    echo "[run] starting pcscd (PC/SC smart-card service)"
    pcscd || echo "[run] pcscd did not start: the chip reader will show as not connected"
  else
    echo "[run] pcscd is not running: the chip reader shows as not connected (start it: sudo pcscd)"
  fi
fi

export ONEWINDOW_MODE="${ONEWINDOW_MODE:-sandbox}"
run_app() { exec "$(app_binary debug)" "$@"; }
# No display (a server, CI): run on a virtual one so the app still starts.
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "[run] no display found: starting on a virtual display (Xvfb)"
  exec xvfb-run -a -s "-screen 0 1366x800x24" dbus-run-session -- "$(app_binary debug)" "$@"
fi
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  exec dbus-run-session -- "$(app_binary debug)" "$@"
fi
run_app "$@"
