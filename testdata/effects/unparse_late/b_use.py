def f(c):
    return c == "{", c == "}"
