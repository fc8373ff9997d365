# A dotted import name is raw, the names it imports are identifiers.
import été.b
from x.é import é
