#!/usr/bin/env python3
"""CPython 3.8 as the compiler behind gopyc's CLI tests.

cmd/gopyc/cli's tests run the CLI with this process in place of gopyc's
compiler, so the driver (paths, headers, output, errors, warnings) is
checked against CPython's compileall while the compiler is still being
written. Protocol on stdin/stdout, one request at a time:
  request:  one JSON line {"op": "compile", "filename": HEX, "optimize": N, "len": N}
            followed by N source bytes; or {"op": "same", "a": HEX, "b": HEX}
            asking whether two marshalled code objects decode equal.
  response: one JSON line, then for compile "code_len" bytes of marshal data.
Strings travel as hex of their UTF-8 with surrogatepass.
"""
import json
import marshal
import sys
import types
import warnings

# Import what compileall imports, so that interned strings are shared as in
# a compileall process.
import compileall, argparse, py_compile, struct, re  # noqa: E401,F401


def enc(s):
    return None if s is None else s.encode("utf-8", "surrogatepass").hex()


def dec(h):
    return bytes.fromhex(h).decode("utf-8", "surrogatepass")


def norm(o):
    if isinstance(o, types.CodeType):
        return ("code",) + tuple(norm(getattr(o, k)) for k in (
            "co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals",
            "co_stacksize", "co_flags", "co_code", "co_consts", "co_names",
            "co_varnames", "co_freevars", "co_cellvars", "co_filename", "co_name",
            "co_firstlineno", "co_lnotab"))
    if isinstance(o, tuple):
        return ("tuple",) + tuple(norm(x) for x in o)
    if isinstance(o, frozenset):
        return ("frozenset", tuple(sorted(repr(norm(x)) for x in o)))
    if isinstance(o, float):
        return ("float", o.hex())
    if isinstance(o, complex):
        return ("complex", o.real.hex(), o.imag.hex())
    return (type(o).__name__, o)


def main():
    inp, out = sys.stdin.buffer, sys.stdout.buffer
    while True:
        line = inp.readline()
        if not line:
            return
        req = json.loads(line)
        if req["op"] == "same":
            try:
                same = norm(marshal.loads(bytes.fromhex(req["a"]))) == norm(marshal.loads(bytes.fromhex(req["b"])))
            except Exception:
                same = False
            out.write((json.dumps({"same": same}) + "\n").encode())
            out.flush()
            continue
        src = inp.read(req["len"])
        filename = dec(req["filename"])
        resp = {"code_len": 0, "error": None, "warnings": []}
        data = b""
        with warnings.catch_warnings(record=True) as ws:
            warnings.simplefilter("always")
            try:
                code = compile(src, filename, "exec", dont_inherit=True, optimize=req["optimize"])
                data = marshal.dumps(code)
                del code
            except Exception as e:
                if isinstance(e, SyntaxError):
                    resp["error"] = dict(cls=type(e).__name__, msg=enc(e.msg or ""), filename=enc(e.filename or ""),
                                         lineno=e.lineno or 0, offset=e.offset or 0,
                                         text=enc(e.text or ""), has_text=e.text is not None)
                else:
                    resp["error"] = dict(cls=type(e).__name__, msg=enc(str(e)), filename="", lineno=0,
                                         offset=0, text="", has_text=False)
        for w in ws:
            resp["warnings"].append(dict(category=w.category.__name__, msg=enc(str(w.message)),
                                         filename=enc(w.filename), lineno=w.lineno))
        resp["code_len"] = len(data)
        out.write((json.dumps(resp) + "\n").encode())
        out.write(data)
        out.flush()


main()
