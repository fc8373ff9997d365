while True:
    if x:
        break
else:
    y = 1
while 1:
    pass
