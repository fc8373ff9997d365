"""Generates cases.jsonl: constant-folding expectations from CPython 3.8.

Run with CPython 3.8 (GOPYC_PYTHON38 or `$(pyenv prefix 3.8.18)/bin/python3.8`):
    python3.8 -S testdata/astopt/gen_cases.py > testdata/astopt/cases.jsonl

Each line holds one expression: its unoptimized AST (as a one-statement
Module, in compile/ast/astjson's JSON form) and what CPython's compiler made
of it in eval mode: either the single folded constant ("const") or, when the
expression did not fold completely, the set of constants in co_consts.
"""
import ast
import dis
import json
import struct
import sys

CASES = r"""
1 + 2
1 - 2
2 * 3
7 / 2
7 // 2
-7 // 2
7 // -2
-7 % 3
7 % -3
-7 % -3
0 % 5
2 ** 10
2 ** 64
2 ** 65
2 ** 127
2 ** 128
3 ** 80
3 ** 81
(-1) ** 100
(-1) ** 129
(-2) ** 63
1 ** 200
0 ** 10**30
0 ** 0
5 ** 0
2 ** -1
10 ** -2
0 ** -1
(-8) ** -3
2 ** 1100
2 ** -1100
1 << 10
1 << 127
1 << 128
3 << 126
3 << 127
0 << 1000
0 << -1
1 << -1
-1 << 100
5 >> 1
-5 >> 1
-5 >> 100
5 >> 10**30
-5 >> 10**30
1 >> -1
0 >> -1
6 & 3
6 | 3
6 ^ 3
-6 & 3
-6 | 3
~5
~-1
-(5)
+5
-0
~True
-True
+True
not 1
not 0
not ''
not 'a'
not ()
not None
not ...
not 0.0
not 0j
not b''
True + True
True & True
True & False
True | False
True ^ True
True & 1
True * 3
False * 3
1 / 0
1 // 0
1 % 0
1.0 / 0
1.0 // 0.0
1.0 % 0.0
0 / -5
-0 / 5
0.0 / -5
1 / 3
2**100 / 3
10**400 / 10**390
10**400 / 1
1 / 10**400
-1 / 10**400
2**1023 * 2 / 1
(2**53 + 1) / 1
(2**53 + 3) / 1
1.5 + 2
1.5 * 2
0.1 + 0.2
1e308 * 10
-1e308 * 10
1e308 * 10 - 1e308 * 10
1e309
-1e309
1e309 * 0
7.5 // 2
-7.5 // 2
7.5 % -2
-7.5 % 2
-0.0 % 5
0.0 % -5
-0.0 // 5
1e300 // 1e-300
5.0 // 0.1
5.0 % 0.1
2.0 ** 0.5
2.0 ** 10
10.0 ** -6
10.0 ** 22
10.0 ** 23
1.1 ** 100
(-2.0) ** 3
(-2.0) ** 0.5
(-8) ** (1/3)
0.0 ** -1
0.0 ** 3
(-0.0) ** 3
1e308 ** 2
1e-308 ** 2
2 ** 0.5
10 ** 2.0
1.0 ** 1e309
2.0 ** -1e309
-0.0
-(0.0)
+1.5
10**400 + 0.5
1j * 1j
1j ** 2
(1+2j) * (3-4j)
(1+2j) / (3-4j)
(1+2j) / 0
1j / 1e-320
(1+1j) ** 10
(1+1j) ** -3
(1+1j) ** 101
(8.1443+0.0j) ** -4.127
(5.0+-0.0j) ** -2.907
(2.5-0.0j) ** 1.5
(3+0j) ** -0.5
0j ** -1
0j ** 0
1 / (1e400 * 1j)
(1e400 - 1e400) * -(1e400 - 1e400)
-(1e400 - 1e400) + (1e400 - 1e400)
(1e400 - 1e400) % 2.0
1e400 % 5.0
-(1e400 - 1e400) // 3.0
(1e400 - 1e400) * 1j + -(1e400 - 1e400)
(1e400j - 1e400j) / (2 + 1e400j)
(-1.7976931348623157e308+1e308j) ** (123456789.5+1e-20j)
(1e200+1e200j) ** -2
(-3e300+2j) ** -94
2 ** 1j
1j + 1
1j - 1.5
1j // 1
1j % 1
-1j
-(1+2j)
+2j
~1j
1j ** 0.5
'a' + 'b'
'' + 'b'
'a' + ''
'ab' * 3
3 * 'ab'
'ab' * 0
'ab' * -1
'ab' * True
'a' * 4096
'a' * 4097
'ab' * 2048
'ab' * 2049
'' * 10**30
'' * 10**10
'' * -5
'x' * 2**64
'a' * 1.0
'a' + 1
'%s' % 1
'%s' % 'x'
b'%s' % b'x'
'abc'[0]
'abc'[-1]
'abc'[3]
'abc'[-4]
'abc'[True]
'abc'[1.0]
'abc'[10**30]
'\u20ac\U0001f600x'[1]
'\u20ac\U0001f600x'[2]
'abc'[0:1]
b'abc'[1]
b'abc'[-1]
b'abc'[5]
b'a' + b'b'
b'ab' * 3
b'a' * 4097
b'a' + 'b'
(1, 2) + (3,)
(1, 2) * 2
(1, 2) * 128
(1, 2) * 129
(1,) * 256
(1,) * 257
((1, 2, 3),) * 200
((1, 2, 3),) * 300
((1, 2, 3, 4),) * 205
((1, 2, 3, 4),) * 204
(1, 2) * 0
() * 10**30
() * 5
(1, 2)[0]
(1, 2)[5]
(1, (2, 3))[1]
(1, 'a', None, ..., 2.5, 3j, b'x')
(1, x)
((1, 2), (3, (4, 5)))
(1, 2) + 3
(1, 2) % 3
None + 1
... + 1
1 + None
x + 1 + 2
1 + 2 + x
x * (2 * 3)
x in [1, 2, 3]
x not in [1, 2, 3]
x in {1, 2, 3}
x in [1, y]
x in {1, y}
x in [*y, 1]
x in (1, 2)
x < y in [1, 2]
x in [1, 2] < y
x in {1, 1.0, True}
x in {0.0, -0.0, 0}
x in {'a', 'b', 'a'}
x in {(1, 2), (1, 2)}
x in {1, 2} | y
[1, 2, 3]
{1, 2, 3}
[i for i in [1, 2]]
[i for i in {1, 2}]
[i for i in [x, 2]]
{i: 1 for i in [1, 2]}
(i for i in [1, 2])
f(1 + 2, *[3 * 4])
x[1 + 2]
x[1:2 + 3]
x[1 + 1, 2 + 2]
(1 + 2).real
lambda a=1 + 2: a * (3 + 4)
x if 1 + 1 else y
1 + 1 if x else 2 * 2
x and 2 * 3 or 4 * 5
{1 + 1: 2 + 2}
f'{1 + 2}'
f'{x:{1 + 2}}'
(x := 1 + 2)
-(-5)
-(2 ** 63)
-(2 ** 64)
2 ** 63 - 1
-(2 ** 63) - 1
2 ** 62 * 4
(2 ** 64) * (2 ** 64)
(2 ** 64) * (2 ** 65)
(2 ** 63) * (2 ** 65)
10 ** 19 // 3
-(10 ** 30) // 7
-(10 ** 30) % 7
(10 ** 30) % -7
123456789 ** 4
(-3) ** 3
(-3) ** -3
__debug__
not __debug__
not x is y
not x is not y
not x in y
not x not in y
not x == y
not x < y
not (x is y is z)
1 in [1]
(1, 2) in [(1, 2)]
'a' in 'abc'
1 < 2
4.0 // 0.5
-4.0 // 0.5
0.7 // 0.1
0.7 % 0.1
-1e-320 // 1e308
1e-320 / 1e308
2 ** 0.5 * 2 ** 0.5
10 ** 0.5
3.0 ** 1.5
1.1 ** 0.3
2 ** -0.5
0.5 ** 3.7
7.0 ** 2.5
1e10 ** 0.1
123.456 ** 7.89
2.0 ** 1023.5
2.0 ** 1024.5
0.1 ** 0.1
1e-300 ** 1.2
1e-300 ** 1.1
3.0 ** -700.5
2.0 ** -1074.2
2.0 ** -1075.5
1.0000001 ** 1e10
0.9999999 ** 1e12
5 ** 0.333
100.0 ** -0.25
(1+2j) ** 0.5
1j ** 1j
(3+4j) ** (1+1j)
2 ** (1+1j)
(-1) ** 0.5
(-27.0) ** (1/3)
(0.5+0.5j) ** 2.5
(1+1j) ** 1000
(1+1j) ** -101
(2+3j) ** 150.5
(-1.5) ** 2.25
1e200j ** 2.5
"""


