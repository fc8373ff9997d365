"""Prints CPython 3.8's AST of each file named on stdin as one JSON line.

Used by gopyc's tests (package astjson) to feed later pipeline stages with
CPython's own tree. Run with python3.8 -S. Input: one path per line.
Output per file: {"path": P, "ast": NODE} or {"path": P, "error": "..."}.
"""
import ast
import json
import math
import sys


def const(v):
    if v is None:
        return {"_c": "None"}
    if v is True or v is False:
        return {"_c": "bool", "v": v}
    if v is Ellipsis:
        return {"_c": "Ellipsis"}
    if isinstance(v, int):
        return {"_c": "int", "v": str(v)}
    if isinstance(v, float):
        return {"_c": "float", "v": v.hex()}
    if isinstance(v, complex):
        return {"_c": "complex", "re": v.real.hex(), "im": v.imag.hex()}
    if isinstance(v, str):
        return {"_c": "str", "v": v.encode("utf-8", "surrogatepass").hex()}
    if isinstance(v, bytes):
        return {"_c": "bytes", "v": v.hex()}
    if isinstance(v, tuple):
        return {"_c": "tuple", "v": [const(x) for x in v]}
    if isinstance(v, frozenset):
        return {"_c": "frozenset", "v": [const(x) for x in v]}
    raise TypeError(type(v))


def node(n):
    if isinstance(n, list):
        return [node(x) for x in n]
    if not isinstance(n, ast.AST):
        return n
    d = {"_t": type(n).__name__}
    for f in n._fields:
        v = getattr(n, f, None)
        if isinstance(n, ast.Constant) and f == "value":
            d[f] = const(v)
        else:
            d[f] = node(v)
    for a in n._attributes:
        if hasattr(n, a):
            d[a] = getattr(n, a)
    return d


def main():
    for line in sys.stdin:
        path = line.rstrip("\n")
        if not path:
            continue
        try:
            with open(path, "rb") as f:
                src = f.read()
            tree = compile(src, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
            out = {"path": path, "ast": node(tree)}
        except Exception as e:  # the tests only need to know it failed
            out = {"path": path, "error": "%s: %s" % (type(e).__name__, e)}
        sys.stdout.write(json.dumps(out) + "\n")
        sys.stdout.flush()


main()
