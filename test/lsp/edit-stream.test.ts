// Random streams of edits through the language server, in-process: bursts of changes sent
// without waiting (coalesced by the server), several changes per notification, code actions and
// hovers in between, while the server parses statements alone and settles its trees after
// publishing. Whatever the stream, the diagnostics published for the last version must be
// exactly those of a fresh lint of the final text, and no request may fail.

import { strict as assert } from 'node:assert';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  CodeActionRequest,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  HoverRequest,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  type Diagnostic,
  type ProtocolConnection,
} from 'vscode-languageserver-protocol/node';
import { pointAt } from '../../server/src/analysis/positions';
import { toDiagnostic } from '../../server/src/handlers/diagnostics';
import { readParserAssets } from '../../server/src/node-assets';
import { connectInProcess } from '../helpers/in-process-server';
import { testLinter } from '../helpers/linter';

const ROOT = join(__dirname, '../..');
const examples = readdirSync(join(ROOT, 'examples'))
  .filter((f) => f.endsWith('.py'))
  .map((f) => readFileSync(join(ROOT, 'examples', f), 'utf8'));

const TOKENS = ['#', ' ', '\n', 'x', '(', ')', ':', '"', 'torch.', 'manual_seed(0)', 'def f():\n    ', 'import random\n', ''];
const edit = fc.record({ at: fc.double({ min: 0, max: 1, noNaN: true }), remove: fc.nat({ max: 8 }), insert: fc.constantFrom(...TOKENS), wait: fc.boolean(), together: fc.boolean(), ask: fc.boolean() });

describe('language server: random edit streams', function () {
  this.timeout(120000);
  let client: ProtocolConnection;
  const published = new Map<string, { version: number | undefined; diagnostics: Diagnostic[] }[]>();
  let onPublish: (() => void) | undefined;

  before(async () => {
    client = connectInProcess({ loadParserAssets: async () => readParserAssets() });
    client.onNotification(PublishDiagnosticsNotification.type, (params) => {
      const list = published.get(params.uri) ?? [];
      list.push({ version: params.version, diagnostics: params.diagnostics });
      published.set(params.uri, list);
      onPublish?.();
    });
    client.listen();
    await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
    await client.sendNotification(InitializedNotification.type, {});
  });

  after(() => client.dispose());

  const publishedFor = async (uri: string, version: number): Promise<Diagnostic[]> => {
    for (;;) {
      const found = published.get(uri)?.find((p) => p.version === version);
      if (found) return found.diagnostics;
      await new Promise<void>((resolve) => (onPublish = resolve));
    }
  };

  it('publishes for the last version exactly what a fresh lint of the final text finds', async () => {
    const linter = await testLinter();
    let run = 0;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...examples), fc.constantFrom(...examples), fc.array(edit, { minLength: 1, maxLength: 12 }), async (a, b, steps) => {
        const uri = `file:///stream/run${run++}.py`;
        let text = `${a}\n${b}`;
        let version = 1;
        await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri, languageId: 'python', version, text } });
        let batch: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; text: string }[] = [];
        for (const [i, step] of steps.entries()) {
          const start = Math.floor(step.at * text.length);
          const oldEnd = Math.min(text.length, start + step.remove);
          const from = pointAt(text, start);
          const to = pointAt(text, oldEnd);
          batch.push({ range: { start: { line: from.row, character: from.column }, end: { line: to.row, character: to.column } }, text: step.insert });
          text = text.slice(0, start) + step.insert + text.slice(oldEnd);
          if (step.together && i < steps.length - 1) continue;
          await client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri, version: ++version }, contentChanges: batch });
          batch = [];
          if (step.ask) {
            const position = { line: from.row, character: from.column };
            const actions = await client.sendRequest(CodeActionRequest.type, { textDocument: { uri }, range: { start: position, end: position }, context: { diagnostics: [] } });
            assert.ok(Array.isArray(actions));
            await client.sendRequest(HoverRequest.type, { textDocument: { uri }, position });
          }
          if (step.wait) await publishedFor(uri, version);
        }
        const last = await publishedFor(uri, version);
        const expected = linter.lint(text).map((f) => toDiagnostic(f, uri, version));
        assert.deepEqual(last, expected);
      }),
      { numRuns: 25, seed: 20261130 },
    );
  });
});
