"""For each .pyc path read from stdin, prints CPython 3.8's dis.dis() of its
code object as one JSON line {"path": P, "text": T} (or {"path", "error"}).
Used by package dis's differential test. Run with python3.8 -S and
PYTHONHASHSEED=0 (frozenset order in reprs depends on string hashes).
"""
import dis
import io
import json
import marshal
import sys

for line in sys.stdin:
    path = line.rstrip("\n")
    if not path:
        continue
    try:
        with open(path, "rb") as f:
            co = marshal.loads(f.read()[16:])
        buf = io.StringIO()
        dis.dis(co, file=buf)
        rec = {"path": path, "text": buf.getvalue()}
    except Exception as e:
        rec = {"path": path, "error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(rec) + "\n")
