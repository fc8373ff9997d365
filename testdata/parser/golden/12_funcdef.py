def f(): pass
def f(a): pass
def f(a, b): pass
def f(a, b=1): pass
def f(a=1, b=2): pass
def f(*args): pass
def f(**kwargs): pass
def f(*args, **kwargs): pass
def f(a, *, b): pass
def f(a, *, b=1, c): pass
def f(a, /): pass
def f(a, /, b): pass
def f(a, b=1, /, c=2, *d, e, f=3, **g): pass
def f(a,): pass
def f(*a,): pass
def f(**a,): pass
def f(a, *, b,): pass
def f(
    a,
    b,
):
    return a + b
def f():
    """docstring"""
    return
