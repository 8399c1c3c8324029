ʹs0ʹactors = _rt.String(' numbers, total ')
ʹs1ʹactors = _rt.String('added ')

class Counter(_Actor):
    __slots__ = ('_out', '_total', '_count')

    def _c_create(self, out):
        self._total = 0
        self._count = 0
        self._out = out

    @staticmethod
    def create(out):
        return _spawn(Counter, Counter._c_create, (out,))

    def _b_add(self, n):
        self._total = ʹw1 if (ʹw1 := (self._total + n)) <= 18446744073709551615 else ʹw1 - 18446744073709551616
        self._count = ʹw2 if (ʹw2 := (self._count + 1)) <= 18446744073709551615 else ʹw2 - 18446744073709551616

    def add(self, n):
        _send(self, Counter._b_add, (n,))

    def _b_report(self):
        self._out.print(ʹs1ʹactors.add(_rt.String(str(self._count))).add(ʹs0ʹactors).add(_rt.String(str(self._total))))

    def report(self):
        _send(self, Counter._b_report, ())

class Main(_Actor):
    __slots__ = ()

    def _c_create(self, env):
        counter = Counter.create(env.out)
        i = 1
        while i <= 10:
            _send(counter, Counter._b_add, (i * i & 18446744073709551615,))
            i = ʹw1 if (ʹw1 := (i + 1)) <= 18446744073709551615 else ʹw1 - 18446744073709551616
        _send(counter, Counter._b_report, ())

    @staticmethod
    def create(env):
        return _spawn(Main, Main._c_create, (env,))
