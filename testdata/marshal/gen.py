#!/usr/bin/env python3.8
"""Regenerate the marshal golden files with CPython 3.8.

Run from anywhere:  python3.8 testdata/marshal/gen.py
(the interpreter is taken from GOPYC_PYTHON38 or `pyenv prefix 3.8.18` when
this is started by another Python). It re-executes itself with
PYTHONHASHSEED=0 and -S so string hashes, and so frozenset order, are fixed.

Outputs, all beside this script:
  pyc/NAME.pyc        src/NAME.py compiled at optimization levels 0 and 2
                      (NAME.opt-2.pyc), unchecked-hash headers, co_filename
                      set to NAME.py
  values/NAME.bin     marshal.dumps(value) of crafted values (version 4)
  legacy/NAME.bin     marshal.dumps(value, version) for versions 0..3
  frozensets.bin      marshal.dumps of a list of (items, frozenset(items))
                      pairs, each frozenset built from its own items tuple
  constsets.bin       (items, constant) pairs: the frozenset constant CPython
                      compiles `x in {items...}` to (data for the compiler:
                      its order is not always frozenset(items), since the
                      compiler may rebuild the set from its own iteration)
  hashes.bin          marshal.dumps of a list of (value, hash(value)) pairs
                      (hash(None) and hash(...) are address-based: only
                      their low 17 bits are reproducible and stored)
"""
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def reexec():
    if sys.version_info[:2] == (3, 8) and os.environ.get("PYTHONHASHSEED") == "0" and sys.flags.no_site:
        return
    exe = sys.executable if sys.version_info[:2] == (3, 8) else None
    exe = os.environ.get("GOPYC_PYTHON38") or exe
    if not exe:
        prefix = subprocess.check_output(["pyenv", "prefix", "3.8.18"], text=True).strip()
        exe = os.path.join(prefix, "bin", "python3.8")
    env = dict(os.environ, PYTHONHASHSEED="0")
    sys.exit(subprocess.call([exe, "-S", os.path.abspath(__file__)] + sys.argv[1:], env=env))


def rt(s):
    """A non-interned copy of s (runtime-built strings are not interned)."""
    return "".join(list(s))


