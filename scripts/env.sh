# Shared settings for the scripts; sourced, not run.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Builds are slow on small machines: keep one target folder outside the clone and reuse it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onewindow/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# GTK's accessibility bridge outlives the app without a desktop session.
export NO_AT_BRIDGE=1
app_binary() { echo "$CARGO_TARGET_DIR/${1:-debug}/onewindow"; }
