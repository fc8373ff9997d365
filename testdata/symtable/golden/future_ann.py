"""Docstring before the future import."""
from __future__ import annotations, division


def f(a: Undefined1) -> Undefined2:
    x: Undefined3 = 1
    return x


class C:
    y: Undefined4
