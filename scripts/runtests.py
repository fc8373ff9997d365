#!/usr/bin/env python3
"""Prove CPython 3.8 runs gopyc's output: its own regression tests pass (and
fail) the same with gopyc's .pyc files as with compileall's.

  1. gopyc -q -f STDLIB              into pycache prefix P (always rebuilt)
     python3.8 -m compileall -q -f STDLIB  into prefix R (cached in WORKDIR)
  2. snapshot (mtime, size, sha1) of every file in P and R
  3. run the chosen regression tests (Lib/test/... included, so the test
     modules themselves come from the prefix) once with
     PYTHONPYCACHEPREFIX=P and once with R, PYTHONDONTWRITEBYTECODE unset,
     under rt_driver.py, which records per-test outcomes, the .pyc files
     opened, stdlib sources compiled at runtime and every module's __cached__
  4. snapshot again: no stdlib .pyc in P may change or appear
  5. a fresh "python3.8 -v" imports every stdlib module the P run imported
     (startup modules included, which the audit hook cannot see) and must
     report "code object from '<P/...pyc>'" for each and compile no source
  6. compare outcomes per test id (durations and order ignored); modules
     that differ are rerun once on both sides and only a difference seen
     twice counts
Prints a summary table; exit status 0 when everything matches. Its counts
are per recorded outcome and include the deliberate failures of the tests
that test unittest and doctest themselves; only the diff column matters.

Usage: runtests.py [--gopyc BIN] [--workdir DIR] [--quick] [--extra] [--fresh-ref]
                   [--lazy-ref] [--opt N] [--json OUT] [--timeout SECS] [TEST ...]
  --lazy-ref  start R empty and let CPython compile and write what it
              imports (cheaper; the R file checks are then moot)
  --quick     5 quick modules instead of the default 24
  --extra     add about 70 more modules (see EXTRA_TESTS)
  --opt N     optimization level 0-2: gopyc -o N, compileall and the
              tests under python3.8 -O/-OO, .opt-N.pyc files
  --self-check TESTMODULE  negative control: rewrite the first test method
              in P's .pyc of Lib/test/TESTMODULE.py to raise (header kept);
              the run must then report that test as differing
Without --gopyc the binary is built from this repository with go build.
The reference interpreter comes from GOPYC_PYTHON38 or pyenv 3.8.18.
"""
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time


def find_py38():
    exe = os.environ.get("GOPYC_PYTHON38")
    if exe:
        return exe
    try:
        prefix = subprocess.run(["pyenv", "prefix", "3.8.18"], stdout=subprocess.PIPE,
                                universal_newlines=True).stdout.strip()
    except OSError:
        prefix = ""
    return os.path.join(prefix, "bin", "python3.8") if prefix else ""


PY38 = find_py38()
if sys.version_info[:2] != (3, 8):
    if not PY38 or not os.path.exists(PY38):
        sys.exit("runtests: CPython 3.8 not found (set GOPYC_PYTHON38 or install pyenv 3.8.18)")
    os.execv(PY38, [PY38] + sys.argv)
PY38 = PY38 or sys.executable

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
DRIVER = os.path.join(HERE, "rt_driver.py")

ALL_TESTS = """test_grammar test_dis test_sys_settrace test_fstring test_coroutines
test_generators test_exceptions test_scope test_class test_keywordonlyarg
test_positional_only_arg test_named_expressions test_unpack_ex test_contextlib
test_with test_raise test_opcodes test_traceback test_inspect test_dataclasses
test_typing test_json test_re test_collections""".split()
# --extra: more modules whose outcome depends on compiled code (lines,
# frames, code attributes, docstrings, doctests) or that import a wide slice
# of the library.
EXTRA_TESTS = """test_compile test_peepholer test_funcattrs test_string_literals test_builtin
test_ast test_syntax test_decorators test_genexps test_listcomps test_setcomps test_dictcomps
test_augassign test_unary test_global test_types test_trace test_frame test_sys_setprofile
test_code test_future test_format test_asyncgen test_contextlib_async test_yield_from
test_super test_descr test_property test_enum test_functools test_itertools test_operator
test_bdb test_linecache test_tokenize test_pdb test_doctest test_unittest test_keyword
test_dict test_set test_list test_tuple test_long test_float test_complex test_fractions
test_statistics test_string test_textwrap test_argparse test_pprint test_reprlib test_abc
test_copy test_difflib test_heapq test_bisect test_csv test_calendar test_ordered_dict
test_defaultdict test_dictviews test_iter test_richcmp test_slice test_exception_hierarchy
test_email test_lib2to3""".split()
QUICK_TESTS = "test_grammar test_opcodes test_with test_scope test_named_expressions".split()
# Imported by no test here, but never import them in the check process anyway.
NEVER_IMPORT = {"antigravity", "this", "__main__", "idlelib.idle", "tkinter.__main__"}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


