class Base:
    attr = 1

    def method(self):
        return attr  # the module-level name, not the class attribute


class Derived(Base, metaclass=type):
    __slots = ()
    x = 1

    def uses_super(self):
        return super().method()

    def uses_class(self):
        return __class__

    def free_class(self):
        return x

    def __private(self, __arg):
        __local = __arg
        return self.__private, __local

    @staticmethod
    def static():
        def nested():
            return super
        return nested

    class Inner:
        def m(self):
            return __class__, Derived


def factory(v):
    class Local:
        attr = v
        w = v

        def get(self):
            return v, w

        def __init__(self):
            super().__init__()
    return Local


def maker():
    x = 1

    class K:
        nonlocal x
        x = 2

        def m(self):
            return x
    return K


class __Under:
    def f(self, __a):
        return __a


class ___:
    def f(self, __a):
        return __a


class Globals:
    global gx
    gx = 1

    def m(self):
        return gx
