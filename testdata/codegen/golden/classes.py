class A:
    """Doc."""
    x = 1
    def __init__(self):
        self.__priv = 2
        self._A__other = 3
    def get(self):
        return self.__priv
    @staticmethod
    def s():
        return __name__
    @classmethod
    def c(cls):
        return cls
    @property
    def p(self):
        return 1
class B(A, metaclass=type):
    def __init__(self):
        super().__init__()
    def m(self):
        return __class__
class Empty: pass
class __Under:
    __x = 1
    def __f(self): return self.__x
