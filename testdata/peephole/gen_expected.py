"""Writes expected.jsonl: for each program in this directory, every code
object CPython 3.8 compiles from it (depth first, in co_consts order) with
its co_code, co_lnotab and co_consts, the fields the peephole optimizer
decides. Run with CPython 3.8:
    python3.8 -S testdata/peephole/gen_expected.py > testdata/peephole/expected.jsonl
"""
import glob
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.join(here, "..", "astopt"))
from gen_cases import canon  # noqa: E402


def walk(co, path, fname, out):
    path = path + "/" + co.co_name
    out.write(json.dumps({
        "file": fname, "code": path,
        "co_code": co.co_code.hex(), "lnotab": co.co_lnotab.hex(),
        "consts": [canon(c) for c in co.co_consts],
    }) + "\n")
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            walk(c, path, fname, out)


for p in sorted(glob.glob(os.path.join(here, "*.py"))):
    name = os.path.basename(p)
    if name.startswith("gen_"):
        continue
    with open(p, "rb") as f:
        co = compile(f.read(), name, "exec", dont_inherit=True)
    walk(co, "", name, sys.stdout)
