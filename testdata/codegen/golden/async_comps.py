async def f():
    return (await y for y in z), [await y for y in z], {y async for y in z}
async def g():
    return [x async for x in y if await x]
