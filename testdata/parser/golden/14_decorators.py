@dec
def f(): pass
@dec()
def f(): pass
@dec(1, 2, a=3)
def f(): pass
@a.b.c
def f(): pass
@a.b.c(d)
def f(): pass
@dec1
@dec2(x)
@dec3.y
class C: pass
@dec
async def g(): pass
@dec(x for x in y)
def f(): pass
@dec(*a, **k)
def f():
    pass
