a = [x for x in range(10)]
b = {x for x in y if x if not x}
c = {k: v for k, v in d.items()}
d = [x * y for x in range(3) for y in range(x) if y]
e = [[y for y in x] for x in z]
def f(n):
    return [i + n for i in range(n)], (j for j in n)
class C:
    v = 1
    w = [v for _ in range(3)]
