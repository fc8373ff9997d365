# An annotation is unparsed before the compiler stops at return outside a function.
from __future__ import annotations
def f(a: int) -> str: pass
return 1
