"""Dump CPython 3.8's symbol tables in the canonical text form the Go tests
of compile/symtable compare with (see dump_test.go).

Usage: python3.8 -S stdump.py < paths     one JSON line per path on stdout:
         {"path": P, "dump": TEXT} or {"path": P, "error": {...}}
       python3.8 -S stdump.py FILE.py       print the dump of one file

The symtable entries are read with _symtable (CPython's own
PySymtable_Build, run on the unoptimized AST exactly like the Go tests'
astjson trees), and the bit fields that module does not expose are read from
the PySTEntryObject struct itself through ctypes (layout of a 64-bit
non-debug 3.8 build; checked against the exposed fields).
"""
import _symtable
import ctypes
import json
import struct
import sys

TYPES = {0: "function", 1: "class", 2: "module"}
BITS = ["free", "child_free", "generator", "coroutine", "comprehension",
        "varargs", "varkeywords", "returns_value", "needs_class_closure",
        "comp_iter_target"]
FREE_ONLY = 4 << 11  # a name added by update_symbols: scope FREE, no DEF_ bits


def raw_fields(ste):
    raw = ctypes.string_at(id(ste), 96)
    typ, nested, bits, iter_expr, lineno, col = struct.unpack_from("<iiIiii", raw, 64)
    if typ != ste.type or nested != ste.nested or lineno != ste.lineno:
        raise SystemExit("stdump.py: unexpected PySTEntryObject layout")
    return bits & 0x3FF, iter_expr, col


def dump(ste, out):
    bits, iter_expr, col = raw_fields(ste)
    flags = [n for i, n in enumerate(BITS) if bits >> i & 1]
    out.append("%s %s %d:%d nested=%d iterexpr=%d [%s]" % (
        TYPES[ste.type], ste.name, ste.lineno, col, ste.nested, iter_expr,
        " ".join(flags)))
    if ste.varnames:
        out.append("  varnames " + " ".join(ste.varnames))
    syms = list(ste.symbols.items())
    # Free names passed through by update_symbols come last, in the set's
    # hash order; canonicalize them to sorted order.
    n = len(syms)
    while n and syms[n - 1][1] == FREE_ONLY:
        n -= 1
    syms = syms[:n] + sorted(syms[n:])
    for name, fl in syms:
        out.append("  %s %d" % (name, fl))
    for c in ste.children:
        dump(c, out)


def dump_file(path):
    with open(path, "rb") as f:
        src = f.read()
    try:
        top = _symtable.symtable(src, path, "exec")
    except (SyntaxError, ValueError, RecursionError, MemoryError) as e:
        return {"path": path, "error": {
            "class": type(e).__name__,
            "msg": getattr(e, "msg", str(e)),
            "lineno": getattr(e, "lineno", 0) or 0,
            "offset": getattr(e, "offset", 0) or 0}}
    out = []
    dump(top, out)
    return {"path": path, "dump": "\n".join(out) + "\n"}


def main():
    if len(sys.argv) > 1:
        r = dump_file(sys.argv[1])
        sys.stdout.write(r.get("dump") or json.dumps(r["error"]) + "\n")
        return
    for line in sys.stdin:
        path = line.rstrip("\n")
        if path:
            sys.stdout.write(json.dumps(dump_file(path)) + "\n")
            sys.stdout.flush()


if __name__ == "__main__":
    main()
