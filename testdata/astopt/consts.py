"""Prints, for each file path read from stdin, every constant CPython 3.8
puts in its code objects (recursively), rendered as gen_cases.py's canon().
One JSON line per file: {"path": P, "consts": [...]} or {"path": P, "error": E}.
Used by compile/astopt's stdlib differential test. Run with python3.8 -S.
"""
import json
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from gen_cases import canon  # noqa: E402


def flat(co):
    # Tuples of constants (BUILD_CONST_KEY_MAP keys, folded displays) hold
    # the values folding made, so their items count as well.
    stack = list(co.co_consts)
    while stack:
        c = stack.pop()
        if hasattr(c, "co_code"):
            stack.extend(c.co_consts)
            continue
        if isinstance(c, (tuple, frozenset)):
            stack.extend(c)
        yield canon(c)


for line in sys.stdin:
    path = line.rstrip("\n")
    if not path:
        continue
    try:
        with open(path, "rb") as f:
            co = compile(f.read(), path, "exec", dont_inherit=True)
        rec = {"path": path, "consts": sorted(set(flat(co)))}
    except Exception as e:
        rec = {"path": path, "error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(rec) + "\n")
    sys.stdout.flush()
