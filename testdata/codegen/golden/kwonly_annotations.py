def f(*, a: int = 1, b: str, **k: dict) -> None:
    pass
def g(a, /, b=1, *c, d=2) -> int:
    return a
