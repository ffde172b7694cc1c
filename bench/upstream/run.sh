#!/bin/sh
# Usage: bench/upstream/run.sh <path to aigw-upstream-bench> [seconds per run] [h2]
# Starts nginx (bench/upstream/nginx.conf, 127.0.0.1:18089, and 18443 with TLS + HTTP/2) in a temporary
# prefix, runs UpstreamCall with its built-in HTTP/1.1 client, UpstreamCall on libcurl, and
# QNetworkAccessManager at concurrency 1 and 50 over HTTP/1.1, with `h2` also the libcurl client over
# HTTP/2 + TLS, then stops the nginx it started.
set -eu
BENCH=${1:?path to aigw-upstream-bench}
SECONDS_PER_RUN=${2:-4}
MODE=${3:-}
HERE=$(cd "$(dirname "$0")" && pwd)
PREFIX=$(mktemp -d /tmp/aigw-upstream-bench.XXXXXX)
mkdir -p "$PREFIX/tmp"
nginx -p "$PREFIX/" -c "$HERE/nginx.conf" &
NGINX_PID=$!
trap 'kill "$NGINX_PID" 2>/dev/null; wait "$NGINX_PID" 2>/dev/null; rm -rf "$PREFIX"' EXIT INT TERM
# Wait until it answers.
for _ in 1 2 3 4 5 6 7 8 9 10; do
    curl -fsS -o /dev/null http://127.0.0.1:18089/json 2>/dev/null && break
    sleep 0.2
done
for c in 1 50; do
    for client in builtin curl qnam; do
        "$BENCH" --client "$client" -c "$c" --seconds "$SECONDS_PER_RUN" --url http://127.0.0.1:18089/json
    done
done
if [ "$MODE" = h2 ]; then
    for c in 1 50; do
        "$BENCH" --client curl -c "$c" --seconds "$SECONDS_PER_RUN" --url https://localhost:18443/json \
            --cacert "$HERE/../../tests/server/upstream/tls/localhost.crt"
    done
fi
