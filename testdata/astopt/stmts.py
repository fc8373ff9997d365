"a" + "b"
def f(a: 1 + 2 = -1, *, k=2 * 3) -> 3 * 4:
    "doc"
    x: 5 + 5 = 6 + 6
    return not a is b
class C:
    ("x" "y") * 2
not a in b
not a == b
(y := 1 + 2)
for i in [1, 2]:
    pass
async def g():
    async for i in [1, 2]:
        pass
    [j async for j in [3, 4]]
x = __debug__
x in [a, b]
[x for x in [a, b]]
x[1 + 1] = 3
{i for i in {a, 1}}
f"{'a' * 2}"
