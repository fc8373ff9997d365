if a and b:
    x = 1
if a or b:
    x = 2
if a and (b or c):
    x = 3
if not (a and b):
    x = 4
if (a if b else c):
    x = 5
x = a and b or c
y = not a
while a and not b:
    pass
r = a if b else c
