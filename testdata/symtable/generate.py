"""Regenerate the expected outputs of compile/symtable's golden tests with
CPython 3.8 (run from anywhere):

    $(pyenv prefix 3.8.18)/bin/python3.8 -S testdata/symtable/generate.py

- golden/NAME.py -> golden/NAME.st: the symbol table dump (stdump.py format).
- ERRORS below -> errors.json: what compile(src, path, "exec") raises for
  each snippet: class, msg, lineno, offset, and text (the SyntaxError.text
  CPython reads back from the file at path; None when it cannot). Snippets
  named codegen_* fail only in the code generator (compile.c), after the
  future and symtable stages have passed them.
- FUTURES below -> futures.json: the CO_FUTURE_* bits of each snippet's
  module code object.
"""
import json
import os
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import stdump  # noqa: E402

ERRORS = [
    ("global_param", "def f(x):\n    global x\n"),
    ("nonlocal_param", "def g():\n    x = 1\n    def f(x):\n        nonlocal x\n"),
    ("global_after_assign", "def f():\n    x = 1\n    global x\n"),
    ("nonlocal_after_assign", "def g():\n    x = 1\n    def f():\n        x = 2\n        nonlocal x\n"),
    ("global_after_use", "def f():\n    print(x)\n    global x\n"),
    ("nonlocal_after_use", "def g():\n    x = 1\n    def f():\n        print(x)\n        nonlocal x\n"),
    ("global_annot_before", "def f():\n    x: int\n    global x\n"),
    ("nonlocal_annot_before", "def g():\n    x = 1\n    def f():\n        x: int\n        nonlocal x\n"),
    ("annot_global", "def f():\n    global x\n    x: int = 1\n"),
    ("annot_nonlocal", "def g():\n    x = 1\n    def f():\n        nonlocal x\n        x: int\n"),
    ("module_global_annot_ok_then_error", "global x\nx: int = 1\ndef f(a, a): pass\n"),
    ("nonlocal_module", "x = 1\nnonlocal x\n"),
    ("nonlocal_module_bare", "nonlocal x\n"),
    ("nonlocal_no_binding", "def f():\n    nonlocal x\n"),
    ("nonlocal_class_binding", "def g():\n    class C:\n        x = 1\n        def f(self):\n            nonlocal x\n"),
    ("nonlocal_and_global", "def g():\n    x = 1\n    def f():\n        global x\n        nonlocal x\n"),
    ("import_star_function", "def f():\n    from os import *\n"),
    ("import_star_class", "class C:\n    pass\n    from os import *\n"),
    ("import_star_nested", "if 1:\n    def outer():\n      def f(a=1):\n        from os import *\n"),
    ("dup_arg", "def f(a, a): pass\n"),
    ("dup_arg_lambda", "x = 1\ny = lambda a, b, a: 0\n"),
    ("dup_arg_kwonly", "def f(a, *, a): pass\n"),
    ("dup_arg_kwarg", "async def f(a, **a): pass\n"),
    ("dup_arg_posonly", "def f(a, /, a): pass\n"),
    ("dup_arg_mangled", "class C:\n    def f(self, __a, _C__a): pass\n"),
    ("yield_listcomp", "def f():\n    return [(yield x) for x in y]\n"),
    ("yield_setcomp", "def f():\n    return {(yield x) for x in y}\n"),
    ("yield_dictcomp", "def f():\n    return {x: (yield) for x in y}\n"),
    ("yield_genexpr", "def f():\n    return ((yield x) for x in y)\n"),
    ("yield_genexpr_module", "z = 1; g = (x for x in y if (yield))\n"),
    ("yield_from_listcomp", "def f():\n    return [(yield from x) for x in y]\n"),
    ("walrus_rebind_iter", "def f():\n    return [i := 0 for i in range(5)]\n"),
    ("walrus_rebind_outer_iter", "[[(j := j) for i in range(5)] for j in range(5)]\n"),
    ("walrus_rebind_tuple_target", "a = [(y := 1) for x, y in z]\n"),
    ("walrus_iter_expr", "[x for x in (y := [1])]\n"),
    ("walrus_inner_iter_expr", "[x for x in [1] for y in (z := [2])]\n"),
    ("walrus_iter_lambda", "[x for x in (lambda: (y := 1))()]\n"),
    ("walrus_iter_nested_comp", "[x for x in [(z := 1) for w in v]]\n"),
    ("walrus_class", "class C:\n    a = [(y := 1) for x in z]\n"),
    ("walrus_class_nested", "class C:\n    a = [[(y := 1) for x in z] for w in v]\n"),
    ("walrus_inner_loop", "[i for i in range(5) if (j := 0) for j in range(5)]\n"),
    ("walrus_non_ascii_offset", "\u00e9 = 1; [(y := \u00e9) for y in z]\n"),
    ("walrus_global_inner_loop", "def f():\n    global j\n    [i for i in range(5) if (j := 0) for j in range(5)]\n"),
    ("future_braces", "from __future__ import braces\n"),
    ("future_unknown", "'''doc'''\nfrom __future__ import annotations, nope\n"),
    ("future_unknown_long", "from __future__ import " + "x" * 120 + "\n"),
    ("future_unknown_split_utf8", "from __future__ import " + "x" * 99 + "\u00e9\u00e9\n"),
    ("codegen_future_late", "if 1: pass\nfrom __future__ import braces\n"),
    ("future_late_same_line", "import os; from __future__ import division\n"),
    ("future_late_same_line2", "from __future__ import division; import os; from __future__ import generators\n"),
    ("future_relative_braces", "from .__future__ import braces\n"),
    ("first_error_wins", "def f(a):\n    global a\ndef g(b, b): pass\n"),
]


