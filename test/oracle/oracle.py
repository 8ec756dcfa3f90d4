#!/usr/bin/env python3
"""The `seedlint rng` protocol answered by the real libraries (torch, numpy, random).

Contract: shared/spec/rng-protocol.md, as refined in server/engine/src/protocol.ts (its header
comment lists the argument defaults, caps and error rules both sides follow). One JSON request per
stdin line, one compact JSON answer per stdout line, flushed after each, in order. Malformed or
unservable requests get {"ok": false, "error": ...}; where the library itself raises, the answer
also names the exception class in "raises".

Runs under Debian's /usr/bin/python3 (torch 1.13, numpy 1.24) and under PyTorch 2.x / NumPy 2.x.
No dependencies beyond torch and numpy.

    /usr/bin/python3 test/oracle/oracle.py < requests.jsonl > answers.jsonl
    /usr/bin/python3 test/oracle/oracle.py --versions     # one JSON line with the versions
"""

import hashlib
import json
import random
import struct
import sys
import warnings

import numpy as np
import torch

# Same caps as the engine (server/engine/src/protocol/limits.ts): list answers stay small enough
# for one line, digests may go to hundreds of millions.
MAX_LIST_VALUES = 1 << 20
MAX_DIGEST_VALUES = 1 << 28
MAX_GETRANDBITS = 1 << 16
MAX_EPOCHS = 16
MAX_WORKERS = 64
INT53 = (1 << 53) - 1


class Unservable(Exception):
    """A request the protocol cannot serve (not a library exception): ok:false without raises."""


class Digest:
    """Marker for a value list that must be answered in digest form."""


# --------------------------------------------------------------------------- value encoding

def enc_int(v):
    v = int(v)
    return v if -INT53 <= v <= INT53 else str(v)


def enc_f64(v):
    return "0x%016x" % struct.unpack("<Q", struct.pack("<d", float(v)))[0]


def enc_f32(v):
    return "0x%08x" % struct.unpack("<I", struct.pack("<f", float(v)))[0]


def enc_array(arr, kind, out):
    """arr: a numpy array (any shape); kind: 'int' | 'f32' | 'f64'. Flat C order."""
    flat = np.ascontiguousarray(arr).reshape(-1)
    if out == "sha256":
        if kind == "int":
            raw = flat.astype("<i8").tobytes()
        elif kind == "f32":
            raw = flat.astype("<f4").tobytes()
        else:
            raw = flat.astype("<f8").tobytes()
        return {"len": int(flat.size), "sha256": hashlib.sha256(raw).hexdigest()}
    if kind == "int":
        return [enc_int(v) for v in flat.tolist()]
    if kind == "f32":
        return ["0x%08x" % v for v in flat.astype("<f4").view("<u4").tolist()]
    return ["0x%016x" % v for v in flat.astype("<f8").view("<u8").tolist()]


def enc_scalar(v, kind, out):
    if out == "sha256":
        return enc_array(np.array([v]), kind, out)
    if kind == "int":
        return enc_int(v)
    return enc_f32(v) if kind == "f32" else enc_f64(v)


def enc_int_list(values, out):
    if out == "sha256":
        return enc_array(np.array(values, dtype=np.int64), "int", out)
    return [enc_int(v) for v in values]


# --------------------------------------------------------------------------- argument parsing

def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def get_int(call, name, default=None, required=False):
    """An integer argument: a JSON number or a decimal string (the protocol's big-int form)."""
    if name not in call or call[name] is None:
        if required:
            raise Unservable("missing integer argument '%s'" % name)
        return default
    v = call[name]
    if is_int(v):
        return v
    if isinstance(v, float) and v.is_integer():
        return int(v)
    if isinstance(v, str):
        s = v[1:] if v[:1] == "-" else v
        if s.isdigit() and s.isascii():
            return int(v)
    raise Unservable("argument '%s' must be an integer (a JSON number or a decimal string)" % name)


