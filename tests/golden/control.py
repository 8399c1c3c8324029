ʹs0ʹcontrol = _rt.String('positive')
ʹs1ʹcontrol = _rt.String('zero')
ʹs2ʹcontrol = _rt.String('negative')
ʹs3ʹcontrol = _rt.String('big')
ʹs4ʹcontrol = _rt.String('small')
ʹs5ʹcontrol = _rt.String('nothing')
ʹs6ʹcontrol = _rt.String(' ')

class Flow:
    __slots__ = ()

    def sign(self, n):
        if n < 0:
            ʹt1 = ʹs2ʹcontrol
        elif n == 0:
            ʹt1 = ʹs1ʹcontrol
        else:
            ʹt1 = ʹs0ʹcontrol
        return ʹt1

    def first_even(self, xs):
        i = 0
        while i < xs.size():
            try:
                x = xs.apply(i)
                if x % 2 == 0:
                    return x
            except _PonyError:
                pass
            i = ʹw1 if (ʹw1 := (i + 1)) <= 18446744073709551615 else ʹw1 - 18446744073709551616
        return 0

    def describe(self, x):
        ʹm2 = x
        ʹdone3 = False
        if not ʹdone3 and _box.is_number(ʹm2, 'U32'):
            n = _box.unbox(ʹm2)
            if n > 9:
                ʹt1 = ʹs3ʹcontrol
                ʹdone3 = True
        if not ʹdone3 and _box.is_number(ʹm2, 'U32'):
            n = _box.unbox(ʹm2)
            ʹt1 = ʹs4ʹcontrol
            ʹdone3 = True
        if not ʹdone3 and isinstance(ʹm2, _rt.String):
            s = ʹm2
            ʹt1 = s
            ʹdone3 = True
        if not ʹdone3 and ʹm2 is None:
            ʹt1 = ʹs5ʹcontrol
            ʹdone3 = True
        if not ʹdone3:
            ʹt1 = None
        return ʹt1

    def half(self, n):
        if n % 2 == 1:
            raise _PonyError
        return n // 2

    def safe_half(self, n):
        try:
            ʹt1 = self.half(n)
        except _PonyError:
            ʹt1 = 0
        return ʹt1

    def create(self):
        return self
Flow = Flow()

class Main(_Actor):
    __slots__ = ()

    def _c_create(self, env):
        ʹa1 = Flow.describe(_box.BOXES['U32'](12))
        env.out.print(Flow.sign(-2).add(ʹs6ʹcontrol).add(ʹa1))

    @staticmethod
    def create(env):
        return _spawn(Main, Main._c_create, (env,))
