x: int
y: int = 1
z: "str" = "a"
a.b: int
a[0]: int = 2
(w): int = 3
class C:
    p: int
    q: str = "x"
    __r: int = 1
def f():
    v: int = 1
    u: int
    return v
