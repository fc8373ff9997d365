class M(type):
    def __new__(mcs, name, bases, ns, **kw):
        return super().__new__(mcs, name, bases, ns)
class C(metaclass=M, flag=True):
    def f(self):
        return __class__