def get_float(call, name, default=None, required=False):
    if name not in call or call[name] is None:
        if required:
            raise Unservable("missing number argument '%s'" % name)
        return default
    v = call[name]
    if isinstance(v, bool):
        raise Unservable("argument '%s' must be a number" % name)
    if isinstance(v, (int, float)):
        return float(v)
    if isinstance(v, str) and v.startswith("0x") and len(v) == 18:
        return struct.unpack("<d", struct.pack("<Q", int(v, 16)))[0]
    raise Unservable("argument '%s' must be a number or a 16-digit float64 hex string" % name)


def get_bool(call, name, default):
    if name not in call or call[name] is None:
        return default
    v = call[name]
    if not isinstance(v, bool):
        raise Unservable("argument '%s' must be true or false" % name)
    return v


def get_size(call, required=True):
    """`size`: a list of non-negative ints; None when absent and optional."""
    if "size" not in call or call["size"] is None:
        if required:
            raise Unservable("missing argument 'size' (a list of non-negative integers)")
        return None
    size = call["size"]
    if not isinstance(size, list) or not all(is_int(d) for d in size):
        raise Unservable("argument 'size' must be a list of integers")
    if any(d < 0 for d in size):
        raise Unservable("argument 'size' must not have negative dimensions")
    return tuple(size)


def numel(size):
    n = 1
    for d in size:
        n *= d
    return n


def check_count(count, out, what):
    cap = MAX_DIGEST_VALUES if out == "sha256" else MAX_LIST_VALUES
    if count > cap:
        hint = "" if out == "sha256" else '; add "out": "sha256" for up to %d' % MAX_DIGEST_VALUES
        raise Unservable("%s would produce %d values, more than the cap of %d%s" % (what, count, cap, hint))


def get_dtype(call, allowed, default):
    d = call.get("dtype")
    if d is None:
        return default
    if d not in allowed:
        raise Unservable("dtype %r is not supported here; use one of %s" % (d, ", ".join(allowed)))
    return d


def get_out(obj):
    out = obj.get("out")
    if out is None:
        return None
    if out != "sha256":
        raise Unservable('"out" must be "sha256" when present')
    return out


TORCH_FLOAT = {"float32": (torch.float32, "f32"), "float64": (torch.float64, "f64")}
TORCH_INT = {"int64": torch.int64, "int32": torch.int32, "int16": torch.int16, "int8": torch.int8,
             "uint8": torch.uint8, "bool": torch.bool}


def tensor_result(t, out):
    kind = "f32" if t.dtype == torch.float32 else "f64" if t.dtype == torch.float64 else "int"
    arr = t.detach().cpu()
    if arr.dtype == torch.bool:
        arr = arr.to(torch.int64)
    return enc_array(arr.numpy(), kind, out)


# --------------------------------------------------------------------------- torch

def torch_seed(seed):
    """Seeds as the protocol carries them; 'default' is handled by callers."""
    if is_int(seed):
        return seed
    if isinstance(seed, str):
        s = seed[1:] if seed[:1] == "-" else seed
        if s.isdigit() and s.isascii():
            return int(seed)
    raise Unservable('seed must be an integer (a JSON number or a decimal string) or "default"')


