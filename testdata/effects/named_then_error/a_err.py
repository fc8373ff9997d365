# The \N escape is decoded before ast.c stops at the error after it.
x = "\N{BULLET}"
f() = 1
