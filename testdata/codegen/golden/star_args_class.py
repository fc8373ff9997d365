class A(*bases): pass
class B(base, **kw): pass
class C(x=1): pass
class D(a, b, *c, d=1, **e): pass
