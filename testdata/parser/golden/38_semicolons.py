a = 1; b = 2
a = 1; b = 2;
pass; pass
if x: a; b
if x: a; b;
def f(): return 1; pass
x = 1 ; y = 2 ; z = 3
