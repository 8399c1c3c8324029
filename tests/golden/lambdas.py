ʹs0ʹlambdas = _rt.String('two')
ʹs1ʹlambdas = _rt.String('one')
ʹs2ʹlambdas = _rt.String(' ')
ʹs3ʹlambdas = _rt.String('hi')

class Log:
    __slots__ = ('lines',)

    def add(self, s):
        self.lines.append(s)
        _acct.counted += 8

    @staticmethod
    def create():
        self = _new(Log)
        _acct.counted += 40
        self.lines = _rt.Array.create(0)
        return self

class Sink(_Actor):
    __slots__ = ()

    def _b_take(self, s):
        pass

    def take(self, s):
        _moved(self, s)
        _send(self, Sink._b_take, (s,))

    def _c_create(self):
        pass

    @staticmethod
    def create():
        return _spawn(Sink, Sink._c_create, ())

class Main(_Actor):
    __slots__ = ()

    def _c_create(self, env):
        k = 10
        add_k = ʹlambda3(k)
        hello = ʹobject4()
        ʹc1 = Log.create()
        ʹc1.add(ʹs1ʹlambdas)
        ʹc1.add(ʹs0ʹlambdas)
        log = ʹc1
        s = _rt.String.create(0)
        s.append(hello.apply(), 0, 18446744073709551615)
        Sink.create().take(s)
        ʹa2 = _rt.String(str(log.lines.size()))
        env.out.print(_rt.String(str(add_k.apply(5))).add(ʹs2ʹlambdas).add(ʹa2))

    @staticmethod
    def create(env):
        return _spawn(Main, Main._c_create, (env,))

class ʹlambda3:
    __slots__ = ('k',)

    def apply(self, x):
        return ʹw1 if (ʹw1 := (x + self.k)) <= 18446744073709551615 else ʹw1 - 18446744073709551616

    def __init__(self, k):
        self.k = k

class ʹobject4:
    __slots__ = ()

    def apply(self):
        return ʹs3ʹlambdas

    def __init__(self):
        pass
