def a():
    def b():
        def c():
            return 1
        return c
    return b
class X:
    class Y:
        def z(self):
            def w(): pass
            return w
def q():
    class R:
        def s(self): pass
    return R
