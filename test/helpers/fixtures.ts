// Reads rule fixtures (test/rules/<rule-name>.md): `##` sections are cases; python blocks mark
// expected findings inline with `# error: [rule-name]`; a block followed by a `py fixed` block
// is a fix case whose expected output is the whole fixed file. A `py module <path>` block is a
// sibling module (`py module datasets/synapse.py`) that the section's later blocks can import;
// the code blocks themselves are `train.py` at the project root.

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
  /** Sibling modules by path relative to the project root (empty: none). */
  modules: Map<string, string>;
}

const FENCE = /^```(\w*)(?:\s+(\w+)(?:\s+(\S+))?)?\s*$/;

export function parseFixture(markdown: string): FixtureBlock[] {
  const lines = markdown.split('\n');
  const blocks: FixtureBlock[] = [];
  let section = '(top)';
  let requirements: string[] = [];
  let modules = new Map<string, string>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.startsWith('## ')) {
      section = line.slice(3).trim();
      requirements = [];
      modules = new Map();
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
    if (fence[2] === 'module') {
      if (!fence[3]) throw new Error(`module block at line ${start} names no path`);
      if (/#\s*error:/.test(code)) throw new Error(`module block at line ${start}: findings are expected in the main file only`);
      modules = new Map(modules).set(fence[3], code);
      continue;
    }
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
    blocks.push({ section, markdownLine: start + 1, code, expected, requirements, modules });
  }
  return blocks;
}