def torch_call(call, gen, device):
    """One call on generator `gen` (None: the device's default generator)."""
    fn = call.get("fn")
    out = get_out(call)
    kw = {} if gen is None else {"generator": gen}
    if fn == "initial_seed":
        if gen is not None:
            return enc_scalar(gen.initial_seed(), "int", out)
        if device == "cuda":
            return enc_scalar(torch.cuda.initial_seed(), "int", out)
        return enc_scalar(torch.initial_seed(), "int", out)
    if fn == "randperm":
        n = get_int(call, "n", required=True)
        check_count(max(n, 0), out, "randperm")
        return tensor_result(torch.randperm(n, device=device, **kw), out)
    if fn in ("rand", "randn"):
        size = get_size(call)
        check_count(numel(size), out, fn)
        dt = TORCH_FLOAT[get_dtype(call, list(TORCH_FLOAT), "float32")][0]
        f = torch.rand if fn == "rand" else torch.randn
        return tensor_result(f(size, dtype=dt, device=device, **kw), out)
    if fn == "randint":
        low = get_int(call, "low", 0)
        high = get_int(call, "high", required=True)
        size = get_size(call)
        check_count(numel(size), out, fn)
        dt = TORCH_INT[get_dtype(call, [k for k in TORCH_INT if k != "bool"], "int64")]
        return tensor_result(torch.randint(low, high, size, dtype=dt, device=device, **kw), out)
    if fn == "random_int64":
        size = get_size(call)
        check_count(numel(size), out, fn)
        t = torch.empty(size, dtype=torch.int64, device=device)
        return tensor_result(t.random_(**kw), out)
    if fn == "bernoulli":
        size = get_size(call)
        check_count(numel(size), out, fn)
        p = get_float(call, "p", 0.5)
        allowed = list(TORCH_FLOAT) + list(TORCH_INT)
        name = get_dtype(call, allowed, "float32")
        dt = TORCH_FLOAT[name][0] if name in TORCH_FLOAT else TORCH_INT[name]
        t = torch.empty(size, dtype=dt, device=device)
        return tensor_result(t.bernoulli_(p, **kw), out)
    if fn == "multinomial":
        w = call.get("weights")
        if not isinstance(w, list) or not w or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in w):
            raise Unservable("argument 'weights' must be a non-empty list of numbers")
        if len(w) > MAX_LIST_VALUES:
            raise Unservable("argument 'weights' has more than %d entries" % MAX_LIST_VALUES)
        k = get_int(call, "num_samples", required=True)
        check_count(max(k, 0), out, fn)
        replacement = get_bool(call, "replacement", False)
        dt = TORCH_FLOAT[get_dtype(call, list(TORCH_FLOAT), "float32")][0]
        wt = torch.tensor([float(x) for x in w], dtype=dt, device=device)
        return tensor_result(torch.multinomial(wt, k, replacement, **kw), out)
    raise Unservable("unknown fn %r for torch; known: randperm, rand, randn, randint, random_int64, "
                     "bernoulli, multinomial, initial_seed" % (fn,))


def answer_torch(req, lib):
    seed = req.get("seed")
    device = "cpu"
    if lib == "torch":
        gen = torch.Generator()
        if seed != "default":
            gen.manual_seed(torch_seed(seed))
    elif lib == "torch.global":
        if seed == "default":
            raise Unservable('seed "default" on torch.global is not reproducible: an unseeded '
                             "process seeds its global generator from /dev/urandom")
        torch.manual_seed(torch_seed(seed))
        gen = None
    else:  # torch.cuda
        if not torch.cuda.is_available():
            raise Unservable("torch.cuda needs a CUDA device; this oracle has none")
        props = torch.cuda.get_device_properties(0)
        sm = get_int(req, "sm_count", required=True)
        mt = get_int(req, "max_threads_per_sm", 2048)
        real_mt = getattr(props, "max_threads_per_multi_processor", 2048)
        if sm != props.multi_processor_count or mt != real_mt:
            raise Unservable("this oracle's GPU has sm_count %d and max_threads_per_sm %d, the request "
                             "emulates %d and %d" % (props.multi_processor_count, real_mt, sm, mt))
        if seed == "default":
            raise Unservable('seed "default" on torch.cuda is not reproducible: an unseeded process '
                             "seeds its CUDA generator from std::random_device")
        torch.cuda.manual_seed(torch_seed(seed))
        gen = None
        device = "cuda"
    return run_calls(req, lambda call: torch_call(call, gen, device))


def run_calls(req, one):
    calls = req.get("calls")
    if not isinstance(calls, list) or not all(isinstance(c, dict) for c in calls):
        raise Unservable("'calls' must be a list of objects, each with a 'fn'")
    return [one(c) for c in calls]


# --------------------------------------------------------------------------- python random

