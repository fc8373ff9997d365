def f():
    try:
        pass
    finally:
        pass
    try:
        return
    finally:
        return
