def f():
    for i in range(3):
        try:
            return i
        finally:
            continue
def g():
    try:
        pass
    finally:
        for i in x:
            break