def python_seed(seed):
    if seed == "default":
        raise Unservable('seed "default" on python is not reproducible: random.Random() seeds from '
                         "os.urandom")
    if isinstance(seed, dict) and len(seed) == 1:
        if isinstance(seed.get("str"), str):
            return seed["str"]
        if "float" in seed:
            x = get_float(seed, "float", required=True)
            if x != x:
                raise Unservable('seed {"float": nan} is not reproducible: hash(nan) depends on the object identity')
            return x
        if isinstance(seed.get("bytes"), str):
            try:
                return bytes.fromhex(seed["bytes"])
            except ValueError:
                raise Unservable("seed {'bytes': ...} must hold an even-length hex string")
    try:
        return torch_seed(seed)
    except Unservable:
        raise Unservable('python seed must be an integer (number or decimal string), {"str": "..."}, '
                         '{"bytes": "hex"} or {"float": x}')


def python_call(call, r):
    fn = call.get("fn")
    out = get_out(call)
    if fn == "random":
        return enc_scalar(r.random(), "f64", out)
    if fn == "getrandbits":
        k = get_int(call, "k", required=True)
        if k > MAX_GETRANDBITS:
            raise Unservable("getrandbits k is capped at %d" % MAX_GETRANDBITS)
        v = r.getrandbits(k)
        if out == "sha256":
            raise Unservable('"out": "sha256" needs int64 values; getrandbits answers a single integer')
        return enc_int(v)
    if fn == "randrange":
        start = get_int(call, "start", required=True)
        stop = get_int(call, "stop", None)
        step = get_int(call, "step", 1)
        return enc_scalar(r.randrange(start, stop, step), "int", out)
    if fn == "randint":
        return enc_scalar(r.randint(get_int(call, "a", required=True), get_int(call, "b", required=True)), "int", out)
    if fn == "shuffle":
        n = get_int(call, "n", required=True)
        check_count(max(n, 0), out, fn)
        x = list(range(n))
        r.shuffle(x)
        return enc_int_list(x, out)
    if fn == "sample":
        n = get_int(call, "n", required=True)
        k = get_int(call, "k", required=True)
        check_count(max(k, 0), out, fn)
        if n > MAX_DIGEST_VALUES:
            raise Unservable("sample population is capped at %d" % MAX_DIGEST_VALUES)
        return enc_int_list(r.sample(range(n), k), out)
    if fn == "choice":
        n = get_int(call, "n", required=True)
        return enc_scalar(r.choice(range(n)), "int", out)
    if fn == "uniform":
        return enc_scalar(r.uniform(get_float(call, "a", required=True), get_float(call, "b", required=True)), "f64", out)
    if fn == "gauss":
        return enc_scalar(r.gauss(get_float(call, "mu", 0.0), get_float(call, "sigma", 1.0)), "f64", out)
    raise Unservable("unknown fn %r for python; known: random, getrandbits, randrange, randint, shuffle, "
                     "sample, choice, uniform, gauss" % (fn,))


def answer_python(req):
    r = random.Random(python_seed(req.get("seed")))
    return run_calls(req, lambda call: python_call(call, r))


# --------------------------------------------------------------------------- numpy

def numpy_seed(seed, lib):
    if seed == "default":
        raise Unservable('seed "default" on %s is not reproducible: an unseeded generator draws OS '
                         "entropy" % lib)
    if isinstance(seed, list):
        return [torch_seed(s) for s in seed]
    return torch_seed(seed)


NP_INT = {"int64": np.int64, "int32": np.int32, "int16": np.int16, "int8": np.int8,
          "uint64": np.uint64, "uint32": np.uint32, "uint16": np.uint16, "uint8": np.uint8,
          "bool": np.bool_}
NP_FLOAT = {"float64": np.float64, "float32": np.float32}


def np_result(v, out):
    arr = np.asarray(v)
    if arr.dtype == np.float32:
        kind = "f32"
    elif arr.dtype == np.float64:
        kind = "f64"
    else:
        kind = "int"
        if arr.dtype == np.uint64:  # values >= 2**63 do not fit int64 digests
            if out == "sha256":
                arr = arr.view(np.int64)
            else:
                return enc_int_list([int(x) for x in arr.reshape(-1).tolist()], None) if arr.ndim else enc_int(int(arr))
        else:
            arr = arr.astype(np.int64)
    if arr.ndim == 0:
        return enc_scalar(arr.item(), kind, out)
    return enc_array(arr, kind, out)


