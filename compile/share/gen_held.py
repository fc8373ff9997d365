"""Lists the interned strings the reference compileall process already holds.

CPython 3.8's marshal writes FLAG_REF only for objects whose reference count
is above one. An interned identifier used once in a file therefore gets the
flag only when the compiling process holds the same string elsewhere (a
loaded module's names, a type's attribute, ...). This script measures that
set for the reference context (`PYTHONHASHSEED=0 python3.8 -S -m compileall
-q -f DIR`) directly: it writes a probe module whose only constant is a tuple
of candidate strings, compiles it with the real compileall, and keeps the
candidates whose marshal record carries FLAG_REF.

Run: PYTHONHASHSEED=0 python3.8 -S gen_held.py STDLIB_DIR > held.txt   (python3.8 = the reference)
Candidates: every identifier-like string reachable in a python3.8 process that
has imported what compileall imports, plus every NAME token and identifier-
like string literal of the standard library given as STDLIB_DIR.
"""
import gc
import io
import json
import os
import re
import subprocess
import sys
import tempfile
import tokenize

NAME = re.compile(r"[A-Za-z0-9_]+")


def process_candidates():
    import argparse, compileall, py_compile  # noqa: F401 (what compileall's main loads)
    found = set()
    for o in gc.get_objects():
        for r in gc.get_referents(o):
            if type(r) is str and NAME.fullmatch(r):
                found.add(r)
        if type(o) is dict:
            for k in o:
                if type(k) is str and NAME.fullmatch(k):
                    found.add(k)
    for m in list(sys.modules.values()):
        for k in dir(m):
            if NAME.fullmatch(k):
                found.add(k)
            try:
                v = getattr(m, k)
            except Exception:
                continue
            if isinstance(v, type):
                found.update(x for x in dir(v) if NAME.fullmatch(x))
    for t in (int, str, bytes, float, complex, list, dict, set, frozenset, tuple, object, type,
              BaseException, property, staticmethod, classmethod, super):
        found.update(x for x in dir(t) if NAME.fullmatch(x))
    import builtins
    for v in vars(builtins).values():
        if isinstance(v, type):
            found.update(x for x in dir(v) if NAME.fullmatch(x))
    return found


def source_candidates(root):
    found = set()
    for d, dirs, files in os.walk(root):
        dirs[:] = [x for x in dirs if x != "__pycache__"]
        for f in files:
            if not f.endswith(".py"):
                continue
            try:
                with open(os.path.join(d, f), "rb") as fh:
                    toks = list(tokenize.tokenize(io.BytesIO(fh.read()).readline))
            except Exception:
                continue
            for t in toks:
                if t.type == tokenize.NAME and NAME.fullmatch(t.string):
                    found.add(t.string)
                elif t.type == tokenize.STRING:
                    s = t.string.lstrip("rRbBuUfF")
                    body = s[3:-3] if s[:3] in ('"""', "'''") else s[1:-1]
                    if NAME.fullmatch(body):
                        found.add(body)
    return found


def probe(cands, python):
    with tempfile.TemporaryDirectory() as tmp:
        if os.environ.get("GEN_HELD_KEEP"):
            tmp = os.environ["GEN_HELD_KEEP"]
        src = os.path.join(tmp, "probe.py")
        with open(src, "w") as f:
            f.write("PROBE = (\n")
            for c in cands:
                f.write("    %r,\n" % c)
            f.write(")\n")
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPYCACHEPREFIX=os.path.join(tmp, "pfx"))
        subprocess.run([python, "-S", "-m", "compileall", "-q", "-f", tmp], env=env, check=True)
        pyc = os.path.join(tmp, "pfx", tmp.lstrip("/"), "probe.cpython-38.pyc")
        with open(pyc, "rb") as f:
            data = f.read()[16:]
    # The module's co_consts is (candidates, None). Walk the marshal stream
    # to that tuple and read each string record's FLAG_REF bit.
    pos = 0

    def take(n):
        nonlocal pos
        pos += n
        return data[pos - n:pos]

    def i32():
        return int.from_bytes(take(4), "little", signed=True)

    assert take(1)[0] & 0x7f == ord("c")
    take(24)
    assert take(1)[0] & 0x7f == ord("s")
    take(i32())
    assert take(1)[0] & 0x7f == ord(")") and take(1)[0] == 2
    code = chr(take(1)[0] & 0x7f)
    count = take(1)[0] if code == ")" else i32()
    held = set()
    for _ in range(count):
        t = take(1)[0]
        code, flag = chr(t & 0x7f), t & 0x80
        if code not in "zZaAut":
            raise SystemExit("unexpected record %r in the probe tuple" % code)
        ln = take(1)[0] if code in "zZ" else i32()
        text = take(ln).decode("utf-8")
        # The empty and one-character (latin-1) str are cached singletons,
        # always shared; what matters is whether the process interned them.
        interned = code in "ZAt"
        if (len(text) > 1 and flag) or (len(text) <= 1 and interned):
            held.add(text)
    return held


def main():
    cands = process_candidates() | source_candidates(sys.argv[1])
    # Longer strings are probed for FLAG_REF; the 256 one-character strings
    # for whether the process interned them. PROBE itself would count twice.
    cands = sorted(c for c in cands if len(c) > 1 and c != "PROBE")
    cands += [""] + [chr(i) for i in range(256)]
    held = probe(cands, sys.executable)
    sys.stdout.write("# interned strings held by `PYTHONHASHSEED=0 python3.8 -S -m compileall`, one JSON string a line (gen_held.py)\n")
    for s in sorted(held):
        sys.stdout.write(json.dumps(s) + "\n")
    sys.stderr.write("%d candidates, %d held\n" % (len(cands), len(held)))


main()
