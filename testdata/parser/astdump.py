"""Prints CPython 3.8's verdict on each Python file named on stdin, one JSON
line per file, for gopyc's parser tests:

  {"path": P, "dump": ast.dump(tree, include_attributes=True), "warnings": [...]}
  {"path": P, "error": [class, msg, lineno, offset, text], "warnings": [...]}

The tree is what compile(source_bytes, P, "exec", PyCF_ONLY_AST,
dont_inherit=True) builds (the file is real, so SyntaxError.text is what
CPython rereads from it). Warnings are [category, message, lineno, filename]
in emission order. Run with python3.8 -S.
"""
import ast
import json
import sys
import warnings


def verdict(path):
    with open(path, "rb") as f:
        src = f.read()
    out = {"path": path}
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            tree = compile(src, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
            out["dump"] = ast.dump(tree, include_attributes=True)
        except SyntaxError as e:
            out["error"] = [type(e).__name__, e.msg, e.lineno, e.offset, e.text]
        except (ValueError, MemoryError, OverflowError, RecursionError) as e:
            out["error"] = [type(e).__name__, str(e), None, None, None]
    out["warnings"] = [[w.category.__name__, str(w.message), w.lineno, w.filename] for w in ws]
    return out


def main():
    for line in sys.stdin:
        path = line.rstrip("\n")
        if path:
            sys.stdout.write(json.dumps(verdict(path)) + "\n")


if __name__ == "__main__":
    main()
