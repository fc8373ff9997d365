a.b
a.b.c
a.b.c.d
a().b
a.b()
(a).b
(a.b).c
a[0].b
"str".join
1 .real
x = a.b.c
