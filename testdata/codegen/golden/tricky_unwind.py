def f(xs):
    for x in xs:
        try:
            with x as y:
                try:
                    return y
                finally:
                    if y:
                        break
        except E:
            continue
        finally:
            pass
    return None
def g():
    try:
        pass
    except E:
        pass
    finally:
        return 1
def h(xs):
    while xs:
        try:
            xs.pop()
        finally:
            continue
async def a(xs):
    async for x in xs:
        async with x as y:
            if y:
                break
            if not y:
                continue
            return y
    try:
        pass
    finally:
        await xs
def gen():
    try:
        yield 1
    finally:
        yield 2
    with a:
        yield 3
