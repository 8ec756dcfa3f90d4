// Writes what is generated from the sources: docs/rules/*.md from the rule files, and
// package.json's `contributes.configuration` from the settings table. Run with `npm run docs`.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { rulePage, rulesIndex } from '../server/src/rules/docs';
import { RULES } from '../server/src/rules/registry';
import { contributedConfiguration } from '../server/src/settings';

const root = join(__dirname, '..');
const out = join(root, 'docs', 'rules');
for (const rule of RULES) writeFileSync(join(out, `${rule.name}.md`), rulePage(rule));
writeFileSync(join(out, 'README.md'), rulesIndex(RULES));

const manifestPath = join(root, 'package.json');
const manifest = JSON.parse(readFileSync(manifestPath, 'utf8'));
manifest.contributes = { ...manifest.contributes, configuration: contributedConfiguration() };
writeFileSync(manifestPath, `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`wrote ${RULES.length} rule pages to docs/rules/ and ${Object.keys(contributedConfiguration().properties as object).length} settings to package.json`);
