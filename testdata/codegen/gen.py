"""Regenerates the golden dumps: for each golden/NAME.py, golden/NAME.dump
holds CPython 3.8's code objects at optimize levels 0, 1 and 2 in dump.py's
format. Run from anywhere:

    $(pyenv prefix 3.8.18)/bin/python3.8 -S testdata/codegen/gen.py

(GOPYC_PYTHON38 names another 3.8 interpreter; this script re-executes
itself under it when run by a different Python.)
"""
import glob
import os
import subprocess
import sys

here = os.path.dirname(os.path.abspath(__file__))


def python38():
    p = os.environ.get("GOPYC_PYTHON38")
    if p:
        return p
    prefix = subprocess.check_output(["pyenv", "prefix", "3.8.18"], text=True).strip()
    return os.path.join(prefix, "bin", "python3.8")


def main():
    py = python38()
    if sys.version_info[:2] != (3, 8):
        os.execv(py, [py, "-S", os.path.abspath(__file__)] + sys.argv[1:])
    gold = os.path.join(here, "golden")
    names = sorted(os.path.basename(p) for p in glob.glob(os.path.join(gold, "*.py")))
    env = dict(os.environ, PYTHONHASHSEED="0")
    for name in names:
        out = subprocess.check_output(
            [py, "-S", os.path.join(here, "dump.py"), "-O", "0,1,2", name], cwd=gold, env=env)
        with open(os.path.join(gold, name[:-3] + ".dump"), "wb") as f:
            f.write(out)
    print("wrote %d dumps" % len(names))


main()
