def f():
    raise
def g():
    raise ValueError
def h():
    raise ValueError("x") from None
def k(e):
    raise TypeError() from e