def clean_env(prefix=None):
    env = dict(os.environ)
    for k in ("PYTHONDONTWRITEBYTECODE", "SOURCE_DATE_EPOCH", "PYTHONOPTIMIZE", "PYTHONPATH",
              "PYTHONSTARTUP", "PYTHONINSPECT", "PYTHONNOUSERSITE", "PYTHONPYCACHEPREFIX",
              "PYTHONDEVMODE", "PYTHONWARNINGS", "PYTHONVERBOSE"):
        env.pop(k, None)
    env["PYTHONHASHSEED"] = "0"
    if prefix is not None:
        env["PYTHONPYCACHEPREFIX"] = prefix
    return env


def stdlib_dir():
    out = subprocess.run([PY38, "-S", "-c", "import os; print(os.path.dirname(os.__file__))"],
                         stdout=subprocess.PIPE, universal_newlines=True, check=True).stdout
    return os.path.realpath(out.strip())


def stdlib_sources(stdlib):
    srcs = []
    for root, dirs, files in os.walk(stdlib):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        srcs.extend(os.path.join(root, f) for f in sorted(files) if f.endswith(".py"))
    return srcs


# Optimization level of the whole run (--opt): gopyc -o N, compileall and
# the tests under python3.8 -O/-OO.
OPT = 0


def optflags():
    return ["-O"] if OPT == 1 else ["-OO"] if OPT == 2 else []


def cache_path(prefix, src):
    d, f = os.path.split(src)
    tag = ".cpython-38" + (".opt-%d" % OPT if OPT else "")
    return os.path.join(prefix, d.lstrip(os.sep), f[:-3] + tag + ".pyc")


def snapshot(tree):
    snap = {}
    for root, _, files in os.walk(tree):
        for f in files:
            p = os.path.join(root, f)
            st = os.stat(p)
            with open(p, "rb") as fh:
                h = hashlib.sha1(fh.read()).hexdigest()
            snap[p] = (st.st_mtime_ns, st.st_size, h)
    return snap


def diff_snapshots(before, after):
    changed = sorted(p for p in before if p in after and before[p] != after[p])
    removed = sorted(p for p in before if p not in after)
    added = sorted(p for p in after if p not in before)
    return changed, removed, added


