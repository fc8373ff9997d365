def f():
    global g
    def g():
        pass
    class H:
        def m(self): pass
    return H
class C:
    global D
    class D:
        pass
