// `seedlint rng` (server/src/cli/rng-command.ts): one answer line per request line, in order,
// streamed as lines arrive; malformed lines get ok:false and the stream goes on.
import assert from 'node:assert/strict';
import { PassThrough } from 'node:stream';
import { rngCommand } from '../../server/src/cli/rng-command';

function collect(stream: PassThrough): { lines: () => string[] } {
  let text = '';
  stream.setEncoding('utf8');
  stream.on('data', (c: string) => (text += c));
  return { lines: () => text.split('\n').filter((l) => l !== '') };
}

describe('seedlint rng (rngCommand)', () => {
  it('answers every line in order; malformed lines get ok:false and the stream goes on', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const got = collect(output);
    const done = rngCommand(input, output);
    input.end(
      [
        '{"lib":"torch","seed":0,"calls":[{"fn":"initial_seed"},{"fn":"randperm","n":5}]}',
        '{oops',
        '',
        '{"lib":"nope"}',
        '{"lib":"torch","seed":-1,"calls":[{"fn":"randperm","n":-1}]}',
        '{"lib":"torch","seed":"default","calls":[{"fn":"initial_seed"}]}\r',
      ].join('\n'),
    );
    assert.equal(await done, 0);
    const lines = got.lines().map((l) => JSON.parse(l) as { ok: boolean; results?: unknown; raises?: string; error?: string });
    assert.equal(lines.length, 5, 'blank lines are skipped, every other line answered');
    // /usr/bin/python3 (torch 1.13): torch.randperm(5, generator=torch.Generator().manual_seed(0)).tolist()
    assert.deepEqual(lines[0], { ok: true, results: [0, [4, 0, 1, 3, 2]] });
    assert.equal(lines[1]!.ok, false);
    assert.match(lines[1]!.error!, /malformed JSON/);
    assert.equal(lines[2]!.ok, false);
    assert.match(lines[2]!.error!, /unknown lib/);
    assert.deepEqual([lines[3]!.ok, lines[3]!.raises], [false, 'RuntimeError']);
    assert.deepEqual(lines[4], { ok: true, results: [67280421310721] });
  });

  it('streams: the first answer is written before the input ends', async () => {
    const input = new PassThrough();
    const output = new PassThrough();
    const got = collect(output);
    const done = rngCommand(input, output);
    input.write('{"lib":"python","seed":0,"calls":[{"fn":"random"}]}\n');
    for (let i = 0; i < 50 && got.lines().length === 0; i++) await new Promise((r) => setTimeout(r, 10));
    // /usr/bin/python3: struct.pack("<d", random.Random(0).random()) -> 0x3feb0580f98a7dbe
    assert.deepEqual(got.lines(), ['{"ok":true,"results":["0x3feb0580f98a7dbe"]}']);
    input.end();
    assert.equal(await done, 0);
  });
});
