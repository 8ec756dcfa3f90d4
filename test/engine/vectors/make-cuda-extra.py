# Extra torch.cuda golden cases: the CUDA engine's edges (grid cap, lanes, iterations, both integer
# paths, dtypes, randperm's key widths and islands, multinomial's race and CDF paths, seeds).
#
#   python3 test/engine/vectors/make-cuda-extra.py requests > /tmp/cuda-extra-requests.txt     # anywhere
#   python3 test/oracle/oracle.py < /tmp/cuda-extra-requests.txt > answers.jsonl              # on the GPU machine
#   python3 test/oracle/oracle.py --versions > versions.json; nvidia-smi -L > machine.txt     # same machine
#   python3 test/engine/vectors/make-cuda-extra.py pair /tmp/cuda-extra-requests.txt answers.jsonl versions.json machine.txt
#     -> test/engine/vectors/torch-cuda-<torch>-sm<SMs>-extra.jsonl
#
# Only calls the engine serves are generated (no float32 randn, no float32 multinomial race, CDF rows
# within the modelled sizes), so every case must match.
import json, os, random, sys

SM = 132
R = random.Random(20261127)

def req(seed, calls):
    return {"lib": "torch.cuda", "seed": seed, "sm_count": SM, "version": {"torch": "2.11"}, "calls": calls}

def requests():
    out = []
    S = 256 * SM * 8
    seeds = [0, 1, 42, -1, "9223372036854775907", 4294967301, 123456789]
    for n in (S - 1, S, S + 1, 4 * S, 4 * S + 1, 3_000_001):
        out.append(req(R.choice(seeds), [{"fn": "rand", "size": [n], "out": "sha256"}, {"fn": "rand", "size": [3]}]))
    for n in (2 * S, 2 * S + 1, 2_000_001):
        out.append(req(R.choice(seeds), [{"fn": "rand", "size": [n], "dtype": "float64", "out": "sha256"}, {"fn": "rand", "size": [3], "dtype": "float64"}]))
    for n in (S + 1, 2 * S + 1, 1_081_345):
        out.append(req(R.choice(seeds), [{"fn": "randn", "size": [n], "dtype": "float64", "out": "sha256"}, {"fn": "randn", "size": [5], "dtype": "float64"}]))
    for lo, hi in ((0, 2**28 - 1), (3, 2**28), (3, 2**28 + 4), (-2**40, 2**40), (-2**31, 2**31 - 1), ("-9223372036854775808", "9223372036854775807"), (-5, 7)):
        for n in (17, S + 3, 1_081_345):
            out.append(req(R.choice(seeds), [{"fn": "randint", "low": lo, "high": hi, "size": [n], "out": "sha256"}, {"fn": "randint", "low": lo, "high": hi, "size": [4]}]))
    for dt, lo, hi in (("int32", -1000, 1000), ("int16", -300, 30000), ("int8", -128, 128), ("uint8", 0, 256), ("uint8", 0, 300), ("int8", -129, 5), ("int32", 0, 2**31)):
        out.append(req(R.choice(seeds), [{"fn": "randint", "low": lo, "high": hi, "size": [40], "dtype": dt}]))
    for n in (5, S + 1, 1_081_345):
        out.append(req(R.choice(seeds), [{"fn": "random_int64", "size": [n], "out": "sha256"}, {"fn": "random_int64", "size": [3]}]))
    for dt, p in (("float32", 0.3), ("float64", 0.7), ("int64", 0.5), ("bool", 0.25), ("uint8", 0.9), ("int32", 1.0), ("float32", 1.0), ("float64", 1e-9)):
        for n in (33, 1_081_345):
            out.append(req(R.choice(seeds), [{"fn": "bernoulli", "size": [n], "p": p, "dtype": dt, "out": "sha256"}, {"fn": "bernoulli", "size": [5], "p": p, "dtype": dt}]))
    for n in (1, 2, 3, 21272, 21273, 30083, 30084, 50000, 300000, 1_081_345):
        out.append(req(R.choice(seeds), [{"fn": "randperm", "n": n, "out": "sha256"} if n > 100 else {"fn": "randperm", "n": n}, {"fn": "randperm", "n": 7}]))
    for i in range(40):  # small n: islands of equal keys
        out.append(req(i, [{"fn": "randperm", "n": R.randint(2, 40)} for _ in range(4)]))
    for i in range(40):  # multinomial float64 race (no replacement / one sample)
        k = R.randint(1, 60)
        w = [0.0 if R.random() < 0.15 else R.random() * 10 ** R.randint(-3, 3) for _ in range(k)]
        if sum(w) == 0:
            w[0] = 1.0
        pos = sum(1 for x in w if x > 0)
        ns = R.randint(1, pos)
        out.append(req(R.randint(0, 10**6), [{"fn": "multinomial", "weights": w, "num_samples": ns, "replacement": ns == 1 and R.random() < 0.5, "dtype": "float64"}]))
    for i in range(40):  # multinomial CDF path (with replacement, > 1 sample)
        dt = R.choice(["float32", "float64"])
        k = R.randint(1, 30 if dt == "float32" else 14)
        w = [0.0 if R.random() < 0.2 else R.random() * 10 ** R.randint(-3, 3) for _ in range(k)]
        if sum(w) == 0:
            w[-1] = 2.0
        out.append(req(R.randint(0, 10**6), [{"fn": "multinomial", "weights": w, "num_samples": R.choice([2, 7, 128, 129, 300, 1000]), "replacement": True, "dtype": dt}]))
    out.append(req(2024, [{"fn": "rand", "size": [10]}, {"fn": "randint", "low": 0, "high": 10, "size": [9]}, {"fn": "rand", "size": [1000], "dtype": "float64"},
                          {"fn": "randperm", "n": 50}, {"fn": "bernoulli", "size": [13], "p": 0.5}, {"fn": "randn", "size": [7], "dtype": "float64"}, {"fn": "rand", "size": [3]}]))
    for line in out:
        print(json.dumps(line, separators=(",", ":")))

def pair(reqs, answers, versions, machine):
    rq = open(reqs).read().strip().split("\n")
    an = open(answers).read().strip().split("\n")
    assert len(rq) == len(an)
    v = json.load(open(versions))
    here = os.path.dirname(os.path.abspath(__file__))
    name = "torch-cuda-%s-sm%s-extra.jsonl" % (v["torch"].split("+")[0], v["sm_count"])
    with open(os.path.join(here, name), "w") as f:
        f.write(json.dumps({"golden": "seedlint rng request/answer pairs from the real libraries (torch.cuda engine edges)", "versions": v,
                            "machine": open(machine).read().strip().split("\n"),
                            "command": ["python3 test/engine/vectors/make-cuda-extra.py requests > /tmp/cuda-extra-requests.txt",
                                        "python3 test/oracle/oracle.py < /tmp/cuda-extra-requests.txt > answers.jsonl   # on the GPU machine",
                                        "python3 test/engine/vectors/make-cuda-extra.py pair /tmp/cuda-extra-requests.txt answers.jsonl versions.json machine.txt"]},
                           separators=(",", ":")) + "\n")
        for a, b in zip(rq, an):
            f.write('{"request":%s,"answer":%s}\n' % (a, b))
    print(name, len(rq))

if __name__ == "__main__":
    if sys.argv[1] == "requests":
        requests()
    else:
        pair(*sys.argv[2:6])
