x = 1
if x is ():
    pass
y = f"{x is 1}"
z = [a for a in b if a is -1]
