x: int
x: int = 1
(x): int = 1
a.b: str
a[0]: float = 0.0
x: "List[int]" = []
y: list = [1, 2, 3]
z: tuple = 1, 2
def f():
    w: int
    v: int = 5
class C:
    attr: int = 3
    other: str
