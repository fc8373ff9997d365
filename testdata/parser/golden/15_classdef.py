class A: pass
class A(): pass
class A(B): pass
class A(B, C): pass
class A(B, metaclass=M): pass
class A(*bases, **kw): pass
class A(B, x=1, *c, **d):
    x = 1
    def f(self):
        return self.x
    class Inner:
        pass
class A(
    B,
):
    """doc"""
