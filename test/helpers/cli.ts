// Runs the installed `seedlint` bin (over the built bundle) as users do.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export const ROOT = join(__dirname, '../..');
const BIN = join(ROOT, 'bin/seedlint.js');

export function seedlint(args: string[], cwd = ROOT, input = '', env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', input, env: { ...process.env, ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A DistributedSampler whose epoch loop never calls set_epoch: one RNG110 on line 2. */
export const MISSING_SET_EPOCH = [
  'from torch.utils.data import DataLoader, DistributedSampler',
  'sampler = DistributedSampler(ds)',
  'loader = DataLoader(ds, sampler=sampler)',
  'for epoch in range(3):',
  '    for batch in loader:',
  '        step(batch)',
  '',
].join('\n');
