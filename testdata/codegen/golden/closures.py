def outer(a):
    b = 1
    def inner(c):
        nonlocal b
        b += c
        return a + b
    def inner2():
        return inner
    return inner, inner2
def counter():
    count = 0
    def inc():
        nonlocal count
        count += 1
        return count
    return inc
x = 5
def useglobal():
    global x
    x = 6
    del x
def cellarg(p):
    return lambda: p
