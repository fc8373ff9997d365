x = 1
del x
del a.b, c[0], d[1:2]
def f():
    y = 1
    del y
def g():
    z = 1
    def h(): return z
    del z
    return h
