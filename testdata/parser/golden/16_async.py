async def f():
    await x
    await f()
    async with a as b:
        pass
    async with a, b:
        pass
    async for x in y:
        pass
    async for x in y:
        pass
    else:
        pass
    return [x async for x in y]
async def g():
    yield 1
    x = await y + await z
    return await (a)
async def h():
    r = {x async for x in y if await x}
    s = (x async for x in y)
    t = {k: v async for k, v in z}
    await asyncio.sleep(1)
