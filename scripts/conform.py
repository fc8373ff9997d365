#!/usr/bin/env python3
"""Conformance of a gopyc binary against CPython 3.8's compileall, per
optimization level and .pyc invalidation mode.

For each run OPT:MODE the reference is

    PYTHONHASHSEED=0 PYTHONPYCACHEPREFIX=R python3.8 -S [-O|-OO] \\
        -m compileall -q -f --invalidation-mode MODE CORPUS

(cached under TMPDIR/gopyc-conform-ref, keyed by interpreter, corpus and
its files' names, sizes and mtimes, level and mode; --fresh-ref rebuilds) and gopyc gets the same command line with
-o OPT. Per source file:
  byte      identical .pyc bytes
  semantic  same header and same decoded code object tree (only marshal
            FLAG_REF bits differ)
  wrong     both compiled, header or tree differ, or ours does not load
  missing   CPython compiled it, gopyc did not
  extra     gopyc compiled it, CPython rejected it
  errmatch  both rejected it with the same error block text
and one summary line per run (wall and CPU seconds of each side; the
reference's are from when its tree was built). --show N lists N files of
each kind, "refonly" being the semantic-but-not-byte ones. --explain N names, for the first N wrong
files of each run, the first differing code object (qualified path, first
line) and field.

Usage: conform.py GOPYC_BIN [--python PY38] [--corpus DIR] [--runs SPEC]
                  [--full] [--show N] [--explain N] [--json OUT] [--fresh-ref]
  --corpus   default: the interpreter's standard library
  --runs     comma-separated OPT:MODE items; default
             0:timestamp,1:timestamp,2:timestamp,0:checked-hash,0:unchecked-hash
  --full     all nine combinations of levels 0-2 and the three modes
             (conform.sh passes it; an explicit --runs wins)
"""
import dis
import hashlib
import json
import marshal
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import types


def find_py38():
    if "--python" in sys.argv:
        return sys.argv[sys.argv.index("--python") + 1]
    exe = os.environ.get("GOPYC_PYTHON38")
    if exe:
        return exe
    try:
        prefix = subprocess.run(["pyenv", "prefix", "3.8.18"], stdout=subprocess.PIPE,
                                universal_newlines=True).stdout.strip()
    except OSError:
        prefix = ""
    return os.path.join(prefix, "bin", "python3.8") if prefix else ""


PY38 = os.path.abspath(find_py38()) if find_py38() else ""
if sys.version_info[:2] != (3, 8):  # marshal of 3.8 itself decodes both sides
    if not PY38 or not os.path.exists(PY38):
        sys.exit("conform: CPython 3.8 not found (use --python, GOPYC_PYTHON38 or pyenv 3.8.18)")
    os.execv(PY38, [PY38] + sys.argv)
PY38 = PY38 or sys.executable

MODES = ("timestamp", "checked-hash", "unchecked-hash")
DEFAULT_RUNS = "0:timestamp,1:timestamp,2:timestamp,0:checked-hash,0:unchecked-hash"
REF_CACHE = os.path.join(tempfile.gettempdir(), "gopyc-conform-ref")
CODE_FIELDS = ("co_argcount", "co_posonlyargcount", "co_kwonlyargcount", "co_nlocals",
               "co_stacksize", "co_flags", "co_code", "co_consts", "co_names", "co_varnames",
               "co_freevars", "co_cellvars", "co_filename", "co_name", "co_firstlineno", "co_lnotab")


def clean_env(prefix):
    env = dict(os.environ)
    for k in ("PYTHONDONTWRITEBYTECODE", "SOURCE_DATE_EPOCH", "PYTHONOPTIMIZE", "PYTHONPATH",
              "PYTHONSTARTUP", "PYTHONPYCACHEPREFIX"):
        env.pop(k, None)
    env["PYTHONHASHSEED"] = "0"
    env["PYTHONPYCACHEPREFIX"] = prefix
    return env


def run_tree(cmd, prefix):
    """Runs cmd; returns the process, its wall time and its CPU time (user +
    system of the whole process tree), which a loaded machine distorts less."""
    t = time.perf_counter()
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    p = subprocess.run(cmd, env=clean_env(prefix), stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                       stdin=subprocess.DEVNULL)
    ru2 = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (ru2.ru_utime - ru.ru_utime) + (ru2.ru_stime - ru.ru_stime)
    return p, time.perf_counter() - t, cpu


def error_blocks(out):
    """compileall prints "*** Error compiling 'PATH'..." then the error up to a blank line."""
    blocks, cur = {}, None
    for line in out.decode("utf-8", "replace").splitlines():
        m = re.match(r"\*\*\* Error compiling '(.*)'\.\.\.$", line)
        if m:
            cur = m.group(1)
            blocks[cur] = []
        elif cur is not None:
            if line.strip() == "":
                cur = None
            else:
                blocks[cur].append(line.rstrip())
    return {k: "\n".join(v) for k, v in blocks.items()}


