import a
import a.b.c
import a.b.c as d
import a.b as e, f
from a import b
from a.b import c as d, e
from . import x
from .. import y
from ..pkg import z
from .mod import *
from os import (path, sep as s)
def f():
    import q
    from r import t
    return q, t
