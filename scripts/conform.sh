#!/bin/sh
# Conformance of gopyc against python3.8 -m compileall over the installed 3.8
# standard library at optimization levels 0, 1, 2 and in the three
# invalidation modes: one line per run (byte/semantic/wrong/missing/extra/
# errmatch). See conform.py for the options.
#   scripts/conform.sh                      build gopyc, all nine runs
#   scripts/conform.sh /tmp/gopyc --runs 0:timestamp --explain 20
# The reference interpreter is $GOPYC_PYTHON38 or pyenv's 3.8.18; the
# reference trees are cached under $TMPDIR/gopyc-conform-ref.
set -e
cd "$(dirname "$0")/.."
PY=${GOPYC_PYTHON38:-$(pyenv prefix 3.8.18 2>/dev/null)/bin/python3.8}
if [ ! -x "$PY" ]; then
	echo "conform.sh: CPython 3.8 not found (set GOPYC_PYTHON38 or install pyenv 3.8.18)" >&2
	exit 2
fi
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then
	BIN=$1
	shift
else
	BIN=${TMPDIR:-/tmp}/gopyc-conform-bin
	go build -o "$BIN" ./cmd/gopyc
fi
exec "$PY" scripts/conform.py "$BIN" --python "$PY" --full "$@"
