# The compiler stops at the misplaced import before any annotation: no unparse.
from __future__ import annotations
x = 1
from __future__ import division
def f(a: int) -> str: pass