def cache_path(prefix, src, opt):
    d, f = os.path.split(src)
    tag = ".cpython-38" + (".opt-%d" % opt if opt else "")
    return os.path.join(prefix, d.lstrip(os.sep), f[:-3] + tag + ".pyc")


def norm(o):
    if isinstance(o, types.CodeType):
        return ("code",) + tuple(norm(getattr(o, k)) for k in CODE_FIELDS)
    if isinstance(o, tuple):
        return ("tuple",) + tuple(norm(x) for x in o)
    if isinstance(o, frozenset):
        return ("frozenset", tuple(sorted(repr(norm(x)) for x in o)))
    if isinstance(o, float):
        return ("float", o.hex())
    if isinstance(o, complex):
        return ("complex", o.real.hex(), o.imag.hex())
    return (type(o).__name__, o)


def first_instr_diff(a, b):
    """Offset and disassembly of the first differing instruction of two code objects."""
    ia, ib = list(dis.get_instructions(a)), list(dis.get_instructions(b))
    for x, y in zip(ia, ib):
        if (x.opcode, x.arg) != (y.opcode, y.arg):
            return "at %d: ref %s %s, ours %s %s" % (x.offset, x.opname, x.argrepr or x.arg,
                                                     y.opname, y.argrepr or y.arg)
    return "ref %d instrs, ours %d" % (len(ia), len(ib))


def explain_code(ref, ours, path):
    """First field in which two code objects differ, depth first, as text."""
    where = "%s (line %d)" % (path or "<module>", ref.co_firstlineno)
    for k in CODE_FIELDS:
        a, b = getattr(ref, k), getattr(ours, k)
        if k == "co_consts":
            if len(a) != len(b):
                return "%s: co_consts length ref %d, ours %d" % (where, len(a), len(b))
            for i, (x, y) in enumerate(zip(a, b)):
                if isinstance(x, types.CodeType) and isinstance(y, types.CodeType):
                    sub = explain_code(x, y, (path + "." if path else "") + x.co_name)
                    if sub:
                        return sub
                elif norm(x) != norm(y):
                    return "%s: co_consts[%d] ref %r, ours %r" % (where, i, x, y)
            continue
        if norm(a) == norm(b):
            continue
        if k == "co_code":
            try:
                return "%s: co_code %s" % (where, first_instr_diff(ref, ours))
            except Exception:
                return "%s: co_code differs" % where
        return "%s: %s ref %r, ours %r" % (where, k, a, b)
    return None


def explain(rb, ob):
    if rb[:16] != ob[:16]:
        return "header ref %s, ours %s" % (rb[:16].hex(), ob[:16].hex())
    try:
        r = marshal.loads(rb[16:])
    except Exception as e:
        return "reference does not load: %s" % e
    try:
        o = marshal.loads(ob[16:])
    except Exception as e:
        return "ours does not load: %s: %s" % (type(e).__name__, e)
    if not isinstance(o, types.CodeType):
        return "ours is a %s, not code" % type(o).__name__
    return explain_code(r, o, "") or "trees equal (bytes differ only in FLAG_REF)"


class _Walker:
    """Steps through a marshal stream object by object, noting for each the
    offset, type byte (FLAG_REF included), value summary and code path."""

    def __init__(self, data):
        self.d, self.i, self.items, self.refs = data, 0, [], []

    def int32(self):
        v = int.from_bytes(self.d[self.i:self.i + 4], "little", signed=True)
        self.i += 4
        return v

    def obj(self, where):
        off, t = self.i, self.d[self.i]
        self.i += 1
        entry = [off, t, where, None]
        self.items.append(entry)
        if t & 0x80:  # the slot is taken before any children are read
            self.refs.append(entry)
        c = chr(t & 0x7f)
        if c in "0NFTS.":
            entry[3] = c
        elif c == "i":
            entry[3] = self.int32()
        elif c == "l":
            n = abs(self.int32())
            self.i += 2 * n
            entry[3] = "long"
        elif c == "g":
            self.i += 8
        elif c == "y":
            self.i += 16
        elif c in "stuaA":
            n = self.int32()
            entry[3] = bytes(self.d[self.i:self.i + n][:40])
            self.i += n
        elif c in "zZ":
            n = self.d[self.i]
            self.i += 1
            entry[3] = bytes(self.d[self.i:self.i + n][:40])
            self.i += n
        elif c in "()[<>":  # "{" (dict) never occurs in a .pyc
            n = self.d[self.i] if c == ")" else self.int32()  # ")" is the small tuple
            if c == ")":
                self.i += 1
            for k in range(n):
                self.obj("%s[%d]" % (where, k))
        elif c == "r":
            n = self.int32()
            entry[3] = self.refs[n][3] if 0 <= n < len(self.refs) else "bad ref %d" % n
        elif c == "c":
            # co_name comes after the children; name them by a placeholder
            # that path() resolves.
            here = "%s{#%d}" % (where, len(self.items) - 1)
            self.i += 24
            for f in ("co_code", "co_consts", "co_names", "co_varnames", "co_freevars", "co_cellvars",
                      "co_filename"):
                self.obj(here + "." + f)
            self.obj(here + ".co_name")
            nm = self.items[-1][3]
            self.i += 4
            self.obj(here + ".co_lnotab")
            entry[3] = nm.decode("latin-1") if isinstance(nm, bytes) else nm
        else:
            raise ValueError("type %r at %d" % (c, off))


