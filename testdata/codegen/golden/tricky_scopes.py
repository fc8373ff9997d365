global g
class A:
    def m(self):
        return [__class__ for _ in range(2)]
    def n(self):
        class B:
            def o(self):
                nonlocal self_
                return self_
        self_ = self
        return B
def f(a, b=lambda: c):
    c = 1
    def inner(d=a):
        return a, d, c
    return inner
def deco_lines():
    @a(
        1)
    @b
    def g(): pass
    return g
d = {
    'a': 1,
    'b': f(
        2),
}
call(a,
     k=b,
     *c)
