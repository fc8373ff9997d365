"""Generates testdata/syntaxerr/cases.json: CPython 3.8's verdict on each
snippet of cases.py's CASES when parsed as a module.

Each snippet is written to a temporary file and compiled from there with
compile(source_bytes, path, "exec", PyCF_ONLY_AST, dont_inherit=True), the
way py_compile and compileall see a file, so that SyntaxError.text of the
errors ast.c raises is what CPython rereads from the file. The JSON holds,
per case: src, and either ok=true or error=[class, msg, lineno, offset,
text] with text null for None; filename is "<fstring>" when CPython named
the error so.

Run: python3.8 -S testdata/syntaxerr/gen.py
"""
import ast
import json
import os
import sys
import tempfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from cases import CASES  # noqa: E402


def verdict(src):
    data = src.encode("utf-8", "surrogateescape") if isinstance(src, str) else src
    fd, path = tempfile.mkstemp(suffix=".py")
    try:
        os.write(fd, data)
        os.close(fd)
        try:
            compile(data, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
            return {"ok": True}
        except SyntaxError as e:
            fn = e.filename
            return {"error": [type(e).__name__, e.msg, e.lineno, e.offset, e.text],
                    "fstring": fn == "<fstring>"}
        except (ValueError, MemoryError) as e:
            return {"error": [type(e).__name__, str(e), None, None, None], "fstring": False}
    finally:
        os.unlink(path)


def main():
    out = []
    seen = set()
    for src in CASES:
        if src in seen:
            continue
        seen.add(src)
        v = verdict(src)
        if isinstance(src, bytes):
            v["src_hex"] = src.hex()
        else:
            v["src"] = src
        out.append(v)
    with open(os.path.join(here, "cases.json"), "w") as f:
        json.dump(out, f, indent=0, ensure_ascii=True)
        f.write("\n")
    nerr = sum(1 for v in out if "error" in v)
    print("%d cases, %d errors" % (len(out), nerr))


if __name__ == "__main__":
    main()
