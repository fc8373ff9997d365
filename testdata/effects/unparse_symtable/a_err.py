# The symbol table rejects the file before any annotation is compiled.
from __future__ import annotations
def f(a: int) -> str: pass
nonlocal x
