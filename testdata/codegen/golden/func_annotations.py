def f(a: int, b: "str" = "x", *args: list, c: float, **kw: dict) -> bool:
    return True
def g(x: int, /, y: int) -> None: ...
class C:
    def m(self, __p: int) -> "C":
        return self
