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
The last section, process:py_compile, is what `python3.8 -S -m py_compile`'s
process holds and releases against compileall's.
Dotted names (interned by `import a.b`) are probed by a second module of
`import` statements. Candidates: every identifier-like or dotted string reachable in a python3.8 process that
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
DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+")
IMPORT = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_][A-Za-z0-9_.]*)", re.M)


def process_candidates():
    import argparse, compileall, py_compile  # noqa: F401 (what compileall's main loads)
    found = set()
    for o in gc.get_objects():
        for r in gc.get_referents(o):
            if type(r) is str and (NAME.fullmatch(r) or DOTTED.fullmatch(r)):
                found.add(r)
        if type(o) is dict:
            for k in o:
                if type(k) is str and (NAME.fullmatch(k) or DOTTED.fullmatch(k)):
                    found.add(k)
    found.update(k for k in sys.modules if DOTTED.fullmatch(k))
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
                    raw = fh.read()
                toks = list(tokenize.tokenize(io.BytesIO(raw).readline))
            except Exception:
                continue
            found.update(m.group(1) for m in IMPORT.finditer(raw.decode("utf-8", "replace"))
                         if DOTTED.fullmatch(m.group(1)))
            for t in toks:
                if t.type == tokenize.NAME and NAME.fullmatch(t.string):
                    found.add(t.string)
                elif t.type == tokenize.STRING:
                    s = t.string.lstrip("rRbBuUfF")
                    body = s[3:-3] if s[:3] in ('"""', "'''") else s[1:-1]
                    if NAME.fullmatch(body):
                        found.add(body)
    return found


def read_marshal(data):
    """Decodes a marshal stream into (type code, FLAG_REF bit, value) triples:
    enough of the format for the probe modules (code, tuples, str, ints)."""
    pos = 0

    def take(n):
        nonlocal pos
        pos += n
        return data[pos - n:pos]

    def i32():
        return int.from_bytes(take(4), "little", signed=True)

    def obj():
        t = take(1)[0]
        code, flag = chr(t & 0x7f), bool(t & 0x80)
        if code in "NTF.":
            return (code, flag, None)
        if code == "r":
            return (code, flag, i32())
        if code == "i":
            return (code, flag, i32())
        if code in "zZ":
            return (code, flag, take(take(1)[0]).decode("utf-8", "surrogatepass"))
        if code in "aAut":
            return (code, flag, take(i32()).decode("utf-8", "surrogatepass"))
        if code == "s":
            return (code, flag, take(i32()))
        if code in ")(":
            n = take(1)[0] if code == ")" else i32()
            return (code, flag, [obj() for _ in range(n)])
        if code == "c":
            take(24)
            fields = [obj() for _ in range(8)]  # code .. name
            take(4)
            fields.append(obj())  # lnotab
            return (code, flag, fields)
        raise SystemExit("unexpected marshal record %r" % code)

    return obj()


def compile_probes(files, python, runner="compileall"):
    """Compiles {name: source} with the real compileall (or py_compile, each
    file named on its command line in the order compileall takes them);
    returns {name: marshal tree}."""
    with tempfile.TemporaryDirectory() as tmp:
        if os.environ.get("GEN_HELD_KEEP"):
            tmp = os.environ["GEN_HELD_KEEP"]
        for name, text in files.items():
            with open(os.path.join(tmp, name + ".py"), "wb") as f:
                f.write(text.encode("utf-8") if isinstance(text, str) else text)
        env = dict(os.environ, PYTHONHASHSEED="0", PYTHONPYCACHEPREFIX=os.path.join(tmp, "pfx"))
        # A trigger module may itself fail to compile (exit status 1); the
        # probes must not.
        if runner == "py_compile":
            cmd = [python, "-S", "-m", "py_compile"] + [os.path.join(tmp, n + ".py") for n in sorted(files)]
        else:
            cmd = [python, "-S", "-m", "compileall", "-q", "-f", tmp]
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        out = {}
        for name in files:
            if name.startswith("aaa"):
                continue
            with open(os.path.join(tmp, "pfx", tmp.lstrip("/"), name + ".cpython-38.pyc"), "rb") as f:
                out[name] = read_marshal(f.read()[16:])
        return out


def probe(names, dotted, python, trigger=None, runner="compileall"):
    # probe_a: the module's only constant is a tuple of the candidate names,
    # each used once. probe_b: one `import a.b` per dotted candidate, whose
    # IMPORT_NAME string is interned and used once. A trigger module, compiled
    # first by the same process, changes its state the way some earlier file
    # of a compileall run would.
    a = "PROBE = (\n" + "".join("    %r,\n" % c for c in names) + ")\n"
    b = "".join("import %s\n" % d for d in dotted)
    files = {"probe_a": a, "probe_b": b}
    if trigger is not None:
        files["aaa_trigger"] = trigger
    trees = compile_probes(files, python, runner)
    held = set()
    consts = trees["probe_a"][2][1][2]
    for code, flag, text in consts[0][2]:
        # The empty and one-character (latin-1) str are cached singletons,
        # always shared; what matters is whether the process interned them.
        interned = code in "ZAt"
        if (len(text) > 1 and flag) or (len(text) <= 1 and interned):
            held.add(text)
    want = set(dotted)
    for code, flag, text in trees["probe_b"][2][2][2]:  # co_names
        if text in want and flag:
            held.add(text)
    return held


