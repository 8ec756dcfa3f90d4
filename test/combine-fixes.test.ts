// Fix-all applies many fixes in one workspace edit: shared edits (an added import) once, and a fix
// whose edits collide with an earlier one left for the next round rather than sent overlapping.

import { strict as assert } from 'node:assert';
import { combineFixes } from '../server/src/combine-fixes';
import { applyEdits } from './helpers/apply-edits';

const at = (line: number, character: number) => ({ line, character });
const insert = (line: number, character: number, newText: string) => ({ range: { start: at(line, character), end: at(line, character) }, newText });
const replace = (line: number, from: number, to: number, newText: string) => ({ range: { start: at(line, from), end: at(line, to) }, newText });

const TEXT = ['import numpy as np', 'np.random.seed(1)', 'np.random.seed(2)', ''].join('\n');

describe('combineFixes', () => {
  it('adds an import two fixes share once', () => {
    const addTorch = insert(1, 0, 'import torch\n');
    const edits = combineFixes([{ edits: [addTorch, replace(1, 15, 16, 'torch.initial_seed()')] }, { edits: [addTorch, replace(2, 15, 16, 'torch.initial_seed()')] }]);
    assert.equal(applyEdits(TEXT, edits), ['import numpy as np', 'import torch', 'np.random.seed(torch.initial_seed())', 'np.random.seed(torch.initial_seed())', ''].join('\n'));
  });

  it('leaves out a fix that overlaps an earlier one, keeps the rest', () => {
    const edits = combineFixes([{ edits: [replace(1, 0, 17, 'pass')] }, { edits: [replace(1, 15, 16, '7')] }, { edits: [replace(2, 15, 16, '8')] }]);
    assert.equal(applyEdits(TEXT, edits), ['import numpy as np', 'pass', 'np.random.seed(8)', ''].join('\n'));
  });

  it('keeps different insertions at one point, in fix order (LSP applies them in array order)', () => {
    const edits = combineFixes([{ edits: [insert(1, 0, 'a = 1\n')] }, { edits: [insert(1, 0, 'b = 2\n')] }]);
    assert.equal(applyEdits(TEXT, edits), ['import numpy as np', 'a = 1', 'b = 2', 'np.random.seed(1)', 'np.random.seed(2)', ''].join('\n'));
  });

  it('keeps edits that only touch at a boundary', () => {
    const edits = combineFixes([{ edits: [replace(1, 0, 2, 'NP')] }, { edits: [replace(1, 2, 9, '.RANDOM')] }]);
    assert.equal(edits.length, 2);
    assert.equal(applyEdits(TEXT, edits).split('\n')[1], 'NP.RANDOM.seed(1)');
  });
});