def values():
    import marshal
    shared = rt("shared-string")
    shared_big = 2 ** 100
    shared_tuple = (rt("x"), 1.25)
    selfref = []
    selfref.append(selfref)
    selfdict = {}
    selfdict["me"] = selfdict
    code = compile("def f(a, /, b, *c, d, **e):\n    return (a, b, c, d, e)\n", "crafted.py", "exec")
    v = {
        "singletons": (None, True, False, Ellipsis, StopIteration),
        "int_small": (0, 1, -1, 255, -256, 2 ** 31 - 1, -2 ** 31),
        "int_edges": (2 ** 31, -2 ** 31 - 1, 2 ** 15, 2 ** 30, 2 ** 45, 2 ** 60, 2 ** 62, 2 ** 63 - 1, -2 ** 63, 2 ** 63, 2 ** 64 + 5),
        "int_huge": (10 ** 100, -(10 ** 100), 2 ** 1000 - 1, -(2 ** 999)),
        "int_alone": 2 ** 40,
        "float_basic": (0.0, 1.5, -2.25, 1e308, 5e-324, 0.1),
        "float_special": (-0.0, float("inf"), float("-inf"), float("nan")),
        "complex": (1j, complex(1.5, -2.0), complex(-0.0, float("nan")), complex(float("inf"), 0.0)),
        "str_empty": rt(""),
        "str_ascii": (rt("a"), rt("hello world"), rt("x" * 255), rt("y" * 256), rt("z" * 1000)),
        "str_interned": (sys.intern(rt("name")), sys.intern(rt("n" * 300)), sys.intern(rt("ñame")), sys.intern(rt("日本"))),
        "str_unicode": (rt("é"), rt("ünïcödé"), rt("\u20ac"), rt("日本語"), rt("\U0001F600"), rt("x" * 300 + "é")),
        "str_surrogates": (rt("\ud800"), rt("a\udfffb"), rt("\udbff\udc00"), rt("\ud83d\ude00")),
        "str_latin1_range": rt("\x80\xff\xe9"),
        "bytes": (b"", b"\x00\xff", bytes(range(256)), bytes(300)),
        "bytes_alone": b"just bytes",
        "tuple_empty": (),
        "tuple_nested": ((1, 2), (3, (4, (5, ()))), ((),)),
        "tuple_big": tuple(range(300)),
        "tuple_255": tuple(range(255)),
        "tuple_256": tuple(range(256)),
        "frozenset_empty": frozenset(),
        "frozenset_small": frozenset({1, 2, 3}),
        "frozenset_nested": frozenset({frozenset({1, 2}), frozenset(), (1, frozenset({"a"}))}),
        "frozenset_mixed": frozenset({"a", b"a", 1, 2.5, (1, 2), None, 1j}),
        "list_empty": [],
        "list_nested": [1, [2, [3, []]], "x"],
        "dict_empty": {},
        "dict_mixed": {"a": 1, 2: [3], (4, 5): {"six": 6.0}, None: b"n"},
        "set_empty": set(),
        "set_small": {1, 2, "three"},
        "shared_refs": (shared, shared, [shared, shared], {shared: shared}),
        "shared_containers": (shared_tuple, shared_tuple, shared_big, shared_big, [shared_tuple]),
        "selfref_list": selfref,
        "selfref_dict": selfdict,
        "code": code,
        "code_module": compile(open(os.path.join(HERE, "src", "closures.py")).read(), "closures.py", "exec"),
    }
    os.makedirs(os.path.join(HERE, "values"), exist_ok=True)
    for name, val in v.items():
        with open(os.path.join(HERE, "values", name + ".bin"), "wb") as f:
            f.write(marshal.dumps(val))

    legacy = {
        "v0_mixed": ((1.5, 2j, "s", (1, 2), [3], {4: 5}, 2 ** 70), 0),
        "v1_floats": ((0.1, -0.0, float("inf"), float("nan"), complex(1e300, -1e-300)), 1),
        "v2_binary_floats": ((0.1, complex(2, 3), rt("interned?")), 2),
        "v3_refs_unicode": ((shared, shared, sys.intern(rt("name")), "é"), 3),
    }
    os.makedirs(os.path.join(HERE, "legacy"), exist_ok=True)
    for name, (val, ver) in legacy.items():
        with open(os.path.join(HERE, "legacy", name + ".bin"), "wb") as f:
            f.write(marshal.dumps(val, ver))


