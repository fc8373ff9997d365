x = 1
def f():
    global x
    global a, b, c
    x = 2
def g():
    y = 1
    def h():
        nonlocal y
        nonlocal y, y
        y = 2
    return h
