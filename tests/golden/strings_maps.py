ʹs0ʹstrings_maps = _rt.String('café')

class Text:
    __slots__ = ()

    def numbers(self, n):
        s = _rt.String.create(0)
        for i in _rt.iterate(_rtc.Range.create(0, n, 1)):
            ʹs1 = s._s
            s._s = ''
            ʹs1 += str(i)
            s._s = ʹs1
            del ʹs1
            ʹs2 = s._s
            s._s = ''
            ʹs2 += ', '
            s._s = ʹs2
            del ʹs2
        s.append(ʹs0ʹstrings_maps, 0, 18446744073709551615)
        return s

    def count(self, words):
        counts = _rtc.Map.create(6)
        ʹd1 = counts._d
        for w in _rt.iterate(words.values()):
            ʹd1[w._s] = ʹw2 if (ʹw2 := (ʹd1.get(w._s, 0) + 1)) <= 18446744073709551615 else ʹw2 - 18446744073709551616
        return counts

    def create(self):
        return self
Text = Text()