def frozensets():
    import marshal
    cases = [
        (),
        (1,),
        (1, 2, 3),
        (3, 2, 1),
        tuple(range(5)),
        tuple(range(6)),
        tuple(range(10)),
        tuple(range(20)),
        tuple(range(100)),
        tuple(range(99, -1, -1)),
        tuple(range(0, 800, 8)),
        tuple(range(0, 1024, 64)),
        tuple(-i for i in range(12)),
        (-1, -2, 2 ** 61 - 1, 2 ** 61, 2 ** 64, -(2 ** 64), 10 ** 30),
        (8, 16, 24, 32, 40, 48, 56, 64, 72, 80),
        (0, 8, 16, 1, 9, 17, 2, 10, 18),
        ("a",),
        ("a", "b", "c", "d", "e"),
        ("a", "b", "c", "d", "e", "f"),
        tuple("abcdefghijklmnopqrstuvwxyz"),
        tuple(rt("word%d" % i) for i in range(40)),
        ("", " ", "  ", "\t", "\n"),
        ("é", "ü", "ñ", "日本", "\U0001F600", "\ud800", "\x80", "\xff"),
        ("alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta", "iota", "kappa"),
        (b"", b"a", b"ab", b"\x00", b"\xff\xfe"),
        tuple(bytes([i]) * i for i in range(1, 16)),
        (0.0, 0.5, 1.5, -2.25, 1e100, 1e-100, 3.14159),
        (float("inf"), float("-inf"), 0.1, 0.2, 0.3),
        (1, 1.0, True),
        (True, 1, 1.0),
        (1.0, 1, True, 0, False, 0.0),
        (0, -0.0, 0.0, False),
        (1j, 2j, 1 + 1j, complex(0.5, -0.5), 3),
        (1, 1 + 0j, 2, 2.0),
        ((1, 2), (2, 1), (1, 2, 3), (), ((),)),
        ((1, "a"), (1, "b"), (2, "a"), ("a", 1)),
        (1, "1", b"1", 1.5, (1,), 1j),
        ("x", 1, "y", 2, "z", 3, "w", 4.0, "v", (5,)),
        (frozenset(), frozenset({1}), frozenset({1, 2}), frozenset({"a"})),
        (frozenset({frozenset({1}), 2}), frozenset({3, frozenset()})),
        (None,),
        (None, 1, 2),
        (None, "a", 1.5, (1, 2)),
        (None, Ellipsis),
        tuple(range(1000, 1100, 7)),
        tuple(i * 2 ** 32 for i in range(12)),
        tuple(2 ** i for i in range(64)),
        tuple(-(2 ** i) for i in range(40)),
        tuple(range(0, 3000, 3)),
        tuple(rt(chr(0x100 + i)) for i in range(30)),
        tuple(rt("k" + str(i)) for i in range(200)),
        tuple(i / 7 for i in range(30)),
        (1, 2, 3, 1, 2, 3, "a", "a", b"a", b"a"),
        (9, 17, 25, 33, 41, 49, 57, 65, 73, 81, 89, 97, 105),
        (2 ** 61 - 2, 2 ** 61 - 1, 2 ** 61, 2 ** 61 + 1, -(2 ** 61)),
    ]
    # Not here: tuples holding None or Ellipsis as set members. Their hash
    # mixes every bit of an address that ASLR randomises, so CPython's own
    # order for such sets varies from run to run.
    pairs = [(c, frozenset(c)) for c in cases]
    with open(os.path.join(HERE, "frozensets.bin"), "wb") as f:
        f.write(marshal.dumps(pairs))

    # The frozenset constant the compiler makes of `x in {...}` for every
    # case whose members can be written as literals.
    compiled = []
    for c in cases:
        if not c:
            continue
        src = "x in {" + ", ".join(map(repr, c)) + "}"
        try:
            co = compile(src, "s", "eval")
        except SyntaxError:
            continue
        if not co.co_consts or not isinstance(co.co_consts[0], frozenset):
            continue
        if eval(src.replace("x in ", ""), {"inf": float("inf")}) != set(c):
            continue  # repr did not round-trip (nan, inf, ...)
        compiled.append((c, co.co_consts[0]))
    with open(os.path.join(HERE, "constsets.bin"), "wb") as f:
        f.write(marshal.dumps(compiled))

    # hash() of every frozenset member and of the frozensets themselves,
    # plus a few extra values, as (value, hash) pairs.
    seen = []
    for c, fs in pairs:
        seen.extend(c)
        seen.append(fs)
        seen.append(c)
    seen.extend([rt("x" * n) for n in range(0, 20)])
    seen.extend([rt("\u0100" * n) for n in range(1, 10)])
    seen.extend([rt("\U00010000" * n) for n in range(1, 6)])
    seen.extend([bytes(range(n)) for n in range(0, 20)])
    seen.extend([-1, -2, 2 ** 61 - 1, -(2 ** 61 - 1), 2 ** 100, -(2 ** 100), 0.5, -0.5, 1e-310, 2.0 ** 70,
                 -1.0, complex(-1.0, 0.0), complex(0.0, -1.0), (), ((),), (-1,), (None,), None, Ellipsis])
    def addr_hashed(x):
        if isinstance(x, (tuple, frozenset)):
            return any(y is None or y is Ellipsis or addr_hashed(y) for y in x)
        return False
    # For None and Ellipsis only the low 17 bits are stable (see hash.go).
    hashes = [(x, hash(x) & 0x1FFFF if x is None or x is Ellipsis else hash(x))
              for x in seen if not addr_hashed(x)]
    with open(os.path.join(HERE, "hashes.bin"), "wb") as f:
        f.write(marshal.dumps(hashes))


def pycs():
    import py_compile
    src = os.path.join(HERE, "src")
    out = os.path.join(HERE, "pyc")
    os.makedirs(out, exist_ok=True)
    for name in sorted(os.listdir(src)):
        if not name.endswith(".py"):
            continue
        base = name[:-3]
        for opt, suffix in ((0, ".pyc"), (2, ".opt-2.pyc")):
            py_compile.compile(os.path.join(src, name), cfile=os.path.join(out, base + suffix),
                               dfile=name, doraise=True, optimize=opt,
                               invalidation_mode=py_compile.PycInvalidationMode.UNCHECKED_HASH)


if __name__ == "__main__":
    reexec()
    values()
    frozensets()
    pycs()
