// The server lints a document version once: the code actions VS Code asks for after every
// publish reuse that lint. Driven in-process over in-memory streams, with a host that counts
// lints (the server asks `projectContext` once per lint).

import { strict as assert } from 'node:assert';
import {
  CodeActionRequest,
  CodeActionTriggerKind,
  DidChangeConfigurationNotification,
  DidChangeTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  type CodeAction,
  type Command,
  type Diagnostic,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { readParserAssets } from '../../server/src/node-assets';
import { connectInProcess } from '../helpers/in-process-server';

// Two RNG110 findings, so that "Fix all RNG110 in file" needs the document's findings.
const SOURCE = [
  'from torch.utils.data import DataLoader, DistributedSampler',
  'a = DistributedSampler(train_set)',
  'b = DistributedSampler(val_set)',
  'la = DataLoader(train_set, sampler=a)',
  'lb = DataLoader(val_set, sampler=b)',
  'for epoch in range(3):',
  '    for x in la:',
  '        pass',
  '    for y in lb:',
  '        pass',
  '',
].join('\n');

const URI = 'file:///reuse/train.py';

describe('language server: one lint per document version', function () {
  this.timeout(30000);
  let client: ProtocolConnection;
  let lints = 0;
  const published: PublishDiagnosticsParams[] = [];
  let onPublish: (() => void) | undefined;

  before(async () => {
    client = connectInProcess({
      loadParserAssets: async () => readParserAssets(),
      projectContext: () => {
        lints++;
        return {};
      },
    });
    client.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.push(params);
      onPublish?.();
    });
    client.listen();
    await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: {} });
    await client.sendNotification(InitializedNotification.type, {});
  });

  after(() => client.dispose());

  const diagnosticsOf = async (version: number): Promise<Diagnostic[]> => {
    for (;;) {
      const found = published.find((p) => p.version === version);
      if (found) return found.diagnostics;
      await new Promise<void>((resolve) => (onPublish = resolve));
    }
  };

  const actionsAt = async (diagnostic: Diagnostic): Promise<string[]> => {
    const actions = await client.sendRequest(CodeActionRequest.type, {
      textDocument: { uri: URI },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], triggerKind: CodeActionTriggerKind.Automatic },
    });
    return (actions ?? []).map((a: Command | CodeAction) => a.title);
  };

  it('answers code actions from the published lint, and lints again after an edit or a settings change', async () => {
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: URI, languageId: 'python', version: 1, text: SOURCE } });
    const first = await diagnosticsOf(1);
    assert.deepEqual(
      first.map((d) => d.code),
      ['RNG110', 'RNG110'],
    );
    assert.equal(lints, 1);

    // A diagnostic carries only its version; the actions come from the published lint's findings:
    // its own fix, "Fix all" (every finding of the file) and the suppression.
    assert.deepEqual(first[0]!.data, { version: 1 });
    const titles = await actionsAt(first[0]!);
    assert.deepEqual(titles, ['Call `a.set_epoch(epoch)` at the start of each epoch (unsafe)', 'Fix all RNG110 in file (unsafe)', 'Ignore RNG110 on this line']);
    await actionsAt(first[1]!);
    assert.equal(lints, 1, 'code actions for the published version must not lint again');

    // An edit is a new version: one lint for its diagnostics, none for its code actions.
    await client.sendNotification(DidChangeTextDocumentNotification.type, {
      textDocument: { uri: URI, version: 2 },
      contentChanges: [{ range: { start: { line: 10, character: 0 }, end: { line: 10, character: 0 } }, text: '# end\n' }],
    });
    const second = await diagnosticsOf(2);
    assert.equal(lints, 2);
    await actionsAt(second[0]!);
    assert.equal(lints, 2);

    // Settings may change what a lint finds: the next request lints again.
    const before = published.length;
    await client.sendNotification(DidChangeConfigurationNotification.type, { settings: {} });
    while (published.length === before) await new Promise<void>((resolve) => (onPublish = resolve));
    assert.equal(lints, 3, 'a settings change re-lints the open document');
    await actionsAt(second[0]!);
    assert.equal(lints, 3, 'and its code actions reuse that lint');
  });

  it('lints a burst of changes once, at its newest version', async () => {
    const before = lints;
    const versions = [3, 4, 5, 6, 7];
    // Sent without waiting, as an editor sends keystrokes typed faster than a lint.
    await Promise.all(
      versions.map((version) =>
        client.sendNotification(DidChangeTextDocumentNotification.type, {
          textDocument: { uri: URI, version },
          contentChanges: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '#' }],
        }),
      ),
    );
    await diagnosticsOf(7);
    assert.equal(lints, before + 1);
    assert.deepEqual(
      published.filter((p) => p.version !== undefined && p.version >= 3).map((p) => p.version),
      [7],
    );
  });
});