def canon(v):
    if v is None:
        return "None"
    if v is Ellipsis:
        return "..."
    if v is True or v is False:
        return repr(v)
    if isinstance(v, int):
        return "int:%d" % v
    if isinstance(v, float):
        return "float:" + struct.pack(">d", v).hex()
    if isinstance(v, complex):
        return "complex:%s,%s" % (struct.pack(">d", v.real).hex(), struct.pack(">d", v.imag).hex())
    if isinstance(v, str):
        return "str:" + v.encode("utf-8", "surrogatepass").hex()
    if isinstance(v, bytes):
        return "bytes:" + v.hex()
    if isinstance(v, tuple):
        return "(" + ",".join(canon(x) for x in v) + ")"
    if isinstance(v, frozenset):
        return "frozenset{" + ",".join(sorted(canon(x) for x in v)) + "}"
    if hasattr(v, "co_code"):
        return "code"
    raise TypeError(type(v))


def all_consts(co):
    for c in co.co_consts:
        if hasattr(c, "co_code"):
            yield from all_consts(c)
        else:
            yield canon(c)


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
    raise TypeError(type(v))


def node(n):
    if isinstance(n, list):
        return [node(x) for x in n]
    if not isinstance(n, ast.AST):
        return n
    d = {"_t": type(n).__name__}
    for f in n._fields:
        v = getattr(n, f, None)
        d[f] = const(v) if isinstance(n, ast.Constant) and f == "value" else node(v)
    for a in n._attributes:
        if hasattr(n, a):
            d[a] = getattr(n, a)
    return d


def main():
    out = sys.stdout
    for src in CASES.strip("\n").split("\n"):
        tree = ast.parse(src, "<case>", "eval")
        mod = ast.Module(body=[ast.Expr(value=tree.body, lineno=1, col_offset=0,
                                        end_lineno=1, end_col_offset=len(src))],
                         type_ignores=[])
        co = compile(src, "<case>", "eval", dont_inherit=True)
        ins = list(dis.get_instructions(co))
        rec = {"src": src, "ast": node(mod)}
        if len(ins) == 2 and ins[0].opname == "LOAD_CONST" and ins[1].opname == "RETURN_VALUE":
            rec["const"] = canon(co.co_consts[ins[0].arg])
        else:
            rec["consts"] = sorted(set(all_consts(co)))
        out.write(json.dumps(rec) + "\n")


if __name__ == "__main__":
    main()
