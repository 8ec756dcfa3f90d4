// Where lint time goes on the benchmark corpus: parse, mirror, model, and each rule's own time
// (`node scripts/bundle.mjs --bench && node out/bench/profile-lint.js`; default rules only, or
// `--all` for the opt-in ones too, `--rules RNG102,RNG103` for a few, `--edits` for the edit
// path, `--one-function` with it for edits inside one long function, `--in-word` for a letter
// typed inside a line rather than `#` or a space at its start). A diagnostic tool for the lint benchmark, not a benchmark:
// a rule's figure includes the shared analyses it is the first to need.

import { createHash } from 'node:crypto';
import { ValueTracker } from '../server/src/analysis/flow';
import { Dispatcher } from '../server/src/analysis/lint';
import { FileModel } from '../server/src/analysis/model';
import { collectYoungGeneration } from '../server/src/idle-collection';
import { createLinter } from '../server/src/linter';
import { readParserAssets } from '../server/src/node-assets';
import { RULES } from '../server/src/rules/registry';
import { defaultSettings, selectRules } from '../server/src/settings';
import { NO_PROJECT_FACTS, type Rule } from '../server/src/rules/rule';
import { Session } from '../server/src/session';
import { asOneFunction, buildCorpus } from './corpus';
import { countStatementParses, describeCount, type StatementParseCount } from './instrument';

/**
 * CPU time of this process in ms: unlike wall time, it does not count waiting for a busy CPU
 * (but it does count the garbage collector's helper threads). `--wall` for wall time, on an idle
 * machine.
 */
