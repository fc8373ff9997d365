def outer(a):
    def inner(b):
        def innermost(c):
            return a + b + c
        return innermost
    return inner
class A:
    class B:
        class C:
            def m(self):
                def n():
                    pass
                return n
def f():
    class Local:
        pass
    return Local
