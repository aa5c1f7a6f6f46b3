#!/usr/bin/env bash
# bench/ab.sh: a quick A/B of folio builds on one URL, for changes too small
# for `make bench` to tell from the machine's noise.
#
#   bench/ab.sh [-r rounds] [-c cache_bytes] <path> <folio binary>...
#
# Each round starts every binary in turn on its own copy of the seeded
# 10,000-post file (`make bench` makes it), pinned to CPU 0, and drives it
# with wrk pinned to CPU 1 (50 connections, 2 s warm-up, 5 s measured).
# It prints one line a round with each binary's req/s, so the builds share
# the machine's quiet and busy moments. cache_bytes is FOLIO_CACHE_MAX_BYTES
# (default 0: the cache off).
set -euo pipefail

rounds=3 cache=0
while getopts r:c: opt; do
	case $opt in
	r) rounds=$OPTARG ;;
	c) cache=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
[ $# -ge 2 ] || { echo "usage: $0 [-r rounds] [-c cache_bytes] <path> <folio binary>..." >&2; exit 2; }
path=$1
shift
command -v wrk >/dev/null || { echo "ab.sh needs wrk" >&2; exit 1; }
root=$(cd "$(dirname "$0")/.." && pwd)
seeded=$(ls "$root"/.cache/bench/posts-10000-*.db 2>/dev/null | head -1)
[ -n "$seeded" ] || { echo "no seeded 10,000-post file: run make bench once" >&2; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
addr=127.0.0.1:18181

run() { # binary index -> req/s
	local db=$work/$2.db
	[ -f "$db" ] || cp "$seeded" "$db"
	FOLIO_DATABASE_URL="sqlite://$db" FOLIO_DATA_DIR=$work FOLIO_CACHE_MAX_BYTES=$cache \
		FOLIO_ADDR=$addr FOLIO_LOG_LEVEL=info taskset -c 0 "$1" serve >/dev/null 2>&1 &
	local pid=$!
	for _ in $(seq 100); do curl -sf -o /dev/null "http://$addr/readyz" && break; sleep 0.1; done
	taskset -c 1 wrk -t1 -c50 -d2s "http://$addr$path" >/dev/null
	taskset -c 1 wrk -t1 -c50 -d5s "http://$addr$path" | awk '/Requests\/sec/ {print $2}'
	kill "$pid"
	wait "$pid" 2>/dev/null || true
}

for r in $(seq "$rounds"); do
	line="round $r:"
	i=0
	for bin in "$@"; do
		line="$line $(basename "$bin") $(run "$bin" $i)"
		i=$((i + 1))
	done
	echo "$line"
done
