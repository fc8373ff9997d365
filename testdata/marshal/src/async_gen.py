import asyncio


async def fetch(n):
    await asyncio.sleep(0)
    return n * 2


async def agen(limit):
    for i in range(limit):
        yield await fetch(i)


async def main():
    async with asyncio.Lock() as lock:
        results = [x async for x in agen(5)]
    return results, lock


def gen():
    x = yield 1
    yield from range(x or 3)
