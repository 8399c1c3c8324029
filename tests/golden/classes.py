ʹs0ʹclasses = _rt.String('hello, ')
ʹs1ʹclasses = _rt.String(')')
ʹs2ʹclasses = _rt.String(', ')
ʹs3ʹclasses = _rt.String('(')

class Named:
    __slots__ = ()

    def greeting(self):
        return ʹs0ʹclasses.add(self.name())

class Point:
    __slots__ = ('x', 'y', 'visits')

    @staticmethod
    def create(xʹ, yʹ):
        self = _new(Point)
        _acct.counted += 56
        self.visits = 0
        self.x = xʹ
        self.y = yʹ
        return self

    @staticmethod
    def origin():
        self = _new(Point)
        _acct.counted += 56
        self.visits = 0
        self.x = 0
        self.y = 0
        return self

    def name(self):
        return ʹs3ʹclasses.add(_rt.String(str(self.x))).add(ʹs2ʹclasses).add(_rt.String(str(self.y))).add(ʹs1ʹclasses)

    def visit(self):
        ʹold1 = self.visits
        self.visits = ʹw2 if (ʹw2 := (self.visits + 1)) <= 4294967295 else ʹw2 - 4294967296
        return ʹold1

class Geometry:
    __slots__ = ()

    def manhattan(self, a, b):
        return ʹw3 if -9223372036854775808 <= (ʹw3 := ((_num.I64.abs(ʹw1 if -9223372036854775808 <= (ʹw1 := (a.x - b.x)) <= 9223372036854775807 else ʹw1 - 18446744073709551616 if ʹw1 > 9223372036854775807 else ʹw1 + 18446744073709551616) + 9223372036854775808 & 18446744073709551615) - 9223372036854775808 + ((_num.I64.abs(ʹw2 if -9223372036854775808 <= (ʹw2 := (a.y - b.y)) <= 9223372036854775807 else ʹw2 - 18446744073709551616 if ʹw2 > 9223372036854775807 else ʹw2 + 18446744073709551616) + 9223372036854775808 & 18446744073709551615) - 9223372036854775808))) <= 9223372036854775807 else ʹw3 - 18446744073709551616 if ʹw3 > 9223372036854775807 else ʹw3 + 18446744073709551616

    def create(self):
        return self
Geometry = Geometry()

class Stack:
    __slots__ = ('_items',)

    def push(self, a):
        self._items.append(a)
        _acct.counted += 8

    def pop(self):
        return self._items.pop()

    @staticmethod
    def create():
        self = _new(Stack)
        _acct.counted += 40
        self._items = _rt.Array.create(0)
        return self

class Main(_Actor):
    __slots__ = ()

    def _c_create(self, env):
        p = Point.create(3, -4)
        env.out.print(p.greeting())
        env.out.print(_rt.String(str(Geometry.manhattan(p, Point.origin()))))

    @staticmethod
    def create(env):
        return _spawn(Main, Main._c_create, (env,))
