class C:
    def f(self):
        return super().f()
    def g(self):
        def h():
            return __class__
        return h
class D:
    x = 1
    def f(self):
        x = 2
        class E:
            y = x
            def g(self):
                return x
        return E
