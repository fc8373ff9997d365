"""Run CPython 3.8's regression tests in this process and record what happened.

Usage (run by runtests.py, under python3.8 with PYTHONPYCACHEPREFIX set):
    python3.8 rt_driver.py OUT.json STDLIB_DIR -- REGRTEST_ARGS...

It writes OUT.json with
  outcomes  test id -> sorted list of outcomes (ok, FAIL, ERROR, skip, xfail,
            xpass, subfail, incomplete; docstring tests run by doctest
            directly as "doctest:NAME") and, apart, the first line of each
            failure message (for diagnosis; not compared) and the test
            module that ran each id;
  modules   [name, __file__, __cached__] of every module seen in sys.modules
            (before libregrtest unloads a test's modules, and at the end);
  pyc_reads / pyc_writes  .pyc paths the process opened for reading / writing
            (audit event "open": the import system reads bytecode through
            io.open_code and writes it through os.open);
  src_compiles  .py files under STDLIB_DIR the import system compiled
            (compile() called from importlib's bootstrap with the file's
            path), i.e. modules for which no cached .pyc was used;
  test_compiles  stdlib files the tests compile() themselves;
  regrtest  libregrtest's per-module verdicts and exit code.

The hooks observe only; they never change what the tests see, except that
sys.path[0] is the working directory (as with "python -m test") instead of
this script's folder.
"""
import os
import sys

OUT, STDLIB = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2])
REGRTEST_ARGS = sys.argv[sys.argv.index("--") + 1:]
STDLIB_SLASH = STDLIB.rstrip(os.sep) + os.sep

pyc_reads, pyc_writes, src_compiles, test_compiles = set(), set(), set(), set()
_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT


def _audit(event, args):
    # Must never raise: an exception here would surface in the tests.
    try:
        if event == "open":
            path, mode, flags = args
            if isinstance(path, bytes):
                path = os.fsdecode(path)
            if not isinstance(path, str) or ".pyc" not in path:
                return
            if mode is None:  # os.open
                writing = bool(flags & _WRITE_FLAGS)
            else:
                writing = any(c in mode for c in "wax+")
            (pyc_writes if writing else pyc_reads).add(os.path.abspath(path))
        elif event == "compile":
            fn = args[1]
            if isinstance(fn, str) and fn.endswith(".py") and fn.startswith(STDLIB_SLASH):
                # The import system compiles from its frozen bootstrap code;
                # tests that compile() a file themselves are told apart.
                caller = sys._getframe(1).f_code.co_filename
                (src_compiles if caller.startswith("<frozen importlib") else test_compiles).add(fn)
    except Exception:
        pass


sys.addaudithook(_audit)

import json  # noqa: E402  (imported after the hook so their .pyc reads are seen)
import re  # noqa: E402
import unittest.result  # noqa: E402

modules = set()


def _note_module(name, m):
    f = getattr(m, "__file__", None)
    c = getattr(m, "__cached__", None)
    if isinstance(f, str) or isinstance(c, str):
        modules.add((name, f if isinstance(f, str) else None, c if isinstance(c, str) else None))


def _note_all_modules():
    for name, m in list(sys.modules.items()):
        _note_module(name, m)


outcomes, messages, started = {}, {}, {}
_TMPNAME = re.compile(r"\btmp[a-z0-9_]{8}\b")


def _tid(test):
    try:
        tid = test.id()
    except Exception:
        tid = str(test)
    # Doctests of temporary files are named after them (tempfile's "tmp"
    # plus 8 random characters); one name for both runs.
    return _TMPNAME.sub("tmp*", tid)


def _first_line(err):
    try:
        etype, value = err[0], err[1]
        text = str(value).strip().splitlines()
        return "%s: %s" % (getattr(etype, "__name__", etype), text[0] if text else "")
    except Exception:
        return "?"


owners = {}  # test id -> regression-test module that ran it
current = [None]


def _record(tid, outcome, err=None):
    outcomes.setdefault(tid, []).append(outcome)
    if current[0] is not None:
        owners.setdefault(tid, current[0])
    if err is not None:
        messages.setdefault(tid, _first_line(err))