def build_ours(gopyc, stdlib, prefix):
    shutil.rmtree(prefix, ignore_errors=True)
    t = time.perf_counter()
    p = subprocess.run([gopyc, "-q", "-f", "-o", str(OPT), stdlib], env=clean_env(prefix),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    errs = len(re.findall(rb"^\*\*\* Error compiling", p.stdout, re.M))
    return {"rc": p.returncode, "rejected": errs, "secs": round(time.perf_counter() - t, 2),
            "stderr": p.stderr.decode("utf-8", "replace")[-2000:]}


def mutate_first_test(pyc):
    """Self-check: make the first plain test_* method in a test module's .pyc
    raise, keeping the header so CPython still trusts the file. Returns the
    test's qualified name, or None when none fits."""
    import marshal
    import types
    with open(pyc, "rb") as f:
        data = f.read()
    mod = marshal.loads(data[16:])

    def fix(code, qual):
        consts = list(code.co_consts)
        for i, c in enumerate(consts):
            if not isinstance(c, types.CodeType):
                continue
            if (c.co_name.startswith("test_") and c.co_argcount == 1 and not c.co_freevars
                    and qual and c.co_varnames[:1] == ("self",)):
                src = "def %s(self):\n    raise AssertionError('runtests self-check: mutated .pyc')\n" % c.co_name
                new = compile(src, c.co_filename, "exec").co_consts[0]
                consts[i] = new.replace(co_firstlineno=c.co_firstlineno)
                return code.replace(co_consts=tuple(consts)), qual + "." + c.co_name
            if c.co_flags & 0x3 == 0 and not qual:  # a class body at module level
                sub, name = fix(c, c.co_name)
                if name:
                    consts[i] = sub
                    return code.replace(co_consts=tuple(consts)), name
        return code, None

    mod, name = fix(mod, "")
    if name:
        with open(pyc, "wb") as f:
            f.write(data[:16] + marshal.dumps(mod))
    return name


def build_ref(stdlib, prefix, fresh):
    """compileall's tree, built once per interpreter and stdlib and reused."""
    stamp = prefix + ".manifest.json"
    key = PY38 + "\0" + stdlib + "\0" + str(OPT)
    if not fresh and os.path.exists(stamp):
        m = json.load(open(stamp))
        if m.get("key") == key:
            # Drop whatever earlier test runs wrote there (temporary modules).
            keep = set(m["files"])
            for root, _, files in os.walk(prefix):
                for f in files:
                    p = os.path.join(root, f)
                    if p not in keep:
                        os.remove(p)
            if all(os.path.exists(f) for f in keep):
                return {"cached": True}
    shutil.rmtree(prefix, ignore_errors=True)
    t = time.perf_counter()
    p = subprocess.run([PY38, "-S"] + optflags() + ["-m", "compileall", "-q", "-f", stdlib], env=clean_env(prefix),
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    files = sorted(snapshot(prefix))
    json.dump({"key": key, "files": files}, open(stamp, "w"))
    return {"cached": False, "rc": p.returncode, "secs": round(time.perf_counter() - t, 2)}


def run_tests(label, prefix, stdlib, tests, workdir, timeout):
    out = os.path.join(workdir, "result-%s.json" % label)
    logf = os.path.join(workdir, "log-%s.txt" % label)
    tmp = os.path.join(workdir, "tmp-%s" % label)
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    if os.path.exists(out):
        os.remove(out)
    cmd = [PY38] + optflags() + [DRIVER, out, stdlib, "--", "-v", "--tempdir", tmp, "--timeout", str(timeout)] + tests
    t = time.perf_counter()
    with open(logf, "wb") as lf:
        try:
            subprocess.run(cmd, env=clean_env(prefix), cwd=workdir, stdout=lf, stderr=subprocess.STDOUT,
                           stdin=subprocess.DEVNULL, timeout=timeout * max(1, len(tests)) + 120)
        except subprocess.TimeoutExpired:
            log("runtests: %s run timed out; see %s" % (label, logf))
    secs = time.perf_counter() - t
    if not os.path.exists(out):
        sys.exit("runtests: the %s run wrote no result; see %s" % (label, logf))
    r = json.load(open(out))
    r["secs"] = round(secs, 1)
    for k, v in r.get("owners", {}).items():
        OWNERS.setdefault(k, v)
    r["log"] = logf
    return r


def check_imports(prefix, stdlib, names, workdir):
    """Import names in a fresh python3.8 -v and see where each code object came from."""
    names = sorted(n for n in names if n not in NEVER_IMPORT)
    script = (
        "import importlib, json, sys\n"
        "failed = []\n"
        "for n in %r:\n"
        "    try:\n"
        "        importlib.import_module(n)\n"
        "    except BaseException as e:\n"
        "        failed.append([n, type(e).__name__])\n"
        "cached = {n: getattr(m, '__cached__', None) for n, m in list(sys.modules.items())\n"
        "          if isinstance(getattr(m, '__file__', None), str)}\n"
        "sys.stdout.write(json.dumps({'cached': cached, 'failed': failed}))\n"
        "sys.stdout.flush()\n" % names)
    p = subprocess.run([PY38, "-v"] + optflags() + ["-c", script], env=clean_env(prefix), cwd=workdir,
                       stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL,
                       timeout=600)
    try:
        res = json.loads(p.stdout.decode("utf-8", "replace"))
    except ValueError:
        return {"error": "check process printed no result (rc %d)" % p.returncode}
    loaded_pyc, compiled_src = set(), set()
    for line in p.stderr.decode("utf-8", "replace").splitlines():
        if line.startswith("# code object from "):
            path = line[len("# code object from "):].strip()
            if path[:1] in "'\"":
                path = path[1:-1]
            (loaded_pyc if path.endswith(".pyc") else compiled_src).add(path)
    pre = prefix.rstrip(os.sep) + os.sep
    std = stdlib.rstrip(os.sep) + os.sep
    stdmods = {n: c for n, c in res["cached"].items()
               if n not in NEVER_IMPORT and c is not None and c.startswith(pre + std.lstrip(os.sep))}
    other = {n: c for n, c in res["cached"].items() if n not in stdmods}
    not_from_p = sorted(n for n, c in stdmods.items() if c not in loaded_pyc)
    return {
        "requested": len(names),
        "import_failed": res["failed"],
        "stdlib_modules": len(stdmods),
        "loaded_from_prefix": len(stdmods) - len(not_from_p),
        "not_loaded_from_prefix": not_from_p,
        "compiled_stdlib_sources": sorted(s for s in compiled_src if s.startswith(std)),
        "cached_outside_prefix": sorted("%s=%s" % (n, c) for n, c in other.items()
                                        if c is not None and c.startswith(std)),
    }


OWNERS = {}


def module_of(tid, tests):
    if tid in OWNERS:
        return OWNERS[tid]
    for t in tests:
        if tid.startswith("test.%s." % t) or tid == "test." + t or tid.startswith(t + "."):
            return t
    return "other"


def compare(rp, rr, tests):
    ids = set(rp["outcomes"]) | set(rr["outcomes"])
    diffs = sorted(i for i in ids if rp["outcomes"].get(i) != rr["outcomes"].get(i))
    vp, vr = rp["regrtest"]["verdicts"], rr["regrtest"]["verdicts"]
    mods = sorted(set(tests) | {t for t in set(vp) | set(vr)})
    bad_mods = {t for t in mods if vp.get(t) != vr.get(t)} | {module_of(i, tests) for i in diffs}
    return diffs, bad_mods


def count(outcomes, mod, tests):
    c = {"n": 0, "ok": 0, "fail": 0, "skip": 0}
    for tid, outs in outcomes.items():
        if module_of(tid, tests) != mod:
            continue
        for o in outs:
            c["n"] += 1
            if o in ("ok", "xfail"):
                c["ok"] += 1
            elif o == "skip":
                c["skip"] += 1
            else:
                c["fail"] += 1
    return c


def main():
    args = sys.argv[1:]
    opts = {"--gopyc": None, "--workdir": os.path.join(tempfile.gettempdir(), "gopyc-runtime"),
            "--json": None, "--timeout": "900", "--self-check": None, "--opt": "0"}
    flags = {"--quick": False, "--fresh-ref": False, "--lazy-ref": False, "--extra": False}
    tests = []
    i = 0
    while i < len(args):
        a = args[i]
        if a in opts:
            opts[a] = args[i + 1]
            i += 2
            continue
        if a in flags:
            flags[a] = True
        elif a in ("-h", "--help"):
            print(__doc__)
            return 0
        elif a.startswith("-"):
            sys.exit("runtests: unknown option %s" % a)
        else:
            tests.append(a)
        i += 1
    if not tests:
        tests = QUICK_TESTS if flags["--quick"] else ALL_TESTS
    if flags["--extra"]:
        tests = tests + [t for t in EXTRA_TESTS if t not in tests]
    global OPT
    if opts["--opt"] not in ("0", "1", "2"):
        sys.exit("runtests: --opt wants 0, 1 or 2")
    OPT = int(opts["--opt"])
    workdir = os.path.abspath(opts["--workdir"])
    os.makedirs(workdir, exist_ok=True)
    timeout = int(opts["--timeout"])
    gopyc = opts["--gopyc"]
    if gopyc is None:
        gopyc = os.path.join(workdir, "gopyc")
        log("runtests: go build -o %s ./cmd/gopyc" % gopyc)
        subprocess.run(["go", "build", "-o", gopyc, "./cmd/gopyc"], cwd=REPO, check=True)
    gopyc = os.path.abspath(gopyc)
    stdlib = stdlib_dir()
    P, R = os.path.join(workdir, "P"), os.path.join(workdir, "R" + ("-opt%d" % OPT if OPT else ""))
    report = {"python": PY38, "stdlib": stdlib, "tests": tests, "P": P, "R": R, "opt": OPT}

    log("runtests: gopyc -> P")
    report["build_ours"] = build_ours(gopyc, stdlib, P)
    if flags["--lazy-ref"]:
        # CPython compiles what it imports and writes it into R itself:
        # the same control at a fraction of compileall's cost.
        shutil.rmtree(R, ignore_errors=True)
        os.makedirs(R)
        report["build_ref"] = {"lazy": True}
    else:
        log("runtests: compileall -> R")
        report["build_ref"] = build_ref(stdlib, R, flags["--fresh-ref"])
    if opts["--self-check"]:
        target = os.path.join(stdlib, "test", opts["--self-check"] + ".py")
        name = mutate_first_test(cache_path(P, target))
        if not name:
            sys.exit("runtests: --self-check: no test method to mutate in %s" % target)
        report["mutated"] = "test.%s.%s" % (opts["--self-check"], name)
        print("self-check: %s in P now raises; the run must report it" % report["mutated"])
    srcs = stdlib_sources(stdlib)
    p_missing = [s for s in srcs if not os.path.exists(cache_path(P, s))]
    r_missing = [] if flags["--lazy-ref"] else [s for s in srcs if not os.path.exists(cache_path(R, s))]
    report["pyc_counts"] = {"sources": len(srcs), "P": len(srcs) - len(p_missing),
                            "R": len(srcs) - len(r_missing),
                            "only_R": sorted(set(p_missing) - set(r_missing)),
                            "only_P": sorted(set(r_missing) - set(p_missing))}
    before_p, before_r = snapshot(P), snapshot(R)

    log("runtests: %d test modules with P" % len(tests))
    rp = run_tests("P", P, stdlib, tests, workdir, timeout)
    log("runtests: %d test modules with R" % len(tests))
    rr = run_tests("R", R, stdlib, tests, workdir, timeout)

    diffs, bad_mods = compare(rp, rr, tests)
    reruns = {}
    if bad_mods - {"other"}:
        again = sorted(bad_mods - {"other"})
        log("runtests: rerunning %s on both sides" % " ".join(again))
        rp2 = run_tests("P-rerun", P, stdlib, again, workdir, timeout)
        rr2 = run_tests("R-rerun", R, stdlib, again, workdir, timeout)
        diffs2, _ = compare(rp2, rr2, again)
        # A difference counts when it shows in both rounds.
        confirmed = set(diffs2) & set(diffs)
        for i in diffs:
            reruns[i] = i in confirmed
        diffs_final = sorted(confirmed | {i for i in diffs if module_of(i, tests) == "other"})
        vp2, vr2 = rp2["regrtest"]["verdicts"], rr2["regrtest"]["verdicts"]
        verdict_diff = sorted(t for t in again if vp2.get(t) != vr2.get(t)
                              and rp["regrtest"]["verdicts"].get(t) != rr["regrtest"]["verdicts"].get(t))
    else:
        diffs_final = diffs
        verdict_diff = []

    after_p, after_r = snapshot(P), snapshot(R)
    ch_p, rm_p, add_p = diff_snapshots(before_p, after_p)
    ch_r, rm_r, add_r = diff_snapshots(before_r, after_r)
    std_in_p = os.path.join(P, stdlib.lstrip(os.sep)) + os.sep
    std_in_r = os.path.join(R, stdlib.lstrip(os.sep)) + os.sep
    tag = ".cpython-38" + (".opt-%d" % OPT if OPT else "") + ".pyc"

    def added(add, std):
        # Test subprocesses that run at another optimization level (without
        # -O, say) find no file of their level in the prefix and write one;
        # that says nothing about ours, so count them apart.
        return {"added_stdlib": [a for a in add if a.startswith(std) and a.endswith(tag)],
                "added_stdlib_other_level": len([a for a in add if a.startswith(std) and not a.endswith(tag)]),
                "added_elsewhere": len([a for a in add if not a.startswith(std)])}
    report["pyc_files"] = {
        "P": dict(files=len(before_p), changed=ch_p, removed=rm_p, **added(add_p, std_in_p)),
        "R": dict(files=len(before_r), changed=ch_r, removed=rm_r, **added(add_r, std_in_r)),
    }
    if flags["--lazy-ref"]:  # what CPython rejected has no .pyc in R after its run
        rejected_by_both = {s for s in p_missing if not os.path.exists(cache_path(R, s))}
    else:
        rejected_by_both = set(p_missing) & set(r_missing)
    # Runtime evidence from the audit hook of the P run.
    pre = P + os.sep
    reads = rp["pyc_reads"]
    std_reads = [r for r in reads if r.startswith(std_in_p)]
    report["audit_P"] = {
        "pyc_reads_in_P_stdlib": len(std_reads),
        "pyc_reads_elsewhere": sorted(r for r in reads if not r.startswith(pre))[:50],
        "pyc_writes_in_P_stdlib": sorted(w for w in rp["pyc_writes"] if w.startswith(std_in_p)),
        # Files both compilers reject (badsyntax_*.py, imported by tests that
        # expect the SyntaxError) have no .pyc anywhere; CPython compiles
        # them on every import.
        "stdlib_sources_compiled": sorted(set(rp["src_compiles"]) - rejected_by_both),
        "rejected_by_both_imported": sorted(set(rp["src_compiles"]) & rejected_by_both),
        "stdlib_sources_compiled_R": rr["src_compiles"],
        "test_compiles": rp["test_compiles"],
        "prefix_seen": rp["prefix"], "dont_write_bytecode": rp["dont_write_bytecode"],
    }
    # The test modules themselves (plain or package) must come from P too.
    read = set(reads)
    tmods = {}
    for t in tests:
        base = os.path.join(stdlib, "test", t)
        cands = [cache_path(P, base + ".py"), cache_path(P, os.path.join(base, "__init__.py"))]
        tmods[t] = any(c in read for c in cands)
    report["test_modules_from_P"] = tmods
    mods_p = [m for m in rp["modules"] if m[1] and m[1].startswith(stdlib + os.sep)]
    report["modules_P"] = {
        "stdlib_modules_seen": len({m[0] for m in mods_p}),
        # __cached__ None: frozen importlib, which no .pyc backs.
        "cached_not_in_P": sorted({"%s=%s" % (m[0], m[2]) for m in mods_p
                                   if m[1].endswith(".py") and m[2] is not None and not m[2].startswith(std_in_p)}),
        "frozen_or_uncached": sorted({m[0] for m in mods_p if m[2] is None}),
    }
    log("runtests: import check (python3.8 -v) of the modules the P run used")
    report["import_check"] = check_imports(P, stdlib, {m[0] for m in mods_p}, workdir)

    # Summary.
    print("%-26s %-12s %-12s %6s %6s %5s %5s %5s" % ("module", "verdict P", "verdict R", "tests", "ok", "fail", "skip", "diff"))
    vp, vr = rp["regrtest"]["verdicts"], rr["regrtest"]["verdicts"]
    for t in tests + (["other"] if any(module_of(i, tests) == "other" for i in rp["outcomes"]) else []):
        cp, cr = count(rp["outcomes"], t, tests), count(rr["outcomes"], t, tests)
        nd = len([i for i in diffs_final if module_of(i, tests) == t])
        print("%-26s %-12s %-12s %6d %6d %5d %5d %5d%s" % (
            t, vp.get(t, "-"), vr.get(t, "-"), cp["n"], cp["ok"], cp["fail"], cp["skip"], nd,
            "" if cp == cr else "  (R: %d/%d/%d/%d)" % (cr["n"], cr["ok"], cr["fail"], cr["skip"])))
    for i in diffs:
        print("  differs%s: %s  P=%s R=%s  %s" % (
            "" if reruns.get(i, True) else " once (not on rerun)", i, rp["outcomes"].get(i),
            rr["outcomes"].get(i), rp["messages"].get(i) or rr["messages"].get(i) or ""))
    pf, ic = report["pyc_files"]["P"], report["import_check"]
    ok_files = not (pf["changed"] or pf["removed"] or pf["added_stdlib"])
    ok_audit = all(tmods.values()) and not (report["audit_P"]["pyc_writes_in_P_stdlib"] or report["audit_P"]["stdlib_sources_compiled"]
                    or report["modules_P"]["cached_not_in_P"])
    ok_import = "error" not in ic and not ic["not_loaded_from_prefix"] and not ic["compiled_stdlib_sources"]
    b = report["build_ours"]
    if flags["--lazy-ref"]:
        print("gopyc: rc=%d %d .pyc written in %.1fs (R: lazy, CPython compiled what it imported)" % (
            b["rc"], report["pyc_counts"]["P"], b["secs"]))
    else:
        print("gopyc: rc=%d %d .pyc written (compileall: %d) in %.1fs; only compileall wrote: %d, only gopyc: %d" % (
            b["rc"], report["pyc_counts"]["P"], report["pyc_counts"]["R"], b["secs"],
            len(report["pyc_counts"]["only_R"]), len(report["pyc_counts"]["only_P"])))
    print("P files: %d before; changed %d, removed %d, new stdlib .pyc %d (other opt level, by test subprocesses: %d), "
          "new elsewhere (test temp modules) %d" % (
              pf["files"], len(pf["changed"]), len(pf["removed"]), len(pf["added_stdlib"]),
              pf["added_stdlib_other_level"], pf["added_elsewhere"]))
    print("runtime (audit hook, P run): %d stdlib .pyc read from P, %d written, %d stdlib sources compiled "
          "by the import system (R run: %d; files both compilers reject: %d), %d modules with __cached__ outside P" % (
              len(std_reads), len(report["audit_P"]["pyc_writes_in_P_stdlib"]),
              len(report["audit_P"]["stdlib_sources_compiled"]), len(set(rr["src_compiles"]) - rejected_by_both),
              len(report["audit_P"]["rejected_by_both_imported"]),
              len(report["modules_P"]["cached_not_in_P"])))
    print("test modules read from P: %d/%d%s" % (
        sum(tmods.values()), len(tmods), "".join(" (not: %s)" % t for t, ok in tmods.items() if not ok)))
    if "error" in ic:
        print("import check: " + ic["error"])
    else:
        print("import check (-v): %d stdlib modules, %d code objects from P, %d stdlib sources compiled, %d imports failed" % (
            ic["stdlib_modules"], ic["loaded_from_prefix"], len(ic["compiled_stdlib_sources"]), len(ic["import_failed"])))
    for k in ("changed", "removed", "added_stdlib"):
        for f in pf[k][:10]:
            print("  P %s: %s" % (k, f))
    for f in report["audit_P"]["stdlib_sources_compiled"][:10]:
        print("  compiled at runtime: %s" % f)
    for n in ic.get("not_loaded_from_prefix", [])[:10]:
        print("  not loaded from P: %s" % n)
    ok_outcomes = not diffs_final and not verdict_diff
    print("outcomes: %d test ids, %d differ (%d confirmed on rerun); P %.0fs, R %.0fs" % (
        len(set(rp["outcomes"]) | set(rr["outcomes"])), len(diffs), len(diffs_final), rp["secs"], rr["secs"]))
    verdict = ok_outcomes and ok_files and ok_audit and ok_import and b["rc"] in (0, 1)
    print("RESULT: %s" % ("SAME" if verdict else "DIFFERENT"))
    report["diffs"] = {i: {"P": rp["outcomes"].get(i), "R": rr["outcomes"].get(i),
                           "msg": rp["messages"].get(i) or rr["messages"].get(i),
                           "confirmed": i in diffs_final} for i in diffs}
    report["verdict"] = "SAME" if verdict else "DIFFERENT"
    if opts["--json"]:
        json.dump(report, open(opts["--json"], "w"), indent=1, sort_keys=True)
    return 0 if verdict else 1


if __name__ == "__main__":
    sys.exit(main())
