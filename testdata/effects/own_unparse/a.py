# The effect this file has on the process counts for its own bytes too.
from __future__ import annotations
def f(x: int): pass
c = "{"
d = "}}"