def ref_flag_diff(rb, ob):
    """Where two equal trees' marshal streams first disagree: the object and
    which side set FLAG_REF on it."""
    try:
        wr, wo = _Walker(rb[16:]), _Walker(ob[16:])
        wr.obj("")
        wo.obj("")
    except Exception as e:
        return "cannot walk: %s" % e
    def path(p):
        return re.sub(r"\{#(\d+)\}", lambda m: "{%s}" % wr.items[int(m.group(1))][3], p)
    for a, b in zip(wr.items, wo.items):
        a[2] = path(a[2])
        if a[1] != b[1]:
            side = "ref sets FLAG_REF, ours not" if a[1] & 0x80 else "ours sets FLAG_REF, ref not"
            return "%s: %s %r (byte %d): %s" % (a[2], chr(a[1] & 0x7f), a[3], a[0] + 16, side)
        if a[3] != b[3]:
            return "%s: ref %r, ours %r (byte %d)" % (a[2], a[3], b[3], a[0] + 16)
    return "streams differ outside the walked objects"


def fingerprint(srcs):
    """Names, sizes and mtimes of the corpus: an edited corpus gets a new reference."""
    h = hashlib.sha1()
    for s in srcs:
        st = os.stat(s)
        h.update(("%s\0%d\0%d\n" % (s, st.st_size, st.st_mtime_ns)).encode("utf-8", "surrogateescape"))
    return h.hexdigest()


def reference(corpus, fp, opt, mode, fresh):
    key = hashlib.sha1(("\0".join([PY38, corpus, fp, str(opt), mode])).encode()).hexdigest()[:12]
    refdir = os.path.join(REF_CACHE, key)
    stamp = os.path.join(refdir, "done.json")
    if fresh or not os.path.exists(stamp):
        tmp = refdir + ".building.%d" % os.getpid()
        shutil.rmtree(tmp, ignore_errors=True)
        os.makedirs(tmp)
        cmd = [PY38, "-S"] + (["-O"] if opt == 1 else ["-OO"] if opt == 2 else []) + \
            ["-m", "compileall", "-q", "-f", "--invalidation-mode", mode, corpus]
        p, dt, cpu = run_tree(cmd, os.path.join(tmp, "tree"))
        with open(os.path.join(tmp, "done.json"), "w") as f:
            json.dump({"secs": dt, "cpu": cpu, "rc": p.returncode, "errors": error_blocks(p.stdout)}, f)
        shutil.rmtree(refdir, ignore_errors=True)
        os.rename(tmp, refdir)
    with open(stamp) as f:
        ref = json.load(f)
    return os.path.join(refdir, "tree"), ref