def _patch_results():
    base = unittest.result.TestResult

    def wrap(name, outcome, has_err):
        orig = getattr(base, name)

        def method(self, test, *args):
            try:
                tid = _tid(test)
                started.pop(tid, None)
                _record(tid, outcome, args[0] if has_err and args and isinstance(args[0], tuple) else None)
            except Exception:
                pass
            return orig(self, test, *args)
        method.__name__ = name
        setattr(base, name, method)

    wrap("addSuccess", "ok", False)
    wrap("addFailure", "FAIL", True)
    wrap("addError", "ERROR", True)
    wrap("addSkip", "skip", False)
    wrap("addExpectedFailure", "xfail", True)
    wrap("addUnexpectedSuccess", "xpass", False)

    orig_start = base.startTest

    def startTest(self, test):
        try:
            tid = _tid(test)
            started[tid] = True
            if current[0] is not None:
                owners.setdefault(tid, current[0])
        except Exception:
            pass
        return orig_start(self, test)
    base.startTest = startTest

    orig_sub = base.addSubTest

    def addSubTest(self, test, subtest, err):
        try:
            if err is not None:
                failed = issubclass(err[0], test.failureException)
                _record(_tid(subtest), "FAIL" if failed else "ERROR", err)
                # The parent gets no addSuccess/addFailure in 3.8 when a
                # subtest failed; name that state instead of "incomplete".
                started[_tid(test)] = "subfail"
        except Exception:
            pass
        return orig_sub(self, test, subtest, err)
    base.addSubTest = addSubTest

    # Modules such as test_unpack_ex run doctest.testmod outside unittest;
    # record each docstring test they run as well.
    import doctest
    orig_run = doctest.DocTestRunner.run

    def run(self, test, *args, **kwargs):
        res = orig_run(self, test, *args, **kwargs)
        try:
            name = "doctest:" + _TMPNAME.sub("tmp*", test.name)
            _record(name, "FAIL" if res.failed else "ok")
            if res.failed:
                messages.setdefault(name, "%d of %d examples failed" % (res.failed, res.attempted))
        except Exception:
            pass
        return res
    doctest.DocTestRunner.run = run


def main():
    _patch_results()
    from test import support
    orig_unload = support.unload

    def unload(name):
        m = sys.modules.get(name)
        if m is not None:
            _note_module(name, m)
        return orig_unload(name)
    support.unload = unload

    from test.libregrtest.main import Regrtest
    regrtest_main = sys.modules["test.libregrtest.main"]  # the package exports a function main
    orig_runtest = regrtest_main.runtest

    def runtest(ns, test_name):
        current[0] = test_name
        try:
            return orig_runtest(ns, test_name)
        finally:
            current[0] = None
    regrtest_main.runtest = runtest
    sys.path[0] = os.getcwd()
    sys.argv[1:] = REGRTEST_ARGS
    r = Regrtest()
    code = None
    try:
        r.main()
    except SystemExit as e:
        code = e.code
    _note_all_modules()
    for tid, state in started.items():
        _record(tid, "subfail" if state == "subfail" else "incomplete")
    verdicts = {}
    for kind in ("good", "bad", "skipped", "resource_denieds", "environment_changed", "run_no_tests"):
        for t in getattr(r, kind, []):
            verdicts[t] = kind
    data = {
        "outcomes": {k: sorted(v) for k, v in outcomes.items()},
        "messages": messages,
        "owners": owners,
        "modules": sorted(list(m) for m in modules),
        "pyc_reads": sorted(pyc_reads),
        "pyc_writes": sorted(pyc_writes),
        "src_compiles": sorted(src_compiles),
        "test_compiles": sorted(test_compiles),
        "regrtest": {"exit": code if isinstance(code, int) else str(code), "verdicts": verdicts},
        "prefix": sys.pycache_prefix,
        "dont_write_bytecode": sys.dont_write_bytecode,
    }
    with open(OUT, "w") as f:
        json.dump(data, f, indent=0, sort_keys=True)
    sys.stdout.flush()
    os._exit(0)  # skip finalization noise; the verdict is in OUT


if __name__ == "__main__":
    main()