const WALL = process.argv.includes('--wall');
function cpuNow(): number {
  if (WALL) return performance.now();
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** The default rules; `--all`: every rule; `--rules RNG102,RNG103`: just these. */
function chosenRules(): readonly Rule[] {
  const only = process.argv.indexOf('--rules');
  if (only > 0) return RULES.filter((r) => process.argv[only + 1]!.split(',').includes(r.code));
  return process.argv.includes('--all') ? RULES : selectRules(RULES, defaultSettings()).rules;
}

/**
 * `--edits`: the edit path of bench/lint.ts (one-character edit, then its undo, on the first
 * corpus file), split into parse (the session's change: the statements around the edit parsed
 * alone, or the tree reparsed; and the mirror updated), model and rules, mean CPU ms per edit.
 * Between edits the session settles its tree, as the server does after publishing (`settle`,
 * also timed, with the young-generation collection that follows it there).
 */
async function profileEdits(): Promise<void> {
  const first = buildCorpus()[0]!;
  // `--one-function`: the same file indented under one `def main():`, so every edit lands inside a
  // single 3,000-line top-level statement.
  const text = process.argv.includes('--one-function') ? asOneFunction(first.text) : first.text;
  const file = { text, lines: text.split('\n').length };
  const linter = await createLinter(readParserAssets());
  const rules = chosenRules();
  const session = new Session(linter.parser);
  let statementParses: StatementParseCount | undefined;
  let version = 1;
  session.open('file:///profile.py', version, file.text);
  const lines = file.text.split('\n');
  const parts = { parse: 0, model: 0, rules: 0, rulesAgain: 0, settle: 0 };
  const perRule = new Map<string, number>();
  const warmPerRule = new Map<string, number>();
  let edits = 0;
  const edit = (change: Parameters<Session['change']>[2][number], measured: boolean) => {
    let t = cpuNow();
    const doc = session.change('file:///profile.py', ++version, [change])!;
    const parseMs = cpuNow() - t;
    const mirror = doc.syntax;
    t = cpuNow();
    const model = new FileModel(mirror, doc.text, linter.parser);
    const context = { model, values: new ValueTracker(model), text: doc.text, project: NO_PROJECT_FACTS };
    for (const call of model.calls) model.calleeName(call);
    const dispatcher = new Dispatcher(mirror, model);
    const modelMs = cpuNow() - t;
    // Every rule once, its CPU ms added to `byRule` when measured; the total.
    const runRules = (byRule: Map<string, number>) => {
      let total = 0;
      for (const rule of rules) {
        const t0 = cpuNow();
        for (const type of Object.keys(rule.visit)) for (const node of dispatcher.targets(rule, type)) rule.visit[type]!(node, context);
        const ms = cpuNow() - t0;
        total += ms;
        if (measured) byRule.set(`${rule.code} ${rule.name}`, (byRule.get(`${rule.code} ${rule.name}`) ?? 0) + ms);
      }
      return total;
    };
    const rulesMs = runRules(perRule);
    // Again on the same model: what each rule costs once the shared per-model caches exist.
    const warmMs = runRules(warmPerRule);
    mirror.releaseNodes();
    t = cpuNow();
    session.settle('file:///profile.py');
    collectYoungGeneration(); // as the server does (with --expose-gc)
    const settleMs = cpuNow() - t;
    if (!measured) return;
    parts.rulesAgain += warmMs;
    edits++;
    parts.parse += parseMs;
    parts.settle += settleMs;
    parts.model += modelMs;
    parts.rules += rulesMs;
  };
  // `--in-word`: type a letter after the line's indentation (inside a name) instead of `#` or a
  // space at its start, which in an indented block is a syntax error.
  const inWord = process.argv.includes('--in-word');
  for (let i = 0; i < 40; i++) {
    if (i === 10) statementParses = countStatementParses(linter.parser); // the measured edits
    const line = (i * 97) % lines.length;
    const column = inWord ? /^\s*/.exec(lines[line]!)![0].length : 0;
    const at = { line, character: column };
    edit({ range: { start: at, end: at }, text: inWord ? 'x' : i % 2 ? ' ' : '#' }, i >= 10);
    edit({ range: { start: at, end: { line, character: column + 1 } }, text: '' }, i >= 10);
  }
  console.log(`${edits} edits of a ${file.lines}-line file (${describeCount(statementParses!, 'edits')}), mean CPU ms per edit:`);
  for (const [k, v] of Object.entries(parts)) console.log(`${(v / edits).toFixed(2).padStart(8)} ms  ${k}`);
  console.log('(rulesAgain: the rules run a second time on the same model, shared caches warm)');
  for (const [name, ms] of [...perRule].sort((a, b) => b[1] - a[1]).slice(0, 40)) {
    console.log(`${(ms / edits).toFixed(2).padStart(8)} ms  ${name}  (again: ${((warmPerRule.get(name) ?? 0) / edits).toFixed(2)} ms)`);
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--edits')) return profileEdits();
  const corpus = buildCorpus();
  const linter = await createLinter(readParserAssets());
  const parser = linter.parser;
  const rules = chosenRules();
  const perRule = new Map<string, number>();
  let parseMs = 0, mirrorMs = 0, modelMs = 0, total = 0;
  for (let pass = 0; pass < 2; pass++) {
    parseMs = mirrorMs = modelMs = 0;
    perRule.clear();
    const t0 = cpuNow();
    for (const f of corpus) {
      let t = cpuNow();
      const tree = parser.parse(f.text);
      parseMs += cpuNow() - t;
      t = cpuNow();
      const mirror = parser.mirror(tree, f.text);
      mirrorMs += cpuNow() - t;
      t = cpuNow();
      const model = new FileModel(mirror, f.text, parser);
      const context = { model, values: new ValueTracker(model), text: f.text, project: NO_PROJECT_FACTS };
      // Every rule needs callee names: count resolving them as model time, not the first rule's.
      for (const call of model.calls) model.calleeName(call);
      const dispatcher = new Dispatcher(mirror, model);
      modelMs += cpuNow() - t;
      for (const rule of rules) {
        t = cpuNow();
        for (const type of Object.keys(rule.visit)) for (const node of dispatcher.targets(rule, type)) rule.visit[type]!(node, context);
        perRule.set(`${rule.code} ${rule.name}`, (perRule.get(`${rule.code} ${rule.name}`) ?? 0) + cpuNow() - t);
      }
      tree.delete();
    }
    total = cpuNow() - t0;
  }
  const lines = corpus.reduce((n, f) => n + f.lines, 0);
  // A digest of every finding (code, range, message, fix) over the corpus: optimisations must
  // leave it unchanged.
  const digest = createHash('sha256');
  let findings = 0;
  for (const f of corpus) for (const finding of linter.lint(f.text, { rules })) {
    findings++;
    digest.update(JSON.stringify(finding));
  }
  console.log(`${corpus.length} files, ${lines} lines, total ${total.toFixed(0)} ms CPU; ${findings} findings, digest ${digest.digest('hex').slice(0, 16)}`);
  console.log(`parse ${parseMs.toFixed(0)} ms, mirror ${mirrorMs.toFixed(0)} ms, model ${modelMs.toFixed(0)} ms`);
  for (const [name, ms] of [...perRule].sort((a, b) => b[1] - a[1])) console.log(`${ms.toFixed(1).padStart(8)} ms  ${name}`);
}

void main();
