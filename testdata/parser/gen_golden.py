"""Regenerates testdata/parser/golden/*.json: CPython 3.8's AST dump (or
error) and warnings for each golden/*.py, as astdump.py reports them.

Run from the repository root: python3.8 -S testdata/parser/gen_golden.py
"""
import glob
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from astdump import verdict  # noqa: E402


def main():
    os.chdir(os.path.join(here, "golden"))
    for path in sorted(glob.glob("*.py")):
        v = verdict(path)
        with open(path[:-3] + ".json", "w") as f:
            json.dump(v, f, indent=0)
            f.write("\n")
    print("done")


if __name__ == "__main__":
    main()
