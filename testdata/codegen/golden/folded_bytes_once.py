# A folded empty bytes constant held once (see folded_empties.py): CPython's
# repeat made it a new object, so it has no ref flag, while the module's
# empty line table is the shared b''.
x = b"xy" * 0
