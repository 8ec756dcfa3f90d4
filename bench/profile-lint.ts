// Where lint time goes on the benchmark corpus: parse, mirror, model, and each rule's own time
// (`node scripts/bundle.mjs --bench && node out/bench/profile-lint.js`; default rules only, or
// `--all` for the opt-in ones too, `--rules RNG102,RNG103` for a few). A diagnostic tool for the lint benchmark, not a benchmark:
// a rule's figure includes the shared analyses it is the first to need.

import { createHash } from 'node:crypto';
import { ValueTracker } from '../server/src/analysis/flow';
import { FileModel } from '../server/src/analysis/model';
import { createLinter } from '../server/src/linter';
import { readParserAssets } from '../server/src/node-assets';
import { RULES } from '../server/src/rules/registry';
import { defaultSettings, selectRules } from '../server/src/settings';
import { NO_PROJECT_FACTS } from '../server/src/rules/rule';
import { buildCorpus } from './corpus';

/** CPU time of this process in ms: unlike wall time, it does not count waiting for a busy CPU. */
function cpuNow(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

async function main(): Promise<void> {
  const corpus = buildCorpus();
  const linter = await createLinter(readParserAssets());
  const parser = linter.parser;
  const only = process.argv.indexOf('--rules'); // `--rules RNG102,RNG103`: just these
  const rules =
    only > 0 ? RULES.filter((r) => process.argv[only + 1]!.split(',').includes(r.code)) : process.argv.includes('--all') ? RULES : selectRules(RULES, defaultSettings()).rules;
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
      modelMs += cpuNow() - t;
      for (const rule of rules) {
        t = cpuNow();
        for (const type of Object.keys(rule.visit)) for (const node of mirror.nodesOfType(type)) [...rule.visit[type]!(node, context)];
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
