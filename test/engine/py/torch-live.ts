// The TypeScript side of torch_live.py: one /usr/bin/python3 process answers a whole batch of cases.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

import { PYTHON } from '../live-python';

const TORCH_LIVE = fileURLToPath(new URL('./torch_live.py', import.meta.url));

export type Answer = { ok: unknown } | { raises: string; error: string };

/** Runs every case through the real torch in one process; answers come back in case order. */
export function askTorch(cases: readonly object[]): Answer[] {
  const r = spawnSync(PYTHON, [TORCH_LIVE], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 1 << 30 });
  if (r.status !== 0) throw new Error(`torch_live.py failed: ${r.stderr}`);
  const answers = JSON.parse(r.stdout) as Answer[];
  assert.equal(answers.length, cases.length);
  return answers;
}

/** The answer's value, failing the test with Python's exception when it raised. */
export function ok<T>(answer: Answer | undefined, label: string): T {
  assert.ok(answer && 'ok' in answer, `${label}: python raised ${JSON.stringify(answer)}`);
  return answer.ok as T;
}

/** Python ints arrive as numbers or decimal strings; compare as decimal strings. */
export const dec = (v: unknown): string => String(v);

/** Python's float.hex() spelling, to send and compare floats exactly. */
export function floatHex(x: number): string {
  if (x === 0) return Object.is(x, -0) ? '-0x0.0p+0' : '0x0.0p+0';
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, Math.abs(x));
  const bits = view.getBigUint64(0);
  const exp = Number(bits >> 52n) - 1023;
  if (exp === -1023) throw new RangeError('subnormals: not needed by these tests');
  const mant = (bits & ((1n << 52n) - 1n)).toString(16).padStart(13, '0'); // float.hex() keeps all 13 digits
  return `${x < 0 ? '-' : ''}0x1.${mant}p${exp >= 0 ? '+' : ''}${exp}`;
}
