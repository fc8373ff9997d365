def deco(f): return f
@deco
def f(): pass
@deco
@deco(1)
@a.b.c
def g(x):
    return x
@deco
class C:
    @deco
    def m(self): pass
