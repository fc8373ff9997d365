"""Regenerates the golden dumps: for each golden/NAME.py, golden/NAME.dump
holds CPython 3.8's code objects at optimize levels 0, 1 and 2 in dump.py's
format.

It also writes raw/NAME.py: the same program with a padding statement
(one line of more than 255 bytes of bytecode) at the head of the module and
of every def and class body. CPython 3.8's peephole optimizer leaves any code
object whose line table has such a jump untouched, so raw/NAME.dump shows
the compiler's own instructions, line table and stack depth, unoptimized.

Run from anywhere:

    $(pyenv prefix 3.8.18)/bin/python3.8 -S testdata/codegen/gen.py

(GOPYC_PYTHON38 names another 3.8 interpreter; this script re-executes
itself under it when run by a different Python.)
"""
import ast
import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))


def python38():
    p = os.environ.get("GOPYC_PYTHON38")
    if p:
        return p
    prefix = subprocess.check_output(["pyenv", "prefix", "3.8.18"], text=True).strip()
    return os.path.join(prefix, "bin", "python3.8")


PAD = "_pad = (" + ", ".join("p%d" % i for i in range(131)) + ")"


def is_doc(st):
    return isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant) and isinstance(st.value.value, str)


def padded(src):
    tree = ast.parse(src)
    lines = src.splitlines(True)
    points = set()

    def add(body, module=False):
        i = 0
        if body and is_doc(body[0]):
            i = 1
        if module:
            while i < len(body) and isinstance(body[i], ast.ImportFrom) and body[i].module == "__future__":
                i += 1
        if i >= len(body):
            return
        st = body[i]
        lineno = st.lineno
        # A decorated def starts at its first decorator in 3.8's tree.
        for d in getattr(st, "decorator_list", []):
            lineno = min(lineno, d.lineno)
        line = lines[lineno - 1]
        prefix = line.encode("utf-8")[:st.col_offset].decode("utf-8", "replace")
        if prefix.strip() == "":
            points.add((lineno, prefix))

    add(tree.body, module=True)
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            add(node.body)
    for lineno, indent in sorted(points, reverse=True):
        lines.insert(lineno - 1, indent + PAD + "\n")
    return "".join(lines)


def main():
    py = python38()
    if sys.version_info[:2] != (3, 8):
        os.execv(py, [py, "-S", os.path.abspath(__file__)] + sys.argv[1:])
    gold = os.path.join(here, "golden")
    names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(gold, "*.py")))
    env = dict(os.environ, PYTHONHASHSEED="0")
    for name in names:
        out = subprocess.check_output(
            [py, "-S", os.path.join(here, "dump.py"), "-O", "0,1,2", name], cwd=gold, env=env)
        with open(os.path.join(gold, name[:-3] + ".dump"), "wb") as f:
            f.write(out)
    raw = os.path.join(here, "raw")
    os.makedirs(raw, exist_ok=True)
    for old in glob.glob(os.path.join(raw, "*")):
        os.remove(old)
    nraw = 0
    for name in names:
        if name.startswith("err_"):
            continue
        with open(os.path.join(gold, name), encoding="utf-8") as f:
            src = f.read()
        try:
            src = padded(src)
        except SyntaxError:
            continue
        with open(os.path.join(raw, name), "w", encoding="utf-8") as f:
            f.write(src)
        out = subprocess.check_output(
            [py, "-S", os.path.join(here, "dump.py"), "-O", "0,1,2", name], cwd=raw, env=env)
        with open(os.path.join(raw, name[:-3] + ".dump"), "wb") as f:
            f.write(out)
        nraw += 1
    print("wrote %d dumps and %d raw dumps" % (len(names), nraw))


main()
