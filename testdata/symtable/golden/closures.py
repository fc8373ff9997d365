"""Nested closures, nonlocal, global, cells and free names."""
import os.path as osp, sys
from collections import OrderedDict as OD, deque

counter = 0


def outer(a, b=counter, *args, c, d=2, **kw):
    x = a
    y = 1

    def middle():
        z = x

        def inner():
            nonlocal y
            y += 1
            return x + z + y + counter

        return inner

    def rebinds():
        global counter
        counter += 1
        del x

    return middle, rebinds


def shadow():
    def g():
        return v
    v = 1
    return g


def passthrough():
    q = 1

    def level1():
        def level2():
            def level3():
                return q
            return level3
        return level2
    return level1


def implicit_global():
    def g():
        return len(sys.argv), undefined_name
    return g


def decorated(f):
    return f


@decorated
def with_deco(p, /, q, *, r):
    try:
        pass
    except ValueError as err:
        return err
    else:
        with open(p) as (h, k):
            pass
    finally:
        del q