def np_size(call, out, what):
    size = get_size(call, required=False)
    check_count(1 if size is None else numel(size), out, what)
    return size


def legacy_call(call, rs):
    fn = call.get("fn")
    out = get_out(call)
    if fn == "rand":
        return np_result(rs.random_sample(np_size(call, out, fn)), out)
    if fn == "randn":
        return np_result(rs.standard_normal(np_size(call, out, fn)), out)
    if fn == "randint":
        low = get_int(call, "low", required=True)
        high = get_int(call, "high", None)
        size = np_size(call, out, fn)
        dt = NP_INT[get_dtype(call, list(NP_INT), "int64")]
        return np_result(rs.randint(low, high, size, dtype=dt), out)
    if fn == "permutation":
        n = get_int(call, "n", required=True)
        check_count(max(n, 0), out, fn)
        return np_result(rs.permutation(n), out)
    if fn == "shuffle":
        n = get_int(call, "n", required=True)
        check_count(max(n, 0), out, fn)
        a = np.arange(n, dtype=np.int64) if n >= 0 else np.arange(0)
        rs.shuffle(a)
        return np_result(a, out)
    if fn == "choice":
        n = get_int(call, "n", required=True)
        size = np_size(call, out, fn)
        return np_result(rs.choice(n, size, get_bool(call, "replace", True)), out)
    if fn == "uniform":
        size = np_size(call, out, fn)
        return np_result(rs.uniform(get_float(call, "low", 0.0), get_float(call, "high", 1.0), size), out)
    raise Unservable("unknown fn %r for numpy.legacy; known: rand, randn, randint, permutation, shuffle, "
                     "choice, uniform" % (fn,))


def generator_call(call, rng):
    fn = call.get("fn")
    out = get_out(call)
    if fn == "random":
        size = np_size(call, out, fn)
        dt = NP_FLOAT[get_dtype(call, list(NP_FLOAT), "float64")]
        return np_result(rng.random(size, dtype=dt), out)
    if fn == "standard_normal":
        size = np_size(call, out, fn)
        dt = NP_FLOAT[get_dtype(call, list(NP_FLOAT), "float64")]
        return np_result(rng.standard_normal(size, dtype=dt), out)
    if fn == "integers":
        low = get_int(call, "low", required=True)
        high = get_int(call, "high", None)
        size = np_size(call, out, fn)
        dt = NP_INT[get_dtype(call, list(NP_INT), "int64")]
        return np_result(rng.integers(low, high, size, dtype=dt, endpoint=get_bool(call, "endpoint", False)), out)
    if fn == "permutation":
        n = get_int(call, "n", required=True)
        check_count(max(n, 0), out, fn)
        return np_result(rng.permutation(n), out)
    if fn == "shuffle":
        n = get_int(call, "n", required=True)
        check_count(max(n, 0), out, fn)
        a = np.arange(n, dtype=np.int64) if n >= 0 else np.arange(0)
        rng.shuffle(a)
        return np_result(a, out)
    if fn == "choice":
        n = get_int(call, "n", required=True)
        size = np_size(call, out, fn)
        return np_result(rng.choice(n, size, get_bool(call, "replace", True)), out)
    raise Unservable("unknown fn %r for numpy; known: random, integers, permutation, shuffle, choice, "
                     "standard_normal" % (fn,))


def answer_numpy(req, lib):
    seed = numpy_seed(req.get("seed"), lib)
    if lib == "numpy.legacy":
        rs = np.random.RandomState(seed)
        return run_calls(req, lambda call: legacy_call(call, rs))
    rng = np.random.default_rng(seed)
    return run_calls(req, lambda call: generator_call(call, rng))


# --------------------------------------------------------------------------- torch.data

def data_generator(req):
    """Seeds the global generator when asked; returns the loader/sampler generator or None."""
    g_seed = req.get("global_seed")
    s = req.get("generator_seed")
    if s is None and g_seed is None:
        raise Unservable("give generator_seed or global_seed: without either the order depends on "
                         "the unseeded global generator, which is not reproducible")
    if g_seed is not None:
        torch.manual_seed(torch_seed(g_seed))
    if s is None:
        return None
    return torch.Generator().manual_seed(torch_seed(s))


