assert x
assert x, "message"
assert x > 0, f"bad {x}"
def f(y):
    assert y is not None
