// The differential oracle: fast-check draws thousands of `seedlint rng` requests, the engine answers
// them in-process and ONE long-lived test/oracle/oracle.py (real torch / numpy / random under
// /usr/bin/python3) answers the same lines; the answers must be identical (the `error` text aside,
// see comparableAnswer). Under CI=true a missing oracle is a failure, never a skip.
//
// Only fns the dispatcher has wired are drawn; the others are listed as EXCLUDED in the output
// (never counted as passing). Reproduce a run with SEEDLINT_DIFF_SEED=<seed printed below>;
// SEEDLINT_DIFF_SCALE=4 draws four times as many cases.

import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  answerRequestLine,
  DATA_KINDS,
  dataKindImplemented,
  NUMPY_FNS,
  NUMPY_LEGACY_FNS,
  numpyFnImplemented,
  PYTHON_FNS,
  TORCH_FNS,
  torchFnImplemented,
} from '../../server/engine/src/protocol';
import { comparableAnswer, OracleProcess, oracleVersions, type OracleVersions } from '../oracle/oracle-process';
import { dataRequest, numpyRequests, pythonRequests, type Req, torchRequests } from '../oracle/requests';

const SEED = Number(process.env['SEEDLINT_DIFF_SEED'] ?? 20261127);
const SCALE = Number(process.env['SEEDLINT_DIFF_SCALE'] ?? 1);
const BATCH = 200;

// ------------------------------------------------------------------------------------------ the run

interface Plan {
  lib: string;
  cases: number;
  wired: string[];
  excluded: string[];
  arbitrary: fc.Arbitrary<Req> | undefined;
}

function plans(v: OracleVersions): Plan[] {
  const torchVersion = { torch: v.torch.split('+')[0]!, python: v.python };
  const split = (fns: readonly string[], wired: (f: string) => boolean) => ({ wired: fns.filter(wired), excluded: fns.filter((f) => !wired(f)) });
  const out: Plan[] = [];
  for (const lib of ['torch', 'torch.global'] as const) {
    const s = split(TORCH_FNS, torchFnImplemented);
    out.push({ lib, cases: 1500, ...s, arbitrary: s.wired.length ? torchRequests(lib, s.wired, torchVersion) : undefined });
  }
  const py = split(PYTHON_FNS, () => true);
  out.push({ lib: 'python', cases: 2000, ...py, arbitrary: pythonRequests(py.wired) });
  for (const lib of ['numpy.legacy', 'numpy'] as const) {
    const s = split(lib === 'numpy' ? NUMPY_FNS : NUMPY_LEGACY_FNS, (f) => numpyFnImplemented(lib, f));
    out.push({ lib, cases: 1500, ...s, arbitrary: s.wired.length ? numpyRequests(lib, s.wired) : undefined });
  }
  const d = split(DATA_KINDS, dataKindImplemented);
  out.push({
    lib: 'torch.data',
    cases: 800,
    ...d,
    arbitrary: d.wired.length ? fc.oneof(...d.wired.map((k) => dataRequest[k]!)).map((r) => ({ ...r, version: torchVersion })) : undefined,
  });
  return out;
}

describe('differential: engine vs the real libraries (test/oracle/oracle.py)', function () {
  this.timeout(600_000);
  let oracle: OracleProcess | undefined;
  let versions: OracleVersions | undefined;

  before(function () {
    const v = oracleVersions();
    if ('missing' in v) {
      if (process.env['CI'] === 'true') throw new Error(`oracle unavailable under CI=true: ${v.missing}`);
      console.log(`      oracle unavailable, skipping: ${v.missing}`);
      this.skip();
    }
    versions = v;
    oracle = new OracleProcess();
    console.log(`      oracle: python ${v.python}, torch ${v.torch}, numpy ${v.numpy}; fast-check seed ${SEED}, scale ${SCALE}`);
  });
  after(() => oracle?.close());

  it('malformed and unservable lines get ok:false on both sides and the stream goes on', async function () {
    const lines = [
      'not json',
      '{"lib":"torch","seed":0,"calls":[{"fn":"initial_seed"}]}',
      '[1,2',
      '{"lib":"nope","seed":0,"calls":[]}',
      '{"lib":"torch","seed":0,"calls":[{"fn":"no_such_fn"}]}',
      '{"lib":"torch","seed":0,"calls":[{"fn":"randint","high":"ten","size":[1]}]}',
      '{"lib":"torch","seed":1.5,"calls":[]}',
      '{"lib":"torch","seed":0,"calls":[{"fn":"random_int64","size":[2000000]}]}',
      '42',
      '{"lib":"torch","seed":7,"calls":[{"fn":"initial_seed"}]}',
    ];
    const engine = lines.map(answerRequestLine);
    const expectedOk = [false, true, false, false, false, false, false, false, false, true];
    assert.deepEqual(engine.map((l) => (JSON.parse(l) as { ok: boolean }).ok), expectedOk);
    assert.ok(engine.every((l) => !l.includes('\n')));
    const real = await oracle!.ask(lines);
    assert.deepEqual(engine.map(comparableAnswer), real.map(comparableAnswer));
  });

  const summary: string[] = [];
  after(() => {
    if (summary.length) console.log(`\n      differential summary (oracle torch ${versions?.torch}, numpy ${versions?.numpy}):\n${summary.map((s) => `        ${s}`).join('\n')}`);
  });

  for (const lib of ['torch', 'torch.global', 'python', 'numpy.legacy', 'numpy', 'torch.data']) {
    it(`${lib}: identical answers`, async function () {
      const plan = plans(versions!).find((p) => p.lib === lib)!;
      const excluded = plan.excluded.length ? `; EXCLUDED (not implemented yet): ${plan.excluded.join(', ')}` : '';
      if (!plan.arbitrary) {
        summary.push(`${lib}: 0 cases compared${excluded}`);
        this.skip();
      }
      const reqs = fc.sample(plan.arbitrary!, { numRuns: Math.round(plan.cases * SCALE), seed: SEED + lib.length });
      const lines = reqs.map((r) => JSON.stringify(r));
      let compared = 0;
      let raised = 0;
      const mismatches: string[] = [];
      for (let i = 0; i < lines.length; i += BATCH) {
        const batch = lines.slice(i, i + BATCH);
        const real = await oracle!.ask(batch);
        batch.forEach((line, j) => {
          const mine = answerRequestLine(line);
          if (/not implemented yet/.test(mine)) {
            mismatches.push(`wired fn answered "not implemented yet":\n  request ${line}\n  engine  ${mine}`);
            return;
          }
          if (comparableAnswer(mine) === comparableAnswer(real[j]!)) {
            compared++;
            if (!(JSON.parse(real[j]!) as { ok: boolean }).ok) raised++;
          } else if (mismatches.length < 200) {
            mismatches.push(`request ${line}\n  engine  ${mine.slice(0, 600)}\n  oracle  ${real[j]!.slice(0, 600)}`);
          }
        });
      }
      summary.push(`${lib}: ${compared}/${lines.length} identical (${raised} of them ok:false on both sides); fns: ${plan.wired.join(', ')}${excluded}`);
      assert.equal(mismatches.length, 0, `${mismatches.length} of ${lines.length} ${lib} requests differ; first ones:\n${mismatches.slice(0, 5).join('\n')}`);
    });
  }
});
