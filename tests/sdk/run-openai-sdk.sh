#!/usr/bin/env bash
# Runs tests/sdk/openai-sdk.test.mjs: installs the openai SDK (npm, cached in the build tree), starts the
# fake providers and `aigw serve` on loopback with a fresh SQLite database, then `node --test`.
# Usage: run-openai-sdk.sh SOURCE_DIR BUILD_DIR
set -euo pipefail
src=$1
build=$2
work=$(mktemp -d)
pids=()
cleanup() {
    for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
    wait 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

sdk="$build/sdk-node"
if [ ! -d "$sdk/node_modules/openai" ]; then
    mkdir -p "$sdk"
    cp "$src/tests/sdk/package.json" "$sdk/"
    (cd "$sdk" && npm install --no-audit --no-fund --loglevel=error >/dev/null)
fi
cp "$src/tests/sdk/openai-sdk.test.mjs" "$sdk/"

"$build/tests/support/aigw-fake-provider" >"$work/fake.out" 2>&1 &
pids+=($!)
for _ in $(seq 100); do grep -q '^port ' "$work/fake.out" && break; sleep 0.05; done
fake=$(sed -n 's/^port //p' "$work/fake.out")
[ -n "$fake" ] || { echo "fake provider did not start" >&2; exit 1; }

export AIGW_DATA_DIR="$work/data"
aigw="$build/server/aigw"
project=$("$aigw" project create sdk)
key=$("$aigw" key create "$project" --rpm 10000 2>/dev/null)
echo sk-test-openai | "$aigw" credential set "$project" openai --base-url "http://127.0.0.1:$fake/v1" >/dev/null
echo sk-test-anthropic | "$aigw" credential set "$project" anthropic --base-url "http://127.0.0.1:$fake" >/dev/null
echo AIza-test-gemini | "$aigw" credential set "$project" gemini --base-url "http://127.0.0.1:$fake" >/dev/null

AIGW_VERBOSE=0 "$aigw" serve --listen 127.0.0.1:0 --workers 2 >"$work/gateway.out" 2>&1 &
pids+=($!)
for _ in $(seq 200); do grep -q 'serving on' "$work/gateway.out" && break; sleep 0.05; done
base=$(sed -n 's/.*serving on \(http:\/\/[0-9.:]*\).*/\1/p' "$work/gateway.out")
[ -n "$base" ] || { cat "$work/gateway.out" >&2; exit 1; }

cd "$sdk"
AIGW_BASE_URL="$base" AIGW_KEY="$key" node --test openai-sdk.test.mjs
