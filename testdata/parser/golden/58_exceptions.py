try:
    try:
        pass
    except A:
        pass
    finally:
        pass
except (A, B):
    pass
except C as e:
    del e
else:
    try:
        pass
    except:
        pass
finally:
    try:
        pass
    finally:
        pass
