// `seedlint check` output formats, rule selection, statistics, stdin and configuration.

import { strict as assert } from 'node:assert';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MISSING_SET_EPOCH, ROOT, seedlint } from '../helpers/cli';
import Ajv from 'ajv-draft-04';

const BUGGY = MISSING_SET_EPOCH;

describe('seedlint check formats and configuration', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'seedlint-fmt-'));
    writeFileSync(join(dir, 'train.py'), BUGGY);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('--format json gives one array with 1-based positions and the fix', () => {
    const r = seedlint(['check', '--format', 'json', 'train.py'], dir);
    assert.equal(r.code, 1);
    assert.deepEqual(JSON.parse(r.stdout), [
      {
        path: 'train.py',
        line: 2,
        column: 11,
        end_line: 2,
        end_column: 29,
        code: 'RNG110',
        name: 'missing-set-epoch',
        severity: 'warning',
        message: '`sampler` never gets `set_epoch`, so every epoch has the same order',
        fix: {
          applicability: 'unsafe',
          title: 'Call `sampler.set_epoch(epoch)` at the start of each epoch (unsafe)',
          edits: [{ line: 5, column: 1, end_line: 5, end_column: 1, new_text: '    sampler.set_epoch(epoch)\n' }],
        },
      },
    ]);
  });

  it('--format sarif is valid SARIF 2.1.0 with rule metadata and help URIs', () => {
    const r = seedlint(['check', '--format', 'sarif', 'train.py'], dir);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout);
    const schema = JSON.parse(readFileSync(join(ROOT, 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'), 'utf8'));
    const ajv = new Ajv({ strict: false, validateFormats: false, allErrors: true, unicodeRegExp: false });
    const validate = ajv.compile(schema);
    const valid = validate(structuredClone(log));
    assert.ok(valid, JSON.stringify(validate.errors, null, 2));
    const run = log.runs[0];
    const rule = run.tool.driver.rules[run.results[0].ruleIndex];
    assert.equal(rule.id, 'RNG110');
    assert.match(rule.helpUri, /docs\/rules\/missing-set-epoch\.md$/);
    assert.deepEqual(run.results[0].locations[0].physicalLocation.region, { startLine: 2, startColumn: 11, endLine: 2, endColumn: 29 });
    // the validator rejects a broken log (so the check above can fail)
    assert.equal(validate({ version: '2.1.0', runs: [{ tool: {} }] }), false);
  });

  it('--format github prints workflow commands', () => {
    const r = seedlint(['check', '--format', 'github', 'train.py'], dir);
    assert.equal(
      r.stdout,
      '::warning file=train.py,line=2,col=11,endLine=2,endColumn=29,title=RNG110 missing-set-epoch::RNG110 `sampler` never gets `set_epoch`, so every epoch has the same order\n',
    );
  });

  it('--select / --ignore choose rules and reject unknown selectors', () => {
    assert.equal(seedlint(['check', '--ignore', 'RNG1', 'train.py'], dir).code, 0);
    assert.equal(seedlint(['check', '--select', 'missing-set-epoch', 'train.py'], dir).code, 1);
    const bad = seedlint(['check', '--select', 'RNG9999', 'train.py'], dir);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /no rule matches 'RNG9999'/);
    assert.equal(seedlint(['check', '--format', 'xml', 'train.py'], dir).code, 2);
  });

  it('--statistics counts findings per rule', () => {
    writeFileSync(join(dir, 'b.py'), BUGGY);
    const r = seedlint(['check', '--statistics', '.'], dir);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '2  RNG110  missing-set-epoch  (2 fixable)\n');
  });

  it('reads stdin with - and reports it under --stdin-filename', () => {
    const r = seedlint(['check', '-', '--stdin-filename', 'pkg/job.py'], dir, BUGGY);
    assert.equal(r.code, 1);
    assert.match(r.stdout, /^pkg\/job\.py:2:11: RNG110/m);
  });

  it('honours # noqa, # seedlint: ignore[...] and ignore-file', () => {
    const lines = BUGGY.split('\n');
    const variants = [
      lines.map((l, i) => (i === 1 ? `${l}  # noqa: RNG110` : l)),
      lines.map((l, i) => (i === 1 ? `${l}  # seedlint: ignore[missing-set-epoch]` : l)),
      ['# seedlint: ignore-file[RNG1]', ...lines],
      lines.map((l, i) => (i === 1 ? `${l}  # noqa` : l)),
    ];
    for (const v of variants) {
      writeFileSync(join(dir, 'train.py'), v.join('\n'));
      assert.equal(seedlint(['check', 'train.py'], dir).code, 0, v.join('\n'));
    }
    writeFileSync(join(dir, 'train.py'), lines.map((l, i) => (i === 1 ? `${l}  # noqa: E501` : l)).join('\n'));
    assert.equal(seedlint(['check', 'train.py'], dir).code, 1, 'a noqa for other tools does not silence seedlint');
  });

  it('reads [tool.seedlint] from the nearest pyproject.toml (ignore, per-file-ignores, severity)', () => {
    mkdirSync(join(dir, 'scripts'));
    writeFileSync(join(dir, 'scripts', 'job.py'), BUGGY);
    writeFileSync(join(dir, 'pyproject.toml'), '[project]\nname = "x"\n\n[tool.seedlint]\nper-file-ignores = { "scripts/*.py" = ["RNG110"] }\nseverity = { RNG110 = "error" }\n');
    const r = seedlint(['check', '--format', 'json', '.'], dir);
    const findings = JSON.parse(r.stdout);
    assert.deepEqual(findings.map((f: { path: string; severity: string }) => [f.path, f.severity]), [['train.py', 'error']]);
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.seedlint]\nignore = ["RNG110"]\n');
    assert.equal(seedlint(['check', '.'], dir).code, 0);
  });

  it('explains a broken configuration and still checks', () => {
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.seedlint]\nselekt = ["RNG110"]\n');
    const r = seedlint(['check', 'train.py'], dir);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /pyproject\.toml \[tool\.seedlint\]: unknown setting `selekt`/);
    assert.match(r.stdout, /train\.py:2:11: RNG110/);
    writeFileSync(join(dir, 'pyproject.toml'), '[tool.seedlint\nselect = 1\n');
    assert.match(seedlint(['check', 'train.py'], dir).stderr, /invalid TOML \(line 1/);
  });
});
