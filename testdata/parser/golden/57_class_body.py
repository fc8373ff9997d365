class C(Base):
    x = 1
    y: int = 2

    def __init__(self, a, *, b=None):
        super().__init__()
        self.a = a
        self.b = b

    @property
    def prop(self):
        return self.a

    @prop.setter
    def prop(self, v):
        self.a = v

    @staticmethod
    def s(): pass

    @classmethod
    def c(cls): return cls()

    async def am(self):
        return await self.x
