def f():
    try:
        try:
            x = 1
        except A:
            return 2
        finally:
            y = 3
    except B as e:
        try:
            pass
        finally:
            return e
    return 0
