def f(a: int) -> int: pass
def f(a: int = 1, *b: str, c: float, d: "x" = 2, **e: dict) -> None: pass
def f(a: (1, 2), b: lambda: 3) -> [int]:
    pass
def f(*, a: int): pass
def f(a: int, /, b: str): pass
async def g(x: int) -> "y": pass
