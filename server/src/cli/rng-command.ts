// `seedlint rng`: the engine's JSON-lines face (shared/spec/rng-protocol.md). Reads one request
// per line and writes one answer per line, in order, as the lines arrive (a long-lived consumer
// can interleave requests and answers); blank lines are skipped, malformed lines get ok:false.

import { createInterface } from 'node:readline';
import { answerRequestLine } from '../../engine/src/protocol';

/** Streams answers for every request line of `input`; resolves with the exit code (0). */
export async function rngCommand(input: NodeJS.ReadableStream, output: NodeJS.WritableStream): Promise<number> {
  const lines = createInterface({ input, crlfDelay: Infinity, terminal: false });
  for await (const line of lines) {
    if (line.trim() === '') continue;
    if (!output.write(`${answerRequestLine(line)}\n`)) {
      await new Promise<void>((resolve) => output.once('drain', () => resolve()));
    }
  }
  return 0;
}
