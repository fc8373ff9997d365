1
"x"
f()
a.b
a[0]
-x
x + 1
(yield_ := 1)
...
None