# What a file can do to the compiling process that changes later files'
# bytes, each with a module that does it: decoding a \N{...} escape imports
# unicodedata; unparsing an annotation (from __future__ import annotations)
# interns ast_unparse.c's static strings; a coding cookie imports the codec's
# module from the encodings package.
EFFECTS = {
    "unicodedata": 'x = "\\N{BULLET}"\n',
    # ast.c's new_identifier imports unicodedata too, and keeps "NFKC"
    # interned in a static _Py_IDENTIFIER.
    "nfkc": "\u00e9\u00e9 = 1\n",  # two characters: a one-character name would stay interned
    "unparse": "from __future__ import annotations\nx: int = 1\n",
    # A file that fails to compile makes compileall report it through
    # py_compile.PyCompileError: for exactly SyntaxError, traceback's
    # format_exception_only, whose lines with text, and with a caret under
    # some non-blank character (str.isspace called on each), run different
    # code; every other class gets a one-line "Sorry:" message. Running
    # code looks names up in the type attribute cache, which evicts entries
    # whose strings nothing else holds: such strings are listed released.
    # (Warnings were measured too: they add and release nothing.)
    "error:sorry": "if x:\npass\n",
    "error:notext": b'x = "\xff"\n',
    "error:text": ")\n",
    "error:caret": "def f(:\n    pass\n",
}


def codec_effects(stdlib):
    out = {}
    for f in sorted(os.listdir(os.path.join(stdlib, "encodings"))):
        m = f[:-3]
        if f.endswith(".py") and m not in ("__init__", "aliases"):
            out["codec:" + m] = ("# -*- coding: %s -*-\nx = 1\n" % m).encode("ascii")
    return out


def strings_of_import(module):
    """Identifier-like strings that importing module brings into a process:
    the candidates for what a codec import can add (probing the full set for
    each of the ~120 codecs would take an hour)."""
    before = process_candidates()
    try:
        __import__(module)
    except Exception:
        return set()
    return process_candidates() - before


def main():
    if sys.argv[1] == "--strings-of-imports":
        found = set()
        for m in sys.argv[2:]:
            found |= strings_of_import(m)
        sys.stdout.write(json.dumps(sorted(found)))
        return
    stdlib = sys.argv[1]
    cands = process_candidates() | source_candidates(stdlib)
    # Longer strings are probed for FLAG_REF; the 256 one-character strings
    # for whether the process interned them. PROBE itself would count twice.
    cands.add(".0")  # comprehensions' implicit argument
    names = sorted(c for c in cands if NAME.fullmatch(c) and len(c) > 1 and c != "PROBE")
    names += [""] + [chr(i) for i in range(256)]
    dotted = sorted(c for c in cands if DOTTED.fullmatch(c))
    base = probe(names, dotted, sys.executable)
    w = sys.stdout.write
    w("# Interned strings held by `PYTHONHASHSEED=0 python3.8 -S -m compileall`, one JSON string a line,\n")
    w("# measured by gen_held.py. A one-character entry means that cached singleton is interned.\n")
    w("# Each '# effect NAME' section lists what a file with that effect adds for the files after it,\n")
    w("# and after a '-' what it releases.\n")
    w("# base\n")
    for s in sorted(base):
        w(json.dumps(s) + "\n")
    effects = dict(EFFECTS)
    effects.update(codec_effects(stdlib))
    # Candidates for the codec effects: everything any codec import brings
    # into a fresh process (imported one after another, each string is new
    # at some step). This process has imported codecs already (tokenize).
    mods = ["encodings." + n[6:] for n in effects if n.startswith("codec:")]
    out = subprocess.run([sys.executable, "-S", __file__, "--strings-of-imports"] + mods,
                         stdout=subprocess.PIPE, check=True).stdout
    extra = set(json.loads(out))
    codec_names = sorted(c for c in extra if NAME.fullmatch(c) and len(c) > 1 and c != "PROBE")
    codec_names += [""] + [chr(i) for i in range(256)]
    codec_dotted = sorted(c for c in extra if DOTTED.fullmatch(c))
    for name, trigger in effects.items():
        n, d = names, dotted
        if name.startswith("codec:"):
            n, d = codec_names, codec_dotted
        after = probe(n, d, sys.executable, trigger)
        delta = after - base
        # Only the base candidates can be released (the codec probes look
        # at the strings a codec import brings).
        released = (base & set(n + d)) - after
        w("# effect %s\n" % name)
        for s in sorted(delta):
            w(json.dumps(s) + "\n")
        for s in sorted(released):
            w("-" + json.dumps(s) + "\n")
        sys.stderr.write("%s: %d more, %d released\n" % (name, len(delta), len(released)))
    # `python3.8 -S -m py_compile FILE...` starts from another process: it
    # imports less than compileall (no argparse). Its difference from the
    # base is listed as an effect, which gopyc's py_compile mode starts
    # with.
    after = probe(names, dotted, sys.executable, runner="py_compile")
    w("# effect process:py_compile\n")
    for s in sorted(after - base):
        w(json.dumps(s) + "\n")
    for s in sorted(base - after):
        w("-" + json.dumps(s) + "\n")
    sys.stderr.write("process:py_compile: %d more, %d released\n" % (len(after - base), len(base - after)))
    sys.stderr.write("%d candidates, %d held\n" % (len(names) + len(dotted), len(base)))


main()
