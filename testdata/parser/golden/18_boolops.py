a and b
a or b
a and b and c
a or b or c
a and b or c
a or b and c
not a
not not a
not a and not b
(a or b) and c
a and (b or c)
x = a if b else c
x = a if b else c if d else e
x = (a if b else c) if d else e
