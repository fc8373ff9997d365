def f():
    try:
        return 1
    finally:
        print("x")
def g():
    for i in range(3):
        try:
            if i:
                break
            continue
        finally:
            print(i)
def h():
    try:
        x = 1
    except E as e:
        return e
    else:
        return x
    finally:
        del x
def k():
    try:
        pass
    finally:
        return 2
def m():
    while 1:
        try:
            pass
        finally:
            break
