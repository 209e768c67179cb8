#!/usr/bin/env bash
# Start-up time and memory of OneWindow beside a minimal Tauri 2 window, release builds,
# side by side in one run. Usage: scripts/bench-startup.sh [rounds]
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
source "$here/env.sh"
bash "$here/setup.sh"
npm --prefix "$root/frontend" run --silent build
cargo build --release -p onewindow -p ow-floor -p ow-bench-startup
xvfb-run -a -s "-screen 0 1366x800x24" dbus-run-session -- \
  "$CARGO_TARGET_DIR/release/ow-bench-startup" "$CARGO_TARGET_DIR/release/onewindow" "$CARGO_TARGET_DIR/release/ow-floor" "${1:-7}"
