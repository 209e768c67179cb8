# Shared settings for the scripts; sourced, not run.
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
# Builds are slow on small machines: keep one target folder outside the clone and reuse it.
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$HOME/.cache/onewindow/target}"
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# GTK's accessibility bridge outlives the app without a desktop session.
export NO_AT_BRIDGE=1
app_binary() { echo "$CARGO_TARGET_DIR/${1:-debug}/onewindow"; }

# The clerk's screen, built when its sources changed since the last build (both commands call
# this: a rebuild would also make cargo embed the files again and relink the app).
build_frontend() {
  local stamp="$root/frontend/dist/.ow-built"
  if [ -f "$stamp" ] && [ -z "$(find "$root/frontend/src" "$root/frontend/index.html" \
      "$root/frontend/citizen.html" "$root/frontend/package-lock.json" \
      "$root/frontend/vite.config.ts" -newer "$stamp" -print -quit)" ]; then
    return 0
  fi
  npm --prefix "$root/frontend" run --silent build
  touch "$stamp"
}

# The one cargo build both commands make: the same selection resolves features once, so the
# run command after the test command (or the other way round) rebuilds nothing. (`-p onewindow`
# alone resolved them anew and rebuilt for 12 minutes after a test run.)
build_workspace() {
  cargo build --workspace --bins --tests --locked
}