def get_n(req):
    n = get_int(req, "n", required=True)
    if n > MAX_DIGEST_VALUES:
        raise Unservable("n is capped at %d" % MAX_DIGEST_VALUES)
    return n


class RangeDataset(torch.utils.data.Dataset):
    def __init__(self, n):
        self.n = n

    def __len__(self):
        return self.n

    def __getitem__(self, i):
        return i


def collate_list(batch):
    return [int(i) for i in batch]


def build_loader(req):
    n = get_n(req)
    bs = get_int(req, "batch_size", required=True)
    gen = data_generator(req)
    loader = torch.utils.data.DataLoader(
        RangeDataset(n), batch_size=bs, shuffle=get_bool(req, "shuffle", False),
        drop_last=get_bool(req, "drop_last", False), generator=gen, collate_fn=collate_list)
    epochs = get_int(req, "epochs", 1)
    if not 0 <= epochs <= MAX_EPOCHS:
        raise Unservable("epochs must be in [0, %d]" % MAX_EPOCHS)
    return loader, epochs, n


def flat_or_nested(nested, depth, out):
    """nested lists of ints -> encoded nested lists, or one digest over the flattened values."""
    if out == "sha256":
        flat = []

        def walk(x, d):
            if d == 0:
                flat.append(x)
            else:
                for y in x:
                    walk(y, d - 1)
        walk(nested, depth)
        return enc_int_list(flat, out)

    def enc(x, d):
        return enc_int(x) if d == 0 else [enc(y, d - 1) for y in x]
    return enc(nested, depth)


def answer_data(req):
    kind = req.get("kind")
    out = get_out(req)
    if kind == "DataLoader":
        loader, epochs, n = build_loader(req)
        check_count(n * epochs, out, "DataLoader")
        return flat_or_nested([list(iter(loader)) for _ in range(epochs)], 3, out)
    if kind == "worker_seeds":
        if out is not None:
            raise Unservable('"out": "sha256" does not apply to worker_seeds')
        loader, epochs, _ = build_loader(req)
        w = get_int(req, "num_workers", required=True)
        if not 1 <= w <= MAX_WORKERS:
            raise Unservable("num_workers must be in [1, %d]" % MAX_WORKERS)
        from torch.utils.data._utils.worker import _generate_state
        result = []
        for _ in range(epochs):
            it = iter(loader)          # draws _base_seed exactly as a multi-worker iterator does
            base = it._base_seed
            for _batch in it:          # the rest of the epoch's RNG use (sampler, trailing randperm)
                pass
            per_worker = []
            for wid in range(w):
                seed = base + wid      # what _worker_loop gives random.seed and torch.manual_seed
                tg = torch.Generator()
                tg.manual_seed(seed)
                state = np.random.RandomState(_generate_state(base, wid)).get_state()[1][:4]
                per_worker.append({"torch": enc_int(tg.initial_seed()),
                                   "numpy": [enc_int(x) for x in state.tolist()],
                                   "python": enc_f64(random.Random(seed).random())})
            result.append(per_worker)
        return result
    if kind == "DistributedSampler":
        n = get_n(req)
        r = get_int(req, "num_replicas", required=True)
        k = get_int(req, "rank", required=True)
        s = torch.utils.data.DistributedSampler(
            range(n), num_replicas=r, rank=k, shuffle=get_bool(req, "shuffle", True),
            seed=get_int(req, "seed", 0), drop_last=get_bool(req, "drop_last", False))
        s.set_epoch(get_int(req, "epoch", 0))
        result = [int(i) for i in s]
        check_count(len(result), out, kind)
        return enc_int_list(result, out)
    if kind == "random_split":
        n = get_n(req)
        lengths = req.get("lengths")
        if not isinstance(lengths, list) or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in lengths):
            raise Unservable("'lengths' must be a list of integers or fractions")
        check_count(n, out, kind)
        gen = data_generator(req)
        kw = {} if gen is None else {"generator": gen}
        parts = torch.utils.data.random_split(range(n), lengths, **kw)
        return flat_or_nested([[int(i) for i in p.indices] for p in parts], 2, out)
    if kind == "RandomSampler":
        n = get_n(req)
        m = get_int(req, "num_samples", None)
        if m is not None and m > MAX_DIGEST_VALUES:
            raise Unservable("num_samples is capped at %d" % MAX_DIGEST_VALUES)
        check_count(n if m is None else max(m, 0), out, kind)
        gen = data_generator(req)
        s = torch.utils.data.RandomSampler(range(n), replacement=get_bool(req, "replacement", False),
                                           num_samples=m, generator=gen)
        return enc_int_list([int(i) for i in s], out)
    if kind == "SubsetRandomSampler":
        idx = req.get("indices")
        if not isinstance(idx, list) or not all(is_int(i) for i in idx):
            raise Unservable("'indices' must be a list of integers")
        check_count(len(idx), out, kind)
        gen = data_generator(req)
        s = torch.utils.data.SubsetRandomSampler(idx, generator=gen)
        return enc_int_list([int(i) for i in s], out)
    if kind == "WeightedRandomSampler":
        w = req.get("weights")
        if not isinstance(w, list) or not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in w):
            raise Unservable("'weights' must be a list of numbers")
        m = get_int(req, "num_samples", required=True)
        check_count(max(m, 0), out, kind)
        gen = data_generator(req)
        s = torch.utils.data.WeightedRandomSampler(w, m, replacement=get_bool(req, "replacement", True),
                                                   generator=gen)
        return enc_int_list([int(i) for i in s], out)
    raise Unservable("unknown kind %r for torch.data; known: DataLoader, worker_seeds, DistributedSampler, "
                     "random_split, RandomSampler, SubsetRandomSampler, WeightedRandomSampler" % (kind,))


