g = 1
def f():
    global g
    g += 1
    def h():
        global g
        return g
    return h
def outer():
    x = 1
    def mid():
        def inner():
            nonlocal x
            x = 2
        return inner
    return mid
class C:
    global q
    q = 1
