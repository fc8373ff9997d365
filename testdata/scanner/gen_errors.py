#!/usr/bin/env python3.8
"""Regenerates errors.json: compile()'s verdict on each input of errors.txt.

Run with CPython 3.8: python3.8 -S gen_errors.py
"""
import json, os, sys, warnings

assert sys.version_info[:2] == (3, 8), sys.version
here = os.path.dirname(os.path.abspath(__file__))
warnings.simplefilter("ignore")
out = []
with open(os.path.join(here, "errors.txt")) as f:
    for line in f:
        line = line.rstrip("\n")
        if not line.strip() or line.startswith("##"):
            continue
        at = -1
        if line.startswith("@"):
            n, line = line[1:].split(" ", 1)
            at = int(n)
        src = eval(line)
        rec = {"src": src.hex(), "at": at}
        try:
            compile(src, "f.py", "exec", dont_inherit=True)
            rec["class"] = None
        except (SyntaxError, ValueError, MemoryError) as e:
            rec["class"] = type(e).__name__
            if isinstance(e, SyntaxError):
                rec["msg"] = e.msg
                rec["lineno"] = e.lineno or 0
                rec["offset"] = e.offset or 0
                rec["text"] = e.text
            else:
                rec["msg"] = str(e)
        out.append(rec)
with open(os.path.join(here, "errors.json"), "w") as f:
    json.dump(out, f, indent=0)
    f.write("\n")
print(len(out), "cases")
