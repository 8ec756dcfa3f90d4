// The PyTorch facts behind the RNG1xx rules, measured live on /usr/bin/python3's torch (1.13):
// stored RNG objects are copied identically into workers (RNG102) while the global NumPy state
// is reseeded per worker and epoch since 1.9 (RNG101, W3); constant worker seeds replay every
// epoch (RNG103); an unsharded IterableDataset repeats per worker (RNG105); a late set_epoch
// repeats an order and a DataLoader has no set_epoch (RNG111); sampler + shuffle raises (RNG112);
// per-rank sampler seeds break the partition (RNG113); a fresh Generator has a fixed seed (RNG116).

import { strict as assert } from 'node:assert';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const PYTHON = '/usr/bin/python3';
const hasTorch = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' }).status === 0;

describe('data-loading facts (live torch)', function () {
  this.timeout(180_000);
  let facts: Record<string, unknown> = {};

  before(function () {
    if (!hasTorch) this.skip();
    const r = spawnSync(PYTHON, [join(__dirname, 'facts', 'data_loading_facts.py')], { encoding: 'utf8', timeout: 170_000 });
    assert.equal(r.status, 0, r.stderr);
    facts = JSON.parse(r.stdout) as Record<string, unknown>;
  });

  it('RNG102: a stored default_rng is identical in every worker and repeats every epoch; the fix separates them', () => {
    assert.equal(facts['RNG102_stored_rng_identical_in_workers'], true);
    assert.equal(facts['RNG102_stored_rng_repeats_every_epoch'], true);
    assert.equal(facts['RNG102_fix_workers_differ'], true);
    assert.equal(facts['RNG102_fix_epochs_differ'], true);
    assert.equal(facts['RNG102_fix_reproducible'], true);
  });

  it('RNG101 / W3: since 1.9 the global NumPy state differs per worker and per epoch without worker_init_fn', () => {
    assert.equal(facts['RNG101_global_numpy_differs_per_worker'], true);
    assert.equal(facts['RNG101_global_numpy_differs_per_epoch'], true);
  });

  it('RNG103: a constant worker seed replays every epoch; torch.initial_seed() does not; persistent workers continue', () => {
    assert.equal(facts['RNG103_constant_seed_repeats_every_epoch'], true);
    assert.equal(facts['RNG103_recipe_differs_per_epoch'], true);
    assert.equal(facts['RNG103_persistent_constant_seed_continues'], true);
  });

  it('RNG105: each worker yields the whole unsharded stream', () => {
    assert.deepEqual(facts['RNG105_items_with_two_workers'], [0, 0, 1, 1, 2, 2]);
  });

  it('RNG111: set_epoch inside the batch loop repeats an order; DataLoader has no set_epoch', () => {
    assert.equal(facts['RNG111_late_set_epoch_repeats_an_order'], true);
    assert.equal(facts['RNG111_dataloader_has_no_set_epoch'], true);
  });

  it('RNG112: sampler= or batch_sampler= with shuffle=True raises ValueError', () => {
    assert.equal(facts['RNG112_sampler_with_shuffle_raises'], true);
    assert.equal(facts['RNG112_batch_sampler_with_shuffle_raises'], true);
  });

  it('RNG113: per-rank sampler seeds lose samples; a shared seed partitions the data', () => {
    assert.equal(facts['RNG113_per_rank_seed_covers_dataset'], false);
    assert.equal(facts['RNG113_shared_seed_covers_dataset'], true);
  });

  it('RNG116: a fresh torch.Generator starts from 67280421310721', () => {
    assert.equal(facts['RNG116_fresh_generator_seed'], 67280421310721);
    assert.equal(facts['RNG116_fresh_generators_agree'], true);
  });
});
