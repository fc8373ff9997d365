def f():
    return
def f():
    return 1
def f():
    return 1, 2
def f():
    return *a, b
def f():
    raise
def f():
    raise E
def f():
    raise E("x")
def f():
    raise E from cause
def f():
    raise E() from None
