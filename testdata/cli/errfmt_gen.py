#!/usr/bin/env python3
"""Regenerates testdata/cli/errfmt.json: compile errors and the message
py_compile.PyCompileError carries for each (what compileall prints).

Run: $(pyenv prefix 3.8.18)/bin/python3.8 -S testdata/cli/errfmt_gen.py
Each case records the exception's fields (class, msg, filename, lineno,
offset, text) and CPython 3.8's own formatting of it; compile/diag's
format_test.go rebuilds a diag.Error from the fields and must print the same.
"""
import json
import os
import py_compile
import sys

assert sys.version_info[:2] == (3, 8), sys.version

HERE = os.path.dirname(os.path.abspath(__file__))
FILE = "pkg/sub/mod.py"

SNIPPETS = [
    b"def f(:\n",
    b"  x = 1\n",
    b"if 1:\n\tx = 1\n        y = 2\n",
    b"x = 1 +\n",
    b"s = 'abc\n",
    b's = """abc\n',
    b"f(**x, *y)\n",
    b"return 1\n",
    b"x = 0777\n",
    b"f'{'\n",
    b"f'{a b}'\n",
    b"a = 1\n\x0c  b = (\n",
    b"(\n",
    b"x = 1\n)\n",
    b"x = $\n",
    b"import __future__\nfrom __future__ import braces\n",
    b"x = (1 for x in y) = 2\n",
    b"x = 1\0\n",
    b"# -*- coding: nope -*-\nx = 1\n",
    b"x = '\xff'\n",
    b"\xff = 1\n",
    b"def f():\n\tif x:\n\t    pass\n\t  else: pass\n",
    b"class C:\npass\n",
    b"for x in y:\n    pass\n  z = 1\n",
    b"s = '\xc3\xa9\xc3\xa9' +\n",
    b"\t\tx = = 1\n",
    b"x = [1, 2\ny = 3\n",
    b"del f()\n",
    b"lambda: (yield)\nawait x\n",
    b"def f(a, a): pass\n",
    b"x = 1 if 2\n",
    b"print 'hello'\n",
    b"exec 'code'\n",
    b"if x = 1:\n    pass\n",
    b"f(x for x in y, 1)\n",
    b"\xef\xbb\xbf# coding: latin-1\n",
]

# Exceptions CPython builds that compile() does not reach easily: edge cases
# of the caret arithmetic and of the file name substitution.
CRAFTED = [
    ("SyntaxError", "offset zero", "x.py", 1, 0, "abc\n"),
    ("SyntaxError", "offset past end", "x.py", 2, 99, "abc\n"),
    ("SyntaxError", "negative offset", "x.py", 2, -3, "abcdef\n"),
    ("SyntaxError", "tabs kept", "x.py", 3, 6, "\t  \tab cd\n"),
    ("SyntaxError", "no newline", "x.py", 3, 2, "    xy"),
    ("SyntaxError", "no text", "x.py", 4, 3, None),
    ("SyntaxError", "", "x.py", 5, 1, "x\n"),
    ("SyntaxError", "from string", "<string>", 1, 1, "x\n"),
    ("SyntaxError", "file in text", FILE, 1, 8, 'x = \'File "<string>"\'\n'),
    ("SyntaxError", "unicode", "x.py", 1, 7, "s = '\u00e9\u4e2d\U0001f600' $\n"),
    ("SyntaxError", "odd space", "x.py", 1, 4, "\x1c\x1d a\u3000b\u2028c\n"),
    ("SyntaxError", "line zero", "x.py", 0, 0, None),
    ("SyntaxError", "empty file name", "", 1, 1, "x\n"),
    ("SyntaxError", "only newline", "x.py", 1, 1, "\n"),
    ("SyntaxError", "multi\nline", "x.py", 1, 1, "a\nb\n"),
    ("IndentationError", "expected an indented block", "/abs/dir/x.py", 2, 1, "pass\n"),
    ("IndentationError", "no dir", "x.py", 7, 1, None),
    ("TabError", "inconsistent use of tabs and spaces in indentation", "a/b/c.py", 3, 9, "\t x\n"),
]

OTHERS = [
    ("RecursionError", "maximum recursion depth exceeded during compilation"),
    ("MemoryError", ""),
    ("OverflowError", "line number out of range"),
]


def fields(e):
    d = dict(cls=type(e).__name__)
    if isinstance(e, SyntaxError):
        d.update(msg=e.msg, filename=e.filename, lineno=e.lineno, offset=e.offset,
                 text=e.text if e.text is not None else "", has_text=e.text is not None)
    else:
        d.update(msg=str(e), filename="", lineno=0, offset=0, text="", has_text=False)
    return d


def case(e, file):
    d = fields(e)
    d["file"] = file
    d["want"] = py_compile.PyCompileError(type(e), e, file).msg
    return d


def main():
    out = []
    for src in SNIPPETS:
        try:
            compile(src, FILE, "exec", dont_inherit=True)
        except Exception as e:
            out.append(dict(case(e, FILE), src=src.decode("latin-1")))
        else:
            raise SystemExit("snippet compiled: %r" % src)
    for cls, msg, fn, lineno, offset, text in CRAFTED:
        e = getattr(__builtins__, cls)(msg, (fn, lineno, offset, text))
        out.append(case(e, FILE))
    for cls, msg in OTHERS:
        e = getattr(__builtins__, cls)(msg) if msg else getattr(__builtins__, cls)()
        out.append(case(e, FILE))
    with open(os.path.join(HERE, "errfmt.json"), "w") as f:
        json.dump(out, f, indent=1)
        f.write("\n")


main()
