#!/usr/bin/env bash
# Runs a command with a private, unlocked Secret Service (gnome-keyring-daemon) on the current
# D-Bus session bus: call it under `dbus-run-session`. Tests and the e2e app keep the local
# store's key there, as a clerk's desktop session would. The keyring's files live in a temp
# folder that is removed afterwards.
set -euo pipefail
if [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
  echo "with-keyring.sh: no D-Bus session; run it as: dbus-run-session -- $0 <command>" >&2
  exit 2
fi
keyring_home="$(mktemp -d)"
trap 'rm -rf "$keyring_home"' EXIT
export XDG_DATA_HOME="$keyring_home/data" XDG_RUNTIME_DIR="$keyring_home/run"
mkdir -p "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$XDG_RUNTIME_DIR"
# The password only unlocks this throwaway login keyring.
printf 'onewindow-test' | gnome-keyring-daemon --unlock --components=secrets >/dev/null
"$@"
