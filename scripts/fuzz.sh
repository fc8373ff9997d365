#!/usr/bin/env bash
# scripts/fuzz.sh: the fuzzing campaign of issue 7, one line per target.
#
#   scripts/fuzz.sh [DURATION [PAIRS]]   (default 30m, 2 targets at a time)
#
# Runs every fuzz target that guards an input boundary for DURATION with
# one worker each, PAIRS targets at a time, at nice 19 so that other work on
# the machine keeps priority, and prints for each target its final exec
# count and new-corpus count and whether it failed. Crashers land, as go
# test writes them, in the package's testdata/fuzz/TARGET/ and must be
# committed as regression inputs. Logs go to $FUZZLOG (default
# /tmp/gopyc-fuzz). The differential targets need CPython 3.8 (found as the
# tests find it: GOPYC_PYTHON38 or pyenv's 3.8.18) and skip without it.
set -uo pipefail
DUR=${1:-30m}
PAIRS=${2:-2}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
LOG=${FUZZLOG:-/tmp/gopyc-fuzz}
mkdir -p "$LOG"
if [ -z "${GOPYC_PYTHON38:-}" ] && command -v pyenv >/dev/null; then
	p=$(pyenv prefix 3.8.18 2>/dev/null)/bin/python3.8
	[ -x "$p" ] && export GOPYC_PYTHON38=$p
fi
# package target: decode+tokenize, parse, compile, marshal reader, .pyc
# reader, then the two differential checks against CPython.
TARGETS="
./compile/scanner FuzzScan
./compile/parser FuzzParseFile
./internal/robust FuzzCompile
./marshal FuzzLoads
./internal/robust FuzzPycReader
./internal/robust FuzzGeneratedPrograms
./internal/robust FuzzCompileDifferential
./compile/source FuzzCodecDecode
"
run() {
	local pkg=$1 target=$2 out="$LOG/$2.log"
	(cd "$ROOT" && nice -n 19 go test "$pkg" -run '^$' -fuzz "^$target\$" -fuzztime "$DUR" -parallel 1 >"$out" 2>&1)
	local rc=$?
	local last
	last=$(grep -E '^fuzz: elapsed' "$out" | tail -n 1)
	printf '%-26s %-18s rc=%d  %s\n' "$target" "$pkg" "$rc" "$last"
	[ $rc -eq 0 ] || grep -E -A5 -- '--- FAIL|Failing input|panic' "$out" | head -n 20
}
echo "fuzz campaign: $DUR per target, $PAIRS at a time, started $(date -u +%FT%TZ); logs in $LOG"
n=0
while read -r pkg target; do
	[ -n "$pkg" ] || continue
	run "$pkg" "$target" &
	n=$((n + 1))
	if [ $((n % PAIRS)) -eq 0 ]; then wait; fi
done <<<"$TARGETS"
wait
echo "fuzz campaign finished $(date -u +%FT%TZ)"
