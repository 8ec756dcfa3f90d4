// Pairs requests.jsonl with the oracle's answers.jsonl (from the GPU machine) and writes one golden
// file per library family: a header line (versions, machine, exact commands), then one
// {"request": ..., "answer": ...} line per case.
//
//   node --import tsx test/engine/vectors/split-answers.ts <answers.jsonl> <versions.json> <machine.txt>

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const [answersPath, versionsPath, machinePath] = process.argv.slice(2);
if (!answersPath || !versionsPath || !machinePath) throw new Error('usage: split-answers.ts answers.jsonl versions.json machine.txt');

const requests = readFileSync(join(here, 'requests.jsonl'), 'utf8').trim().split('\n');
const answers = readFileSync(answersPath, 'utf8').trim().split('\n');
if (requests.length !== answers.length) throw new Error(`${requests.length} requests but ${answers.length} answers`);
const versions = JSON.parse(readFileSync(versionsPath, 'utf8')) as Record<string, unknown>;
const machine = readFileSync(machinePath, 'utf8').trim().split('\n');

const COMMAND = [
  'node --import tsx test/engine/vectors/make-requests.ts 132   # here: writes requests.jsonl',
  'cd test/engine/vectors && python3 ../../oracle/oracle.py --versions > versions.json && python3 ../../oracle/oracle.py < requests.jsonl > answers.jsonl   # on the GPU machine',
  'node --import tsx test/engine/vectors/split-answers.ts answers.jsonl versions.json machine.txt   # here',
];

const families: Record<string, { file: string; libs: string[] }> = {
  torch: { file: `torch-${String(versions['torch']).split('+')[0]}.jsonl`, libs: ['torch', 'torch.global'] },
  data: { file: `torch-data-${String(versions['torch']).split('+')[0]}.jsonl`, libs: ['torch.data'] },
  cuda: { file: `torch-cuda-${String(versions['torch']).split('+')[0]}-sm${String(versions['sm_count'])}.jsonl`, libs: ['torch.cuda'] },
  python: { file: `python-${String(versions['python'])}.jsonl`, libs: ['python'] },
  numpy: { file: `numpy-${String(versions['numpy'])}.jsonl`, libs: ['numpy.legacy', 'numpy'] },
};

for (const { file, libs } of Object.values(families)) {
  const lines: string[] = [JSON.stringify({ golden: 'seedlint rng request/answer pairs from the real libraries', versions, machine, command: COMMAND })];
  requests.forEach((req, i) => {
    if (libs.includes((JSON.parse(req) as { lib: string }).lib)) lines.push(`{"request":${req},"answer":${answers[i]}}`);
  });
  writeFileSync(join(here, file), lines.join('\n') + '\n');
  console.log(`${file}: ${lines.length - 1} cases`);
}
