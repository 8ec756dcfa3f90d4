// Writes docs/rules/*.md from the rule files. Run with `npm run docs`.

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulePage, rulesIndex } from '../server/src/rules/docs';
import { RULES } from '../server/src/rules/registry';

const out = join(__dirname, '..', 'docs', 'rules');
for (const rule of RULES) writeFileSync(join(out, `${rule.name}.md`), rulePage(rule));
writeFileSync(join(out, 'README.md'), rulesIndex(RULES));
console.log(`wrote ${RULES.length} rule pages to docs/rules/`);
