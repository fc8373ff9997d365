from __future__ import annotations

import typing


def f(x: int, y: "str" = "d") -> typing.List[int]:
    z: dict = {}
    return [x, len(y), len(z)]


class C:
    attr: int = 3
    other: typing.Optional[C] = None
