pass
for x in y:
    break
for x in y:
    continue
while 1: break
class C: pass
def f(): pass
if x: pass
else: pass
