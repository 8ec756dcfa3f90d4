# Oracle for test/engine/libm.test.ts: glibc's log, log1p, sin, cos, exp (through CPython's math
# module, which calls the C library for finite in-domain arguments) and fma/fmaf (through
# ctypes), on inputs drawn here from a seeded random.Random. Writes little-endian float64 pairs
# (x, f(x)) per function to data['dir'] and assigns `out` (counts and the C library version).
import array, ctypes, ctypes.util, math, os, platform, random, struct

r = random.Random(data['seed'])
n = data['n']

def bits_to_float(b):
    return struct.unpack('<d', struct.pack('<Q', b))[0]

def draw(kind):
    u = r.getrandbits(53) * 2.0**-53
    if kind == 0: return u
    if kind == 1: return 1.0 - u
    if kind == 2: return math.ldexp(1.0 + u, r.randrange(-1074, 1024))
    if kind == 3: return 0.9375 + 0.13 * u
    if kind == 4: return bits_to_float(r.getrandbits(63))
    if kind == 5: return -u
    if kind == 6: return 2 * math.pi * u
    return (u - 0.5) * 2e8

def inputs(fn):
    xs = []
    while len(xs) < n:
        x = draw(len(xs) % 8)
        if not math.isfinite(x): continue
        if fn == 'log':
            x = abs(x)
            if x == 0: continue
        elif fn == 'log1p':
            if len(xs) % 3 == 0: x = -abs(x) if abs(x) < 1 else x
            if x <= -1: continue
            if len(xs) % 11 == 0: x = -1 + math.ldexp(1, -r.randrange(1, 53))
        elif fn == 'exp':
            k = len(xs) % 5
            u = r.random()
            x = ((u - 0.5) * 20, (u - 0.5) * 1490, -0.5 * (u * 8) ** 2, math.ldexp(u - 0.5, -r.randrange(0, 60)), -745 + u * 40)[k]
        else:
            if abs(x) >= 105414350: x = math.fmod(x, 1e8)
        xs.append(x)
    return xs

out = {'libc': platform.libc_ver(), 'counts': {}}
def exp_or_inf(x):
    try:
        return math.exp(x)
    except OverflowError:  # CPython raises where glibc returns +inf
        return math.inf

for name, f in (('log', math.log), ('log1p', math.log1p), ('sin', math.sin), ('cos', math.cos), ('exp', exp_or_inf)):
    a = array.array('d')
    for x in inputs(name):
        a.append(x); a.append(f(x))
    with open(os.path.join(data['dir'], name + '.bin'), 'wb') as fh:
        a.tofile(fh)
    out['counts'][name] = len(a) // 2

libm = ctypes.CDLL(ctypes.util.find_library('m'))
libm.fma.restype = ctypes.c_double
libm.fma.argtypes = (ctypes.c_double,) * 3
libm.fmaf.restype = ctypes.c_float
libm.fmaf.argtypes = (ctypes.c_float,) * 3
def f32(x): return struct.unpack('<f', struct.pack('<f', x))[0]
a64 = array.array('d'); a32 = array.array('f')
for i in range(data['nfma']):
    a = math.ldexp(r.random() + 0.5, r.randrange(-40, 40)) * r.choice((1, -1))
    b = math.ldexp(r.random() + 0.5, r.randrange(-40, 40)) * r.choice((1, -1))
    k = i % 4
    if k == 0: c = math.ldexp(r.random() + 0.5, r.randrange(-40, 40)) * r.choice((1, -1))
    elif k == 1: c = -(a * b) * (1 + r.randrange(-32, 32) * 2.0**-52)
    elif k == 2: c = -(a * b)
    else:
        a = float(r.getrandbits(26) | 1); b = float(r.getrandbits(27) | 1); c = math.ldexp(float(r.getrandbits(53)), r.randrange(0, 20))
    a64.extend((a, b, c, libm.fma(a, b, c)))
    fa, fb = f32(a), f32(b)
    fc = f32(-(fa * fb) * (1 + r.randrange(-32, 32) * 2.0**-23)) if k == 1 else f32(c)
    if k == 3: fa, fb, fc = float(r.getrandbits(12) | 1), float(r.getrandbits(12) | 1), float(r.getrandbits(24))
    a32.extend((fa, fb, fc, libm.fmaf(fa, fb, fc)))
with open(os.path.join(data['dir'], 'fma.bin'), 'wb') as fh: a64.tofile(fh)
with open(os.path.join(data['dir'], 'fmaf.bin'), 'wb') as fh: a32.tofile(fh)
