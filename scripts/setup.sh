#!/usr/bin/env bash
# Installs whatever is missing to build, run and test OneWindow. Idempotent: a second run
# installs nothing and takes a few seconds. Called by scripts/run.sh and scripts/test.sh.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
say() { printf '\033[1;34m[setup]\033[0m %s\n' "$*"; }

sudo_if_needed() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# 1. Debian packages.
mapfile -t wanted < <(grep -v -E '^\s*(#|$)' "$root/installer/apt-packages.txt")
missing=()
for p in "${wanted[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  say "installing ${#missing[@]} Debian packages: ${missing[*]}"
  sudo_if_needed apt-get update -qq
  DEBIAN_FRONTEND=noninteractive sudo_if_needed apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# 1b. vsmartcard-vpcd (the sandbox's virtual chip reader) listens on TCP 35963-35964, inside
# Linux's ephemeral port range: an outgoing loopback connection that was given one of those
# ports (WebDriver, the back office) leaves a TIME_WAIT that keeps pcscd's virtual readers
# from binding for a minute ("Address already in use"). Keep them out of the range.
reserved="$(cat /proc/sys/net/ipv4/ip_local_reserved_ports 2>/dev/null || true)"
if ! grep -q 35963 <<<"$reserved"; then
  if sudo_if_needed sysctl -q -w net.ipv4.ip_local_reserved_ports="${reserved:+$reserved,}35963-35964"; then
    say "reserved TCP ports 35963-35964 for the virtual chip reader"
  else
    say "could not reserve TCP ports 35963-35964: the virtual chip reader may fail to start now and then"
  fi
fi

# 2. Rust toolchain pieces and cargo tools.
command -v cargo >/dev/null || { echo "cargo is missing: install Rust from rustup first" >&2; exit 1; }
rustup component list --installed 2>/dev/null | grep -q '^clippy' || rustup component add clippy rustfmt
if ! command -v tauri-driver >/dev/null || ! tauri-driver --help >/dev/null 2>&1; then
  say "installing tauri-driver"
  cargo install tauri-driver --version '^2' --locked
fi

# 3. Frontend packages (only when the lock file changed since the last install). The build tools
# (vite 8) need Node 20.19 or newer; Debian 12 and Ubuntu 24.04 ship Node 18.
command -v node >/dev/null || { echo "node is missing: install Node.js 20.19 or newer (e.g. from NodeSource)" >&2; exit 1; }
if ! node -e 'const [a, b] = process.versions.node.split(".").map(Number); process.exit(a > 20 || (a === 20 && b >= 19) ? 0 : 1)'; then
  echo "Node.js $(node --version) is too old: the frontend build needs 20.19 or newer (e.g. from NodeSource)" >&2
  exit 1
fi
cd "$root/frontend"
stamp=node_modules/.ow-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  say "installing npm packages"
  npm ci --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