# --------------------------------------------------------------------------- dispatch

def answer(req):
    if not isinstance(req, dict):
        raise Unservable("a request must be a JSON object")
    lib = req.get("lib")
    if lib in ("torch", "torch.global", "torch.cuda"):
        return answer_torch(req, lib)
    if lib == "python":
        return answer_python(req)
    if lib in ("numpy.legacy", "numpy"):
        return answer_numpy(req, lib)
    if lib == "torch.data":
        return [answer_data(req)]  # one object described, one result
    raise Unservable("unknown lib %r; known: torch, torch.global, torch.cuda, torch.data, python, "
                     "numpy.legacy, numpy" % (lib,))


def answer_line(line):
    try:
        req = json.loads(line)
    except ValueError as e:
        return {"ok": False, "error": "malformed JSON: %s" % e}
    try:
        return {"ok": True, "results": answer(req)}
    except Unservable as e:
        return {"ok": False, "error": str(e)}
    except Exception as e:  # the library itself raised for these arguments
        return {"ok": False, "error": str(e).splitlines()[0] if str(e) else type(e).__name__,
                "raises": type(e).__name__}


def versions():
    info = {"python": "%d.%d.%d" % sys.version_info[:3], "torch": torch.__version__,
            "numpy": np.__version__, "cuda": torch.version.cuda,
            "cuda_available": torch.cuda.is_available()}
    if torch.cuda.is_available():
        p = torch.cuda.get_device_properties(0)
        info["gpu"] = p.name
        info["sm_count"] = p.multi_processor_count
        info["max_threads_per_sm"] = getattr(p, "max_threads_per_multi_processor", None)
    return info


def main():
    if hasattr(sys, "set_int_max_str_digits"):  # getrandbits answers may exceed 4300 digits
        sys.set_int_max_str_digits(0)
    if "--versions" in sys.argv[1:]:
        print(json.dumps(versions(), separators=(",", ":")))
        return
    warnings.simplefilter("ignore")  # e.g. random_split's zero-length warning: answers only on stdout
    for line in sys.stdin:
        if not line.strip():
            continue
        sys.stdout.write(json.dumps(answer_line(line), separators=(",", ":"), ensure_ascii=False) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
