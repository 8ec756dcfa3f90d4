// Reads rule fixtures (test/rules/<rule-name>.md): `##` sections are cases; python blocks mark
// expected findings inline with `# error: [rule-name]`; a block followed by a `py fixed` block
// is a fix case whose expected output is the whole fixed file.

export interface FixtureBlock {
  section: string;
  /** 1-based line of the block's first code line inside the markdown file. */
  markdownLine: number;
  code: string;
  fixed?: string;
  /** Expected findings as `line:rule-name` (0-based lines within the block). */
  expected: string[];
  /**
   * Declared dependencies for version-aware rules, from a `<!-- requirements: torch==1.8.1 -->`
   * line in the section (several specifiers separated by `;`). Empty: nothing declared.
   */
  requirements: string[];
}

const FENCE = /^```(\w*)(?:\s+(\w+))?\s*$/;

export function parseFixture(markdown: string): FixtureBlock[] {
  const lines = markdown.split('\n');
  const blocks: FixtureBlock[] = [];
  let section = '(top)';
  let requirements: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      requirements = [];
    }
    const directive = /^<!--\s*requirements:\s*(.+?)\s*-->\s*$/.exec(line);
    if (directive) requirements = directive[1]!.split(';').map((r) => r.trim()).filter(Boolean);
    const fence = FENCE.exec(line);
    if (!fence || !['py', 'python'].includes(fence[1]!)) continue;
    const start = i + 1;
    let end = start;
    while (end < lines.length && !lines[end]!.startsWith('```')) end++;
    const code = lines.slice(start, end).join('\n') + '\n';
    i = end;
    if (fence[2] === 'fixed') {
      const previous = blocks[blocks.length - 1];
      if (!previous || previous.fixed !== undefined) throw new Error(`fixed block at line ${start} follows no code block`);
      previous.fixed = code;
      continue;
    }
    const expected: string[] = [];
    code.split('\n').forEach((codeLine, n) => {
      for (const m of codeLine.matchAll(/#\s*error:\s*\[([a-z0-9-]+)\]/g)) expected.push(`${n}:${m[1]}`);
    });
    blocks.push({ section, markdownLine: start + 1, code, expected, requirements });
  }
  return blocks;
}
