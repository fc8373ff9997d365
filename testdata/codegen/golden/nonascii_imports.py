# Dotted module names keep the identifiers as written (ast.c joins the
# NAME tokens' bytes); a single name and an "as" name are NFKC-normalised.
import ab.ﬁx.c
import ﬁx.b
import ﬁx
import ab . ﬁx . d
from ﬁx.y import ﬁz
from ﬁx . y import z
from . ﬁx import q
from .ﬁx.ﬁy import r as ﬁr
import a.ﬁx as ﬁy


def f():
    import ﬁx.g.h
    from ..ﬁx.e import ﬁ
    return ﬁx.g, ﬁ


@ab.ﬁx.deco
def g():
    return ab.ﬁx.c
