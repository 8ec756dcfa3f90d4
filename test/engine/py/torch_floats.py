# Oracle for test/engine/torch-floats.test.ts: runs each case's ops on the GLOBAL CPU generator
# after torch.manual_seed(seed) and answers each op's result as the hex of its little-endian
# bytes. Reads `data` (a list of cases), assigns `out`. Also run on the device machine with
# torch 2.11 to make test/engine/vectors/torch-2.11-floats.json (see that file's header).
import torch
import torch.nn.functional as F

def _dt(name):
    return {'float32': torch.float32, 'float64': torch.float64}[name]

def _op(op):
    k = op['op']
    dt = _dt(op.get('dtype', 'float32'))
    size = op.get('size')
    if k == 'rand':
        t = torch.rand(size, dtype=dt)
    elif k == 'uniform':
        t = torch.empty(size, dtype=dt).uniform_(op['from'], op['to'])
    elif k == 'randn':
        t = torch.randn(size, dtype=dt)
    elif k == 'normal':
        t = torch.empty(size, dtype=dt).normal_(op['mean'], op['std'])
    elif k == 'bernoulli':
        t = torch.empty(size, dtype=dt).bernoulli_(op['p']).to(torch.uint8)
    elif k == 'bernoulliTensor':
        t = torch.bernoulli(torch.tensor(op['p'], dtype=dt)).to(torch.uint8)
    elif k == 'dropout':
        t = F.dropout(torch.tensor(op['input'], dtype=dt), op['p'], training=True)
    elif k == 'exponential':
        t = torch.empty(size, dtype=dt).exponential_(op['lambd'])
    elif k == 'multinomial':
        t = torch.multinomial(torch.tensor(op['weights'], dtype=dt), op['n'], op['replacement'])
    else:
        raise ValueError(k)
    return t.contiguous().numpy().tobytes().hex()

def _case(case):
    torch.manual_seed(case['seed'])
    res = []
    for op in case['ops']:
        try:
            res.append(_op(op))
        except RuntimeError as e:
            res.append({'raises': 'RuntimeError', 'error': str(e).split('\n')[0]})
    return res

out = {'torch': torch.__version__, 'cases': [_case(c) for c in data]}
