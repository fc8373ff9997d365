"""Generates cases.jsonl: annotation strings CPython 3.8 makes under
"from __future__ import annotations" (Python/ast_unparse.c, applied to the
constant-folded tree). Run with CPython 3.8:
    python3.8 -S testdata/unparse/gen_cases.py > testdata/unparse/cases.jsonl
Each line: {"src": annotation source, "ast": unoptimized AST of the
expression as a one-statement Module (compile/ast/astjson form), "want": str}.
"""
import ast
import json
import os
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "astopt"))
from gen_cases import node  # noqa: E402

CASES = r"""
int
List[int]
Dict[str, List[int]]
Tuple[int, ...]
Tuple[()]
Tuple[int,]
Optional['Foo']
"Foo"
'it\'s'
"say \"hi\""
'both \' and "'
'tab\there'
'nl\nx'
'\x00\x7f\x80\xff'
'\u20ac \u200b \U0001f600 \ud800'
'\\'
b'bytes'
b'\x00\xff\'"'
b"it's"
1
-1
+1
~1
1 + 2
1.5
1e16
1e15
1e-5
0.0001
1e309
-1e309
1e309 - 1e309
1j
1e16j
(1+2j)
-1j
-0.0
2 ** 100
2 ** -1
0.1 + 0.2
True
None
...
x.y.z
1 .real
(1).real
1.5.real
x[1:2]
x[1:2:3]
x[:]
x[::2]
x[1:2, 3]
x[1:2,]
x[a, b]
x[(a, b)]
a + b * c
(a + b) * c
a - (b - c)
(a - b) - c
a ** b ** c
(a ** b) ** c
-a ** b
(-a) ** b
a @ b
a // b % c
a << b >> c
a | b ^ c & d
(a | b) & c
not a
not (a and b)
a and b or c
a and (b or c)
(a or b) and c
a < b < c
a is not b
a not in b
not a in b
a if b else c
(a if b else c) if d else e
a if (b if c else d) else e
lambda: 1
lambda x: x
lambda x, y=1, *a, z, w=2, **k: 0
lambda x, /, y: 0
lambda *, k: 0
f()
f(a, b)
f(a, *b, c=1, **d)
f(x for x in y)
f((x for x in y), z)
[x for x in y]
[x for x in y if x if z]
[x for x in y for z in x]
{x for x in y}
{k: v for k, v in y}
(x for x in y)
[x async for x in y]
[1, 2, *a]
{1, 2}
{1: 2, **a}
{}
()
(a,)
(a, b)
[]
[a]
(yield)
(yield x)
(yield from x)
await x
f'{x}'
f'{x!r}'
f'{x!s:>10}'
f'{x:{w}.{p}}'
f'a{{b}}c'
f'{ {1: 2}[1] }'
f'{(x:=1)}'
f'{(lambda: 1)}'
f"{'a'}"
f'{1+2}'
(x := 1)
a[b][c]
a.b(c).d
x in [1, 2]
x in {1, 2}
x in [a, b]
not x is y
'a' 'b'
'a' * 3
(1, 2) + (3,)
(1, 'a', None)
((1,),)
frozenset
-(1)
- -1
-(-a)
a.b.c[d](e)
Callable[[int, str], bool]
Literal["r", "w"]
Union[int, str]
typing.Type['C']
Dict[str, "Set[int]"]
"""


def main():
    for src in CASES.strip("\n").split("\n"):
        tree = ast.parse(src, "<case>", "eval")
        mod = ast.Module(body=[ast.Expr(value=tree.body, lineno=1, col_offset=0,
                                        end_lineno=1, end_col_offset=len(src))],
                         type_ignores=[])
        ns = {}
        exec(compile("from __future__ import annotations\nx: " + src + "\n", "<case>", "exec",
                     dont_inherit=True), ns)
        want = ns["__annotations__"]["x"]
        sys.stdout.write(json.dumps({"src": src, "ast": node(mod), "want": want}) + "\n")


main()
