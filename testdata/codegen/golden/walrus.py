if (n := len(a)) > 10:
    print(n)
while chunk := f.read():
    pass
def f(x):
    return [y := x, y ** 2]
z = [last := v for v in range(3)]
