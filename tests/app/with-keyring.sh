#!/bin/bash
# Runs a test inside a private D-Bus session with a fresh, unlocked gnome-keyring (Secret Service), in a
# throwaway HOME, as ../shared notes §5 describes. Without dbus-run-session or gnome-keyring-daemon the
# test still runs, told by AIGW_KEYRING=missing to skip.
set -u
if ! command -v dbus-run-session >/dev/null || ! command -v gnome-keyring-daemon >/dev/null; then
    AIGW_KEYRING=missing exec "$@"
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/home" "$tmp/data" "$tmp/config" "$tmp/cache" "$tmp/runtime"
chmod 700 "$tmp/runtime"
export HOME="$tmp/home" XDG_DATA_HOME="$tmp/data" XDG_CONFIG_HOME="$tmp/config" XDG_CACHE_HOME="$tmp/cache"
export XDG_RUNTIME_DIR="$tmp/runtime" AIGW_KEYRING=unlocked
unset DISPLAY WAYLAND_DISPLAY
dbus-run-session -- bash -c 'eval "$(echo -n pw | gnome-keyring-daemon --unlock --components=secrets)"; "$@"' bash "$@"
