#!/usr/bin/env python3
"""Regenerates testdata/pyc/golden.json with CPython 3.8.

Run: $(pyenv prefix 3.8.18)/bin/python3.8 -S testdata/pyc/gen.py
(or with GOPYC_PYTHON38). Every expected value comes from CPython's own
importlib: cache_from_source / source_from_cache under a fixed fake working
directory and pycache prefix, _imp.source_hash, and the header writers.
"""
import importlib._bootstrap_external as be
import importlib.util
import json
import os
import posix
import sys

assert sys.version_info[:2] == (3, 8), sys.version

HERE = os.path.dirname(os.path.abspath(__file__))


def big_source():
    # The 1 MB case; pyc/golden_test.go builds the same bytes.
    parts = []
    i = 0
    while sum(map(len, parts)) < 1 << 20:
        parts.append(("x%d = '%s' # \u00e9\u4e2d\n" % (i, "ab" * (i % 7))).encode("utf-8"))
        i += 1
    return b"".join(parts)


def run(fn, *a, **k):
    try:
        return {"ok": fn(*a, **k)}
    except Exception as e:
        return {"err": type(e).__name__}


def cache_cases():
    paths = [
        "foo.py", "pkg/foo.py", "./foo.py", "./pkg/./foo.py", "../foo.py", "../../a/b.py",
        "/abs/dir/foo.py", "/abs/dir//foo.py", "/abs/dir/", "/foo.py", "//foo.py", "dir/",
        "foo", "foo.bar.py", ".py", "dir.d/noext", ".hidden.py", "a/b/c/d/e.py",
        "/abs/trailing//", "pkg/__init__.py", "x/../y.py", "/tmp/caf\u00e9.py", "",
    ]
    cwds = ["/home/u/proj", "/home/u/proj/", "/"]
    prefixes = [None, "/cache", "/cache/", "rel/cache", "./rel", "/"]
    out = []
    for cwd in cwds:
        posix.getcwd = lambda cwd=cwd: cwd
        for prefix in prefixes:
            sys.pycache_prefix = prefix
            for path in paths:
                for opt in ["", "1", "2"]:
                    if prefix is None and cwd != cwds[0]:
                        continue  # the working directory is read only with a prefix
                    if opt and path not in ("foo.py", "/abs/dir/foo.py", "pkg/foo.py"):
                        continue
                    r = run(be.cache_from_source, path, optimization=opt)
                    out.append(dict(path=path, opt=opt, cwd=cwd, prefix=prefix or "", **r))
    for bad in ["a.b", "-1", " "]:
        sys.pycache_prefix = None
        out.append(dict(path="foo.py", opt=bad, cwd=cwds[0], prefix="", **run(be.cache_from_source, "foo.py", optimization=bad)))
    sys.pycache_prefix = None
    return out


def reverse_cases():
    cases = [
        ("", "__pycache__/foo.cpython-38.pyc"), ("", "/a/b/__pycache__/foo.cpython-38.opt-1.pyc"),
        ("", "/a/b/foo.cpython-38.pyc"), ("", "__pycache__/foo.pyc"), ("", "__pycache__/a.b.c.d.pyc"),
        ("", "__pycache__/foo.cpython-38.opt-.pyc"), ("", "__pycache__/foo.cpython-38.xxx-1.pyc"),
        ("/cache", "/cache/home/u/foo.cpython-38.pyc"), ("/cache/", "/cache/home/u/foo.cpython-38.opt-2.pyc"),
        ("/cache", "/other/__pycache__/foo.cpython-38.pyc"), ("/cache", "/cachex/foo.cpython-38.pyc"),
    ]
    out = []
    for prefix, path in cases:
        sys.pycache_prefix = prefix or None
        out.append(dict(path=path, prefix=prefix, **run(be.source_from_cache, path)))
    sys.pycache_prefix = None
    return out


def hash_cases():
    srcs = {
        "empty": b"", "one": b"x", "seven": b"abcdefg", "eight": b"abcdefgh", "nine": b"abcdefghi",
        "ascii": b"print('hello world')\n", "nonascii": "s = '\u00e9\u4e2d\U0001f600'\n".encode(),
        "latin1": b"# coding: latin-1\ns = '\xe9'\n", "crlf": b"a = 1\r\nb = 2\r\n", "nul": b"\x00\xff\x80",
        "sixteen": bytes(range(16)), "long": bytes(range(256)) * 3,
    }
    out = [dict(name=k, src=v.hex(), hash=importlib.util.source_hash(v).hex()) for k, v in srcs.items()]
    out.append(dict(name="big", src="", hash=importlib.util.source_hash(big_source()).hex()))
    return out


def header_cases():
    code = compile("x = 1\n", "h.py", "exec")
    body = len(__import__("marshal").dumps(code))
    out = []
    for mtime, size in [(0, 0), (1700000000, 123), (2**32 + 5, 2**33 + 7), (-1, 5)]:
        out.append(dict(mode="timestamp", mtime=mtime, size=size, src="",
                        header=bytes(be._code_to_timestamp_pyc(code, mtime, size))[:16].hex()))
    src = b"x = 1\n"
    h = importlib.util.source_hash(src)
    for checked in (True, False):
        out.append(dict(mode="checked-hash" if checked else "unchecked-hash", mtime=0, size=0, src=src.hex(),
                        header=bytes(be._code_to_hash_pyc(code, h, checked))[:16].hex()))
    assert body > 0
    return out


def main():
    doc = dict(
        magic=importlib.util.MAGIC_NUMBER.hex(),
        cache_from_source=cache_cases(),
        source_from_cache=reverse_cases(),
        source_hash=hash_cases(),
        headers=header_cases(),
    )
    with open(os.path.join(HERE, "golden.json"), "w") as f:
        json.dump(doc, f, indent=1, ensure_ascii=False)
        f.write("\n")


main()