FUTURES = [
    "x = 1\n",
    "from __future__ import annotations\n",
    "'doc'\nfrom __future__ import annotations\n",
    "from __future__ import barry_as_FLUFL\n",
    "from __future__ import (division, annotations,\n    generator_stop)\nfrom __future__ import barry_as_FLUFL\n",
    "from __future__ import nested_scopes, generators, division, absolute_import,"
    " with_statement, print_function, unicode_literals, generator_stop\n",
    "import os\n",
    "'doc'\n'not doc'\n",
    "b'doc'\nx = 1\n",
    "f'doc'\nx = 1\n",
    "from __future__ import annotations as a\n",
    "from .__future__ import annotations\n",
    "from __future__ import annotations; x = 1\n",
]


def future_flags(src):
    code = compile(src.encode("utf-8"), "<future>", "exec", dont_inherit=True)
    return code.co_flags & 0x1FE0000


def run_error(name, src):
    fd, path = tempfile.mkstemp(suffix=".py")
    with os.fdopen(fd, "wb") as f:
        f.write(src.encode("utf-8"))
    try:
        compile(src.encode("utf-8"), path, "exec", dont_inherit=True)
        return {"name": name, "src": src, "class": None}
    except (SyntaxError, RecursionError) as e:
        return {"name": name, "src": src, "class": type(e).__name__,
                "msg": e.msg if isinstance(e, SyntaxError) else str(e),
                "lineno": getattr(e, "lineno", 0) or 0,
                "offset": getattr(e, "offset", 0) or 0,
                "text": getattr(e, "text", None)}
    finally:
        os.unlink(path)


def main():
    gdir = os.path.join(HERE, "golden")
    for fn in sorted(os.listdir(gdir)):
        if fn.endswith(".py"):
            r = stdump.dump_file(os.path.join(gdir, fn))
            if "dump" not in r:
                raise SystemExit("%s: %s" % (fn, r["error"]))
            with open(os.path.join(gdir, fn[:-3] + ".st"), "w") as f:
                f.write(r["dump"])
    with open(os.path.join(HERE, "futures.json"), "w") as f:
        json.dump([{"src": s, "flags": future_flags(s)} for s in FUTURES], f, indent=1)
        f.write("\n")
    out = [run_error(n, s) for n, s in ERRORS]
    with open(os.path.join(HERE, "errors.json"), "w") as f:
        json.dump(out, f, indent=1, ensure_ascii=False)
        f.write("\n")


if __name__ == "__main__":
    main()
