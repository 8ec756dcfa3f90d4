// A deterministic corpus of realistic training scripts for the lint benchmark: the bundled
// examples and every rule fixture's code blocks, stitched into files of about 3,000 lines.
// Identifiers are not renamed: each snippet is valid on its own, and so is the concatenation.

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root, from the sources (bench/) or the bundle (out/bench/). */
function repositoryRoot(): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'examples')) && existsSync(join(dir, 'test', 'rules'))) return dir;
    if (dirname(dir) === dir) throw new Error(`cannot find the repository root above ${__dirname}`);
  }
}

export const ROOT = repositoryRoot();

function snippets(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(join(ROOT, 'examples')).filter((n) => n.endsWith('.py')).sort()) {
    out.push(readFileSync(join(ROOT, 'examples', f), 'utf8'));
  }
  for (const f of readdirSync(join(ROOT, 'test/rules')).filter((n) => n.endsWith('.md')).sort()) {
    const md = readFileSync(join(ROOT, 'test/rules', f), 'utf8');
    for (const m of md.matchAll(/```(?:py|python)\n([\s\S]*?)```/g)) out.push(m[1]!);
  }
  return out;
}

export interface CorpusFile {
  name: string;
  text: string;
  lines: number;
}

/** `count` files of at least `linesPerFile` lines each. */
export function buildCorpus(count = 36, linesPerFile = 3000): CorpusFile[] {
  const parts = snippets();
  const files: CorpusFile[] = [];
  let next = 0;
  for (let i = 0; i < count; i++) {
    const chunks: string[] = [];
    let lines = 0;
    while (lines < linesPerFile) {
      const s = parts[next++ % parts.length]!;
      chunks.push(`# --- snippet ${next}\n${s.endsWith('\n') ? s : `${s}\n`}`);
      lines += s.split('\n').length + 1;
    }
    const text = chunks.join('\n');
    files.push({ name: `corpus_${String(i).padStart(2, '0')}.py`, text, lines: text.split('\n').length });
  }
  return files;
}

/** The same code indented under one `def main():`, so that every edit lands inside one top-level statement. */
export function asOneFunction(text: string): string {
  return `def main():\n${text.split('\n').map((l) => (l ? `    ${l}` : l)).join('\n')}\n`;
}
