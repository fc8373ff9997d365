"""Differential fuzzing aid: writes N mutated snippets of standard library
code with CPython 3.8's verdict (as astdump.py) to stdout, one JSON line
each: {"src_hex": ..., "dump"|"error": ...}. Deterministic for a seed.

Usage: python3.8 -S testdata/parser/mutants.py SEED N [trunc] > /tmp/mutants.jsonl
With "trunc", each snippet is a file prefix cut at a random byte instead.
"""
import ast
import json
import os
import random
import sys
import tempfile
import warnings

INSERTS = ["(", ")", "[", "]", "{", "}", ":", "=", ",", ";", ".", "*", "**",
           "lambda", "lambda x", "if", "else", "for", "in", "not", "is",
           "yield", "await", "async", "def", "class", "return", "del",
           "f'{", "f'{x}'", "'", '"', '"""', "\n", "    ", "\t", "\\", "\\\n",
           "@", "->", ":=", "+=", "-", "~", "1", "x", "None", "True", "...",
           "import", "from", "as", "with", "global", "nonlocal", "pass",
           "print ", "exec ", "__debug__", "b'x'", "'\\d'", "0x", "1_", "é",
           "f(x for x in y, 1)", "*a", "**k", "a=1", "/", "<>", "!="]


def verdict(data, path):
    with open(path, "wb") as f:
        f.write(data)
    out = {"src_hex": data.hex()}
    with warnings.catch_warnings(record=True) as ws:
        warnings.simplefilter("always")
        try:
            tree = compile(data, path, "exec", ast.PyCF_ONLY_AST, dont_inherit=True)
            out["dump"] = ast.dump(tree, include_attributes=True)
        except SyntaxError as e:
            out["error"] = [type(e).__name__, e.msg, e.lineno, e.offset, e.text]
            out["fstring"] = e.filename == "<fstring>"
        except (ValueError, MemoryError, OverflowError, RecursionError) as e:
            out["error"] = [type(e).__name__, str(e), None, None, None]
    out["warnings"] = [[w.category.__name__, str(w.message), w.lineno, w.filename] for w in ws]
    return out


def dedent(chunk):
    ls = chunk.split(b"\n")
    ind = [len(x) - len(x.lstrip(b" \t")) for x in ls if x.strip()]
    m = min(ind) if ind else 0
    return b"\n".join(x[m:] if x.strip() else x for x in ls)


def main():
    seed, n = int(sys.argv[1]), int(sys.argv[2])
    rnd = random.Random(seed)
    lib = os.path.dirname(os.__file__)
    files = []
    for root, dirs, names in os.walk(lib):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        files += [os.path.join(root, x) for x in names if x.endswith(".py")]
    files.sort()
    trunc = len(sys.argv) > 3 and sys.argv[3] == "trunc"
    fd, path = tempfile.mkstemp(suffix=".py")
    os.close(fd)
    try:
        for _ in range(n):
            if trunc:
                with open(rnd.choice(files), "rb") as f:
                    data = f.read(4000)
                data = data[:rnd.randrange(len(data) + 1)]
                sys.stdout.write(json.dumps(verdict(data, path)) + "\n")
                continue
            with open(rnd.choice(files), "rb") as f:
                lines = f.read().split(b"\n")
            i = rnd.randrange(len(lines))
            k = rnd.randint(1, 10)
            chunk = b"\n".join(lines[i:i + k]) + b"\n"
            if rnd.random() < 0.8:
                chunk = dedent(chunk)
            for _ in range(rnd.randint(1, 3)):
                if not chunk:
                    break
                pos = rnd.randrange(len(chunk) + 1)
                op = rnd.random()
                if op < 0.4:
                    ins = rnd.choice(INSERTS).encode()
                    chunk = chunk[:pos] + ins + chunk[pos:]
                elif op < 0.7:
                    chunk = chunk[:pos] + chunk[pos + rnd.randint(1, 6):]
                elif op < 0.85:
                    # dedent or indent a line
                    ls = chunk.split(b"\n")
                    j = rnd.randrange(len(ls))
                    ls[j] = ls[j].lstrip() if rnd.random() < 0.5 else b"  " + ls[j]
                    chunk = b"\n".join(ls)
                else:
                    j = rnd.randrange(len(chunk) + 1)
                    chunk = chunk[:pos] + chunk[j:j + rnd.randint(1, 8)] + chunk[pos:]
            sys.stdout.write(json.dumps(verdict(chunk, path)) + "\n")
    finally:
        os.unlink(path)


if __name__ == "__main__":
    main()
