async def f(x):
    await x
    async with a as b:
        await b
    async for i in x:
        print(i)
    else:
        pass
    return [i async for i in x]
async def g():
    yield 1
    yield
async def h():
    async with a, b as c:
        return c
    async for i in y:
        break
    async for j in y:
        continue
async def comp(x):
    return {i: await i for i in x}, (await j async for j in x)
