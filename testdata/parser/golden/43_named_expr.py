if (n := len(a)) > 10:
    pass
while (line := f.readline()):
    pass
[y := f(x), y ** 2]
f(x := 1)
print(z := 2)
x = (y := 3)
{(a := 1): (b := 2)}
[i for i in range(5) if (j := i)]
def f(a=(b := 1)): pass
lambda: (x := 1)
