import asyncio
from typing import List


async def fetch(url: str, *, retries: int = 3) -> bytes:
    async with session(url) as resp:
        async for chunk in resp:
            await asyncio.sleep(0)
    return await resp.read()


async def agen():
    yield 1
    await asyncio.sleep(0)


async def comps(xs):
    a = [x async for x in xs]
    b = [await x for x in xs]
    c = (x async for x in xs)
    d = {x: y async for x, y in xs}
    return a, b, c, d


def sync_with_async_gen(xs):
    return (await x for x in xs)


def gen():
    x = yield
    yield from range(x)


def annotated(a: int, *b: "str", c: List[int] = [], **d: dict) -> None:
    local: int = 1
    other: str
    (paren): int = 2
    obj.attr: int = 3
    obj[0]: int
    return None


class Ann:
    field: int
    value: str = "v"
    __private: bytes


module_level: float = 1.0
undefined_ann: Unknown


def lambdas():
    f = lambda: 0
    g = lambda a, *b, c=1, **d: (a, b, c, d, f)
    h = lambda: (yield)
    return f, g, h
