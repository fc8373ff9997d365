class C:
    __a = 1
    def __m(self, __p):
        __q = __p
        return self.__a, __q, __builtins__
    def n(self, *, __k=1):
        import __foo
        import __bar.baz
        from __mod import __name as __alias
        return __k
    __x: int = 1
class _:
    __y = 1
class ___:
    __z = 1
