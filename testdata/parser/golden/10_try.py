try:
    pass
except:
    pass
try:
    a()
except E:
    b()
except (E1, E2) as e:
    c()
except E3 as e:
    pass
else:
    d()
finally:
    e()
try:
    pass
finally:
    pass
try:
    x = 1
except Exception as exc:
    raise
except:
    raise ValueError("x") from exc
