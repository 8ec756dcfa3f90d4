// Rule pages: docs/rules/<name>.md is generated from each rule file (`npm run docs`), and a
// test fails when a committed page is stale.

import type { Rule } from './rule';

const SEVERITY_WORD = { error: 'error', warning: 'warning', info: 'info', hint: 'hint' } as const;

export function rulePage(rule: Rule): string {
  const fix =
    rule.fixAvailability === 'none' ? 'none' : `${rule.fixAvailability} (${rule.fixApplicability})`;
  return [
    `# ${rule.code} \`${rule.name}\``,
    '',
    `Default severity: ${SEVERITY_WORD[rule.severity]} · Fix: ${fix}`,
    '',
    rule.docs.trimEnd(),
    '',
  ].join('\n');
}

export function rulesIndex(rules: readonly Rule[]): string {
  const rows = rules.map((r) => `| [${r.code}](${r.name}.md) | \`${r.name}\` | ${r.severity} | ${r.fixAvailability} |`);
  return ['# seedlint rules', '', '| Code | Name | Default | Fix |', '|---|---|---|---|', ...rows, ''].join('\n');
}

/** The python code blocks after `## Example` and after `Use instead:`. */
export function docExamples(rule: Rule): { example: string; instead: string } {
  const block = (after: string) => {
    const start = rule.docs.indexOf(after);
    if (start < 0) return '';
    const match = /```python\n([\s\S]*?)```/.exec(rule.docs.slice(start));
    return match ? match[1]! : '';
  };
  return { example: block('## Example'), instead: block('Use instead:') };
}
