# ast.c stops at the first error, before the \N escape.
f() = 1
x = "\N{BULLET}"
