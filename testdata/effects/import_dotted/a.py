# Parts of a dotted import name are joined as bytes, never normalised:
# no unicodedata import.
import ａ.b
from été.b import c
import x.é as y, é.x
