// The web host's project facts (server/src/web-host.ts), through the server in-process with the
// host main.browser.ts starts it with (`webHost`): versions from the `seedlint.torchVersion`
// setting alone, and sibling modules read from the other open documents (§4.10), named by their
// own URIs.

import { strict as assert } from 'node:assert';
import {
  ConfigurationRequest,
  DidChangeTextDocumentNotification,
  DidCloseTextDocumentNotification,
  DidOpenTextDocumentNotification,
  InitializedNotification,
  InitializeRequest,
  PublishDiagnosticsNotification,
  RegistrationRequest,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { readParserAssets } from '../../server/src/node-assets';
import { defaultSettings } from '../../server/src/settings';
import { webHost, WebProjects } from '../../server/src/web-host';
import { connectInProcess } from '../helpers/in-process-server';
import { testLinter } from '../helpers/linter';

const BASE = 'vscode-vfs://github/owner/repo';
const DRAWING = 'import numpy as np\nfrom torch.utils.data import Dataset\n\n\nclass Jitter(Dataset):\n    def __getitem__(self, i):\n        return self.images[i] * np.random.uniform(0.8, 1.2)\n';
const TRAIN = 'from torch.utils.data import DataLoader\nfrom data_sets.jitter import Jitter\n\nloader = DataLoader(Jitter(images), batch_size=16, num_workers=4)\n';

describe('web host: settings and open documents as the project', function () {
  this.timeout(30000);
  let client: ProtocolConnection;
  const published: PublishDiagnosticsParams[] = [];
  let onPublish: (() => void) | undefined;

  before(async () => {
    client = connectInProcess(webHost(async () => readParserAssets()));
    client.onRequest(ConfigurationRequest.type, () => [{ torchVersion: '1.8.1' }]);
    client.onRequest(RegistrationRequest.method, () => null);
    client.onNotification(PublishDiagnosticsNotification.type, (params) => {
      published.push(params);
      onPublish?.();
    });
    client.listen();
    await client.sendRequest(InitializeRequest.type, { processId: null, rootUri: null, capabilities: { workspace: { configuration: true } } });
    await client.sendNotification(InitializedNotification.type, {});
  });

  after(() => client.dispose());

  /** The next publication for `uri` after the call. */
  const next = (uri: string): Promise<PublishDiagnosticsParams> => {
    const seen = published.length;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${uri}`)), 10000);
      const look = () => {
        const found = published.slice(seen).find((p) => p.uri === uri);
        if (!found) return;
        clearTimeout(timer);
        onPublish = undefined;
        resolve(found);
      };
      onPublish = look;
    });
  };
  const rng101 = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => d.code === 'RNG101');

  it('reads an open module, lints its importer again when it changes, and forgets it when it closes', async () => {
    const train = `${BASE}/train.py`;
    const module = `${BASE}/data_sets/jitter.py`;
    let after = next(train);
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: train, languageId: 'python', version: 1, text: TRAIN } });
    assert.deepEqual(rng101(await after), [], 'the module is not open: nothing to read');

    after = next(train);
    await client.sendNotification(DidOpenTextDocumentNotification.type, { textDocument: { uri: module, languageId: 'python', version: 1, text: DRAWING } });
    const found = rng101(await after);
    assert.equal(found.length, 1, 'torch 1.8.1 from the setting, the draw from the open module');
    assert.match(String(found[0]!.message), /`Jitter.__getitem__` in \/owner\/repo\/data_sets\/jitter\.py \(line 7\)/);
    assert.equal(found[0]!.relatedInformation?.[0]?.location.uri, module, "the related place is the module's own URI");

    after = next(train);
    await client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: module, version: 2 }, contentChanges: [{ text: DRAWING.replace('np.random.uniform(0.8, 1.2)', '2.0') }] });
    assert.deepEqual(rng101(await after), [], 'the edit removed the draw');

    after = next(train);
    await client.sendNotification(DidChangeTextDocumentNotification.type, { textDocument: { uri: module, version: 3 }, contentChanges: [{ text: DRAWING }] });
    assert.equal(rng101(await after).length, 1, 'the draw is back');

    after = next(train);
    await client.sendNotification(DidCloseTextDocumentNotification.type, { textDocument: { uri: module } });
    assert.deepEqual(rng101(await after), [], 'closed: no file system to read it from');
  });

  it('takes the torch version from the setting, and only documents of the same scheme and authority as modules', async () => {
    const linter = await testLinter();
    const texts = new Map([
      [`${BASE}/data_sets/jitter.py`, DRAWING],
      ['vscode-vfs://github/other/data_sets/jitter.py', DRAWING],
    ]);
    const projects = new WebProjects({ uris: () => [...texts.keys()], text: (uri) => texts.get(uri) });
    const settings = { ...defaultSettings(), torchVersion: '1.8.1' };
    const context = projects.projectContext(`${BASE}/train.py`, settings, linter.parser);
    assert.deepEqual([...context.facts!.declared], [['torch', '==1.8.1']]);
    assert.equal(context.facts!.source, 'settings (torch 1.8.1)');
    assert.equal(context.facts!.modules?.module(0, ['data_sets', 'jitter'])?.file, '/owner/repo/data_sets/jitter.py');
    assert.equal(context.facts!.modules?.module(0, ['data_sets', 'missing']), undefined);
    assert.equal(context.moduleUri?.('/owner/repo/data sets/x.py'), `${BASE}/data%20sets/x.py`);
    // A document without a hierarchical path has no modules, and no setting means no declaration.
    const untitled = projects.projectContext('untitled:Untitled-1', defaultSettings(), linter.parser);
    assert.deepEqual(untitled, { facts: { declared: new Map() } });
  });
});
