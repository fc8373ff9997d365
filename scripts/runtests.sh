#!/bin/sh
# Run CPython 3.8's regression tests against gopyc's .pyc files and against
# compileall's, and compare (see runtests.py for what is checked).
#   scripts/runtests.sh                 all 24 test modules (several minutes)
#   scripts/runtests.sh --quick         5 quick modules
#   scripts/runtests.sh test_dis test_re --gopyc /tmp/gopyc --json out.json
# The reference interpreter is $GOPYC_PYTHON38 or pyenv's 3.8.18.
set -e
cd "$(dirname "$0")/.."
PY=${GOPYC_PYTHON38:-$(pyenv prefix 3.8.18 2>/dev/null)/bin/python3.8}
if [ ! -x "$PY" ]; then
	echo "runtests.sh: CPython 3.8 not found (set GOPYC_PYTHON38 or install pyenv 3.8.18)" >&2
	exit 2
fi
GOPYC_PYTHON38=$PY exec "$PY" scripts/runtests.py "$@"
