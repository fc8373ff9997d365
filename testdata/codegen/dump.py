"""Canonical text dump of the code objects CPython 3.8 compiles.

gopyc's codegen tests print the same format from Go (compile/codegen
dump_test.go) and compare line by line, so a difference names the code
object and the field.

Usage: python3.8 -S dump.py [-O LEVELS] [FILE ...]   (files or, with none,
one path per line on stdin). LEVELS is a comma list of optimize levels
(default 0). Per file and level the output is a header line
"== PATH -O LEVEL" followed by the dump, or by "error: CLASS: MSG @LINE:OFFSET". SyntaxWarnings come first as
"warning: MSG @LINE".
"""
import struct
import sys
import warnings


def fbits(f):
    return "%016x" % struct.unpack("<Q", struct.pack("<d", f))[0]


def sval(s):
    b = s.encode("utf-8", "surrogatepass")
    if all(0x20 <= c <= 0x7E for c in b):
        return "'" + b.decode("ascii") + "'"
    return "x'" + b.hex() + "'"


def val(v):
    if v is None:
        return "None"
    if v is True or v is False:
        return str(v)
    if v is Ellipsis:
        return "..."
    t = type(v)
    if t is int:
        return "int:%d" % v
    if t is float:
        return "float:" + fbits(v)
    if t is complex:
        return "complex:%s,%s" % (fbits(v.real), fbits(v.imag))
    if t is str:
        return sval(v)
    if t is bytes:
        return "b'" + v.hex() + "'"
    if t is tuple:
        return "(" + ", ".join(val(x) for x in v) + ")"
    if t is frozenset:
        return "frozenset{" + ", ".join(sorted(val(x) for x in v)) + "}"
    if hasattr(v, "co_code"):
        return "code:%s@%d" % (sval(v.co_name), v.co_firstlineno)
    return "?" + repr(v)


def dump(co, path, out):
    p = path + "/" + co.co_name + "@" + str(co.co_firstlineno)
    w = out.append
    w("code " + p)
    w(" argcount %d" % co.co_argcount)
    w(" posonlyargcount %d" % co.co_posonlyargcount)
    w(" kwonlyargcount %d" % co.co_kwonlyargcount)
    w(" nlocals %d" % co.co_nlocals)
    w(" stacksize %d" % co.co_stacksize)
    w(" flags 0x%x" % co.co_flags)
    code = co.co_code
    for i in range(0, len(code), 32):
        w(" code %04d %s" % (i, code[i:i + 32].hex()))
    for i, c in enumerate(co.co_consts):
        w(" const %d %s" % (i, val(c)))
    w(" names " + val(co.co_names))
    w(" varnames " + val(co.co_varnames))
    w(" freevars " + val(co.co_freevars))
    w(" cellvars " + val(co.co_cellvars))
    w(" filename " + sval(co.co_filename))
    w(" name " + sval(co.co_name))
    w(" firstlineno %d" % co.co_firstlineno)
    w(" lnotab " + co.co_lnotab.hex())
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            dump(c, p, out)


def main():
    args = sys.argv[1:]
    levels = [0]
    if args[:1] == ["-O"]:
        levels = [int(x) for x in args[1].split(",")]
        args = args[2:]
    paths = args or [l.rstrip("\n") for l in sys.stdin]
    for path in paths:
        with open(path, "rb") as f:
            src = f.read()
        for level in levels:
            out = ["== %s -O %d" % (path, level)]
            try:
                with warnings.catch_warnings(record=True) as ws:
                    warnings.simplefilter("always")
                    co = compile(src, path, "exec", dont_inherit=True, optimize=level)
                for w in ws:
                    if w.category is SyntaxWarning:
                        out.append("warning: %s @%s" % (w.message, w.lineno))
            except (SyntaxError, ValueError, OverflowError, MemoryError, RecursionError) as e:
                lineno = getattr(e, "lineno", None)
                offset = getattr(e, "offset", None)
                msg = e.msg if isinstance(e, SyntaxError) else str(e)
                out.append("error: %s: %s @%s:%s" % (type(e).__name__, msg, lineno, offset))
            else:
                dump(co, "", out)
            sys.stdout.write("\n".join(out) + "\n")
        sys.stdout.flush()


main()
