x.match
x.case
x.print
x.exec
x.async_
x.nonlocal_
print = 1
exec = 2
match = 3
