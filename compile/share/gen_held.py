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
like string literal of the standard library given as STDLIB_DIR, plus every
identifier-like run of bytes in the interpreter's binaries (C's names).
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
import types

NAME = re.compile(r"[A-Za-z0-9_]+")
DOTTED = re.compile(r"[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)+")
IMPORT = re.compile(r"^\s*(?:from|import)\s+([A-Za-z_][A-Za-z0-9_.]*)", re.M)


def reachable_strings():
    """Every identifier-like or dotted str reachable from the objects the
    collector tracks, following the referents of untracked containers too
    (the collector untracks dicts of strs and ints, such as
    os.sysconf_names, and tuples of atoms) and the fields of code objects,
    which have no traversal of their own (namedtuple's generated __new__
    holds '_cls' only there)."""
    leaves = (int, float, complex, bytes, bool, type(None))
    seen, found = set(), set()
    stack = gc.get_objects()
    stack.extend(sys.modules.values())
    while stack:
        o = stack.pop()
        if id(o) in seen:
            continue
        seen.add(id(o))
        t = type(o)
        if t is str:
            if NAME.fullmatch(o) or DOTTED.fullmatch(o):
                found.add(o)
            continue
        if t in leaves:
            continue
        if t is types.CodeType:
            stack.extend((o.co_consts, o.co_names, o.co_varnames, o.co_freevars,
                          o.co_cellvars, o.co_name))
            continue
        stack.extend(gc.get_referents(o))
    return found


def process_candidates():
    import argparse, compileall, py_compile  # noqa: F401 (what compileall's main loads)
    found = reachable_strings()
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


def binary_candidates():
    """Identifier-like runs of bytes in the interpreter's executable, its
    shared library and its extension modules: the names C code interns
    (static identifiers such as Py_ReprEnter's "Py_Repr", method, member and
    struct-sequence field names, module-level constants such as
    os.sysconf_names' keys), whichever of them the process got to use. A
    walk of the objects only finds those something reachable still refers
    to, and what it reaches varied between runs."""
    import glob
    import sysconfig
    files = {os.path.realpath(sys.executable)}
    files.update(glob.glob(os.path.join(sysconfig.get_config_var("LIBDIR") or "", "libpython3.8*.so*")))
    files.update(glob.glob(os.path.join(os.path.dirname(os.__file__), "lib-dynload", "*.so")))
    run = re.compile(rb"[A-Za-z_][A-Za-z0-9_]{1,63}")
    found = set()
    for f in sorted(files):
        with open(f, "rb") as fh:
            found.update(m.group().decode("ascii") for m in run.finditer(fh.read()))
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


def strings_of_trigger(name):
    """Identifier-like strings a compileall process gains by compiling the
    trigger of effect name (a module it imports, strings its compilation or
    error report interns): candidates the base set may lack. Measured in a
    fresh process per effect, since effects share strings."""
    import compileall, contextlib
    trigger = all_effects(None)[name]
    before = process_candidates()
    with tempfile.TemporaryDirectory() as tmp:
        path = os.path.join(tmp, "aaa_trigger.py")
        with open(path, "wb") as f:
            f.write(trigger.encode("utf-8") if isinstance(trigger, str) else trigger)
        sys.pycache_prefix = os.path.join(tmp, "pfx")
        with open(os.devnull, "w") as null, contextlib.redirect_stdout(null):
            compileall.compile_file(path, quiet=1, force=True)
    return process_candidates() - before


def all_effects(stdlib):
    effects = dict(EFFECTS)
    effects.update(codec_effects(stdlib or os.path.dirname(os.__file__)))
    return effects


def trigger_candidates(effects):
    """strings_of_trigger for each effect, two processes at a time."""
    from concurrent.futures import ThreadPoolExecutor

    def one(name):
        out = subprocess.run([sys.executable, "-S", __file__, "--strings-of-trigger", name],
                             stdout=subprocess.PIPE, check=True).stdout
        return name, set(json.loads(out))
    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(one, effects))


def main():
    if sys.argv[1] == "--strings-of-trigger":
        sys.stdout.write(json.dumps(sorted(strings_of_trigger(sys.argv[2]))))
        return
    stdlib = sys.argv[1]
    cands = process_candidates() | source_candidates(stdlib) | binary_candidates()
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
    effects = all_effects(stdlib)
    gained = trigger_candidates(effects)
    # Every effect is probed with all the candidates (a probe of ~150,000
    # takes under a second) and what its trigger brings besides.
    known = set(names) | set(dotted)
    for name, trigger in effects.items():
        extra = gained[name] - known
        n = names + sorted(c for c in extra if NAME.fullmatch(c) and len(c) > 1 and c != "PROBE")
        d = dotted + sorted(c for c in extra if DOTTED.fullmatch(c))
        after = probe(n, d, sys.executable, trigger)
        delta = after - base
        released = base - after
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
