a, *b = c
*a, b = c
a, *b, c = d
[*a] = b
(*a,) = b
print(*a)
print(*a, *b)
x = [*a, *b]
x = (*a, *b)
x = {*a, *b}
x = *a, *b
for a, *b in c: pass
def f(): return *a, *b