def conform(binary, corpus, srcs, opt, mode, show, nexplain, fresh):
    label = "opt%d %-14s" % (opt, mode)
    reftree, ref = reference(corpus, fingerprint(srcs), opt, mode, fresh)
    ours = os.path.join(tempfile.gettempdir(), "gopyc-conform-ours-%d" % os.getpid())
    shutil.rmtree(ours, ignore_errors=True)
    p, dt, cpu = run_tree([binary, "-q", "-f", "-o", str(opt), "--invalidation-mode", mode, corpus], ours)
    ours_err = error_blocks(p.stdout)
    c = dict(files=len(srcs), ref_ok=0, ours_ok=0, byte=0, semantic=0, wrong=0, missing=0, extra=0,
             ref_err=0, errmatch=0)
    bad = {"wrong": [], "missing": [], "extra": [], "errdiff": [], "refonly": []}
    why = {}
    for s in srcs:
        rp, op = cache_path(reftree, s, opt), cache_path(ours, s, opt)
        rok, ook = os.path.exists(rp), os.path.exists(op)
        c["ref_ok"] += rok
        c["ours_ok"] += ook
        if rok and ook:
            with open(rp, "rb") as f:
                rb = f.read()
            with open(op, "rb") as f:
                ob = f.read()
            if rb == ob:
                c["byte"] += 1
                c["semantic"] += 1
                continue
            try:
                same = rb[:16] == ob[:16] and norm(marshal.loads(rb[16:])) == norm(marshal.loads(ob[16:]))
            except Exception:
                same = False
            if same:
                c["semantic"] += 1
                bad["refonly"].append(s)
                if len(bad["refonly"]) <= show:
                    why[s] = ref_flag_diff(rb, ob)
            else:
                c["wrong"] += 1
                bad["wrong"].append(s)
                if len(why) < nexplain:
                    why[s] = explain(rb, ob)
        elif rok:
            c["missing"] += 1
            bad["missing"].append(s)
            why.setdefault(s, (ours_err.get(s) or "").splitlines()[-1:] or ["(no error printed)"])
        elif ook:
            c["extra"] += 1
            bad["extra"].append(s)
        else:
            c["ref_err"] += 1
            if ref["errors"].get(s) is not None and ref["errors"].get(s) == ours_err.get(s):
                c["errmatch"] += 1
            else:
                bad["errdiff"].append(s)
                rl = (ref["errors"].get(s) or "").splitlines()
                ol = (ours_err.get(s) or "").splitlines()
                for k in range(max(len(rl), len(ol))):
                    a = rl[k] if k < len(rl) else "<none>"
                    b = ol[k] if k < len(ol) else "<none>"
                    if a != b:
                        why[s] = "line %d: ref %r, ours %r" % (k + 1, a, b)
                        break
    shutil.rmtree(ours, ignore_errors=True)
    c.update(ref_secs=round(ref["secs"], 2), ours_secs=round(dt, 2), ours_rc=p.returncode, ref_rc=ref["rc"],
             ref_cpu=round(ref.get("cpu", -1), 2), ours_cpu=round(cpu, 2))
    for k, v in bad.items():
        for s in v[:show]:
            w = why.get(s)
            if isinstance(w, list):
                w = w[0] if w else None
            print("  %-8s %s%s" % (k, os.path.relpath(s, corpus), "\n           " + w if w else ""))
    print("%s: files=%d ref_ok=%d byte=%d semantic=%d wrong=%d missing=%d extra=%d errmatch=%d/%d "
          "ours_rc=%d ref=%.2fs ours=%.2fs cpu ref=%.2fs ours=%.2fs" % (
              label, c["files"], c["ref_ok"], c["byte"], c["semantic"], c["wrong"], c["missing"],
              c["extra"], c["errmatch"], c["ref_err"], c["ours_rc"], c["ref_secs"], c["ours_secs"],
              c["ref_cpu"], c["ours_cpu"]),
          flush=True)
    return {"opt": opt, "mode": mode, "counts": c, "bad": bad,
            "explain": {k: (v if isinstance(v, str) else "; ".join(v)) for k, v in why.items()}}


def main():
    args = sys.argv[1:]
    if not args or args[0] in ("-h", "--help"):
        print(__doc__)
        return 0 if args else 2

    def opt(name, default):
        return args[args.index(name) + 1] if name in args else default
    binary = os.path.abspath(args[0])
    corpus = opt("--corpus", None)
    if corpus is None:
        corpus = subprocess.run([PY38, "-S", "-c", "import os; print(os.path.dirname(os.__file__))"],
                                stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout.strip()
    corpus = os.path.realpath(corpus)
    runs = opt("--runs", None)  # an explicit list wins over --full
    if runs is None:
        runs = DEFAULT_RUNS
        if "--full" in args:
            runs = ",".join("%d:%s" % (o, m) for o in range(3) for m in MODES)
    show, nexplain = int(opt("--show", "5")), int(opt("--explain", "5"))
    fresh = "--fresh-ref" in args
    plan = []
    for item in runs.split(","):
        o, _, m = item.strip().partition(":")
        if o not in ("0", "1", "2") or m not in MODES:
            sys.exit("conform: bad run %r (want OPT:MODE, OPT 0-2, MODE one of %s)" % (item, ", ".join(MODES)))
        plan.append((int(o), m))
    srcs = []
    for root, dirs, files in os.walk(corpus):
        dirs[:] = [d for d in dirs if d != "__pycache__"]
        srcs.extend(os.path.join(root, f) for f in files if f.endswith(".py"))
    srcs.sort()
    results = [conform(binary, corpus, srcs, o, m, show, nexplain, fresh) for o, m in plan]
    jout = opt("--json", None)
    if jout:
        with open(jout, "w") as f:
            json.dump({"corpus": corpus, "python": PY38, "binary": binary, "runs": results}, f, indent=1)
    ok = all(r["counts"]["wrong"] == r["counts"]["missing"] == r["counts"]["extra"] == 0
             and r["counts"]["errmatch"] == r["counts"]["ref_err"] for r in results)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
