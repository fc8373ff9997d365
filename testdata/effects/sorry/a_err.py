# An IndentationError: py_compile reports it on one "Sorry:" line.
if x:
pass
