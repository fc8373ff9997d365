#!/usr/bin/env python3.8
"""Regenerates literals.json: CPython 3.8's verdict on every literal in cases.txt.

Each line of cases.txt is the source text of one literal token (UTF-8), or
"hex:" followed by the hex of the source bytes. Blank lines and lines
starting with "##" are skipped. Run: python3.8 -S gen.py
"""
import json, os, sys, warnings

assert sys.version_info[:2] == (3, 8), sys.version
here = os.path.dirname(os.path.abspath(__file__))

def cases():
    with open(os.path.join(here, "cases.txt"), "rb") as f:
        for line in f.read().split(b"\n"):
            if not line.strip() or line.startswith(b"##"):
                continue
            if line.startswith(b"hex:"):
                yield bytes.fromhex(line[4:].decode())
            else:
                yield line

out = []
for src in cases():
    rec = {"src": src.hex()}
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter("always")
        try:
            code = compile(b"(" + src + b"\n)", "f.py", "eval", dont_inherit=True)
        except SyntaxError as e:
            rec["error"] = e.msg
            out.append(rec)
            continue
    rec["warnings"] = [str(x.message) for x in w if x.category is DeprecationWarning]
    v = eval(code)
    if isinstance(v, str):
        rec["kind"], rec["value"] = "str", v.encode("utf-8", "surrogatepass").hex()
    elif isinstance(v, bytes):
        rec["kind"], rec["value"] = "bytes", v.hex()
    elif isinstance(v, int):
        rec["kind"], rec["value"] = "int", hex(v)
    elif isinstance(v, float):
        rec["kind"], rec["value"] = "float", v.hex()
    elif isinstance(v, complex):
        rec["kind"], rec["value"] = "complex", v.imag.hex()
    else:
        raise TypeError(type(v))
    out.append(rec)

with open(os.path.join(here, "literals.json"), "w") as f:
    json.dump(out, f, indent=0)
    f.write("\n")
print(len(out), "cases")
