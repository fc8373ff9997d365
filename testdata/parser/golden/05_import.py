import os
import os.path
import os.path as p
import a, b.c, d as e
from os import path
from os import path as p, sep
from os import (path, sep,)
from os import (path as p,
                sep as s)
from . import x
from .. import y
from ... import z
from .... import w
from .a import b
from ..a.b import c as d
from os import *
from __future__ import annotations
