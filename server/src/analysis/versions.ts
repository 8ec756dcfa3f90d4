// Declared dependency versions (spec rules.md §4.9): parse the text of requirements*.txt,
// pyproject.toml (PEP 621 and Poetry), setup.cfg, setup.py literals and environment.yml into
// `package -> specifier`, and answer the version questions the version-aware rules ask.
//
// The policy of §4.9: an exact pin (`==1.8.1`, `~=1.8.0`) or an upper bound (`<1.9`) decides;
// an open lower bound (`>=1.8`) caps nothing, so the newest release it allows is assumed, and
// with nothing declared the newest release is assumed too. Every predicate below therefore asks
// about the *newest version the declaration allows*: old-release rules fire only when the
// declaration caps the version below the release that fixed the problem.
//
// Pure: no node:* imports, so the browser server can use it; reading files is the host's job
// (`../project-files.ts`).

import { parse as parseToml } from 'smol-toml';

/** Declared specifiers keyed by normalised package name; PEP 440 syntax after parsing. */
export type Declared = ReadonlyMap<string, string>;

// ---------------------------------------------------------------------------------------------
// Package names

/** Conda package names whose pip name differs (conda-forge / pytorch channels). */
const CONDA_NAMES: Record<string, string> = {
  pytorch: 'torch',
  'pytorch-gpu': 'torch',
  'pytorch-cpu': 'torch',
  'pytorch-cuda': 'pytorch-cuda', // the CUDA selector metapackage, not torch itself
};

/** PEP 503 normalisation: lower case, runs of `-`, `_`, `.` become `-`. */
export function normalizePackageName(name: string): string {
  return name.trim().toLowerCase().replace(/[-_.]+/g, '-');
}

// ---------------------------------------------------------------------------------------------
// Versions (the PEP 440 subset that dependency files use)

interface Version {
  release: number[];
  /** dev < a < b < rc < final < post */
  phase: number;
  phaseNumber: number;
}

const PHASES: Record<string, number> = { dev: 0, a: 1, alpha: 1, b: 2, beta: 2, c: 3, rc: 3, pre: 3, preview: 3, '': 4, post: 5, rev: 5, r: 5 };

export function parseVersion(text: string): Version | undefined {
  const m = /^\s*v?(?:\d+!)?(\d+(?:\.\d+)*)(?:[-_.]?(dev|a|alpha|b|beta|c|rc|pre|preview|post|rev|r)[-_.]?(\d*))?(?:[-_.]?(?:dev)\d*)?(?:\+[A-Za-z0-9.]*)?\s*$/i.exec(text);
  if (!m) return undefined;
  const release = m[1]!.split('.').map(Number);
  const tag = (m[2] ?? '').toLowerCase();
  return { release, phase: PHASES[tag] ?? 4, phaseNumber: Number(m[3] || 0) };
}

export function compareVersions(a: Version, b: Version): number {
  const n = Math.max(a.release.length, b.release.length);
  for (let i = 0; i < n; i++) {
    const d = (a.release[i] ?? 0) - (b.release[i] ?? 0);
    if (d !== 0) return Math.sign(d);
  }
  return Math.sign(a.phase - b.phase) || Math.sign(a.phaseNumber - b.phaseNumber);
}

function formatVersion(v: Version): string {
  return v.release.join('.');
}

/** `1.8.1` -> `1.9` (the `~=` / `==1.8.*` ceiling: bump the next-to-last component). */
function bumpPrefix(release: number[], keep: number): Version {
  const head = release.slice(0, Math.max(1, keep));
  head[head.length - 1] = (head[head.length - 1] ?? 0) + 1;
  return { release: head, phase: 0, phaseNumber: 0 }; // `.dev0`: below every release of the next line
}

// ---------------------------------------------------------------------------------------------
// Ranges

export interface Bound {
  version: string;
  inclusive: boolean;
}

export interface DeclaredRange {
  /** The specifier as declared (after Poetry/conda translation), e.g. `>=1.8,<1.9`. */
  specifier: string;
  lower?: Bound;
  /** The cap: an exact pin or an upper bound. Absent when nothing caps the version. */
  upper?: Bound;
  /** True when the specifier pins one version (`==1.8.1`). */
  exact: boolean;
}

interface InternalBound {
  version: Version;
  inclusive: boolean;
}

interface Interval {
  lower?: InternalBound;
  upper?: InternalBound;
  exact: boolean;
}

function clauseInterval(clause: string): Interval | undefined {
  const m = /^\s*(===|==|~=|!=|<=|>=|<|>)?\s*([^\s,;]+)\s*$/.exec(clause);
  if (!m) return undefined;
  const op = m[1] ?? '==';
  let text = m[2]!;
  if (text === '*') return { exact: false };
  const wildcard = /\.\*$/.test(text);
  if (wildcard) text = text.slice(0, -2);
  const version = parseVersion(text);
  if (!version) return undefined;
  switch (op) {
    case '==':
    case '===':
      if (wildcard) return { lower: { version, inclusive: true }, upper: { version: bumpPrefix(version.release, version.release.length), inclusive: false }, exact: false };
      return { lower: { version, inclusive: true }, upper: { version, inclusive: true }, exact: true };
    case '~=':
      return {
        lower: { version, inclusive: true },
        upper: { version: bumpPrefix(version.release, version.release.length - 1), inclusive: false },
        exact: false,
      };
    case '<':
      return { upper: { version, inclusive: false }, exact: false };
    case '<=':
      return { upper: { version, inclusive: true }, exact: false };
    case '>':
      return { lower: { version, inclusive: false }, exact: false };
    case '>=':
      return { lower: { version, inclusive: true }, exact: false };
    default: // `!=` excludes one version and caps nothing
      return { exact: false };
  }
}

function tighterUpper(a: InternalBound | undefined, b: InternalBound | undefined): InternalBound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = compareVersions(a.version, b.version);
  return c < 0 || (c === 0 && !a.inclusive) ? a : b;
}

function tighterLower(a: InternalBound | undefined, b: InternalBound | undefined): InternalBound | undefined {
  if (!a) return b;
  if (!b) return a;
  const c = compareVersions(a.version, b.version);
  return c > 0 || (c === 0 && !a.inclusive) ? a : b;
}

function specifierInterval(specifier: string): Interval | undefined {
  const clauses = specifier.split(',').map((c) => c.trim()).filter((c) => c.length > 0);
  let interval: Interval = { exact: false };
  for (const clause of clauses) {
    const next = clauseInterval(clause);
    if (!next) return undefined; // unreadable: say nothing rather than guess
    interval = {
      ...optional('lower', tighterLower(interval.lower, next.lower)),
      ...optional('upper', tighterUpper(interval.upper, next.upper)),
      exact: interval.exact || next.exact,
    };
  }
  // A contradictory range (`>2,<1`) tells us nothing usable.
  if (interval.lower && interval.upper && compareVersions(interval.lower.version, interval.upper.version) > 0) return { exact: false };
  return interval;
}

function optional<K extends string, V>(key: K, value: V | undefined): { [P in K]?: V } {
  return (value === undefined ? {} : { [key]: value }) as { [P in K]?: V };
}

function toBound(b: InternalBound): Bound {
  return { version: formatVersion(b.version), inclusive: b.inclusive };
}

/**
 * What the project declares for `pkg`, or undefined when it declares nothing (or an unreadable
 * specifier): callers then assume the newest release.
 */
export function declaredRange(declared: Declared, pkg: string): DeclaredRange | undefined {
  const specifier = declared.get(normalizePackageName(pkg));
  if (specifier === undefined) return undefined;
  const interval = specifierInterval(specifier);
  if (!interval) return undefined;
  const range: DeclaredRange = { specifier, exact: interval.exact };
  if (interval.lower) range.lower = toBound(interval.lower);
  if (interval.upper) range.upper = toBound(interval.upper);
  return range;
}

/** The cap of the declared range, or undefined when the newest release is to be assumed. */
function cap(declared: Declared, pkg: string): InternalBound | undefined {
  const specifier = declared.get(normalizePackageName(pkg));
  return specifier === undefined ? undefined : specifierInterval(specifier)?.upper;
}

/**
 * True when the newest version the declaration allows is below `version`: `==1.8.1`, `~=1.8.0`,
 * `<1.9`, `<=1.8.2` are below 1.9; `>=1.8`, `<2`, `*` and nothing declared are not (§4.9: an
 * open lower bound caps nothing; the newest release the range allows is assumed).
 */
export function mayBeBelow(declared: Declared, pkg: string, version: string): boolean {
  // Rules ask this for every candidate call: answer each question once per declaration set.
  let answers = mayBeBelowCache.get(declared);
  if (!answers) mayBeBelowCache.set(declared, (answers = new Map()));
  const key = `${pkg} ${version}`;
  let answer = answers.get(key);
  if (answer === undefined) {
    const upper = cap(declared, pkg);
    const v = parseVersion(version);
    answer = !!upper && !!v && (upper.inclusive ? compareVersions(upper.version, v) < 0 : compareVersions(upper.version, v) <= 0);
    answers.set(key, answer);
  }
  return answer;
}

const mayBeBelowCache = new WeakMap<Declared, Map<string, boolean>>();

/** True when the newest version the declaration allows is at most `version`. */
export function isAtMost(declared: Declared, pkg: string, version: string): boolean {
  const upper = cap(declared, pkg);
  const v = parseVersion(version);
  if (!upper || !v) return false;
  return compareVersions(upper.version, v) <= 0;
}

/**
 * The version the rules assume, for messages: `1.8.1` for a pin, `< 1.9` for a cap, undefined
 * when the newest release is assumed.
 */
export function assumedVersion(declared: Declared, pkg: string): string | undefined {
  // A prefix pin (`==1.4.0.*`, conda's `pytorch=1.4.0`) reads as the version it names.
  const prefix = /^==\s*(\d+(?:\.\d+)*)\.\*$/.exec(declared.get(normalizePackageName(pkg))?.trim() ?? '');
  if (prefix) return prefix[1];
  const range = declaredRange(declared, pkg);
  if (!range?.upper) return undefined;
  if (range.exact) return range.upper.version;
  return `${range.upper.inclusive ? '<=' : '<'} ${range.upper.version}`;
}

/**
 * Declarations with settings such as `seedlint.torchVersion` applied; `source` then names the
 * settings, since they win over every file.
 */
export function withVersionOverrides<F extends { declared: Declared; source?: string }>(facts: F, overrides: Readonly<Record<string, string | undefined>>): F {
  const active = Object.entries(overrides).filter(([, v]) => v && v.trim());
  if (active.length === 0) return facts;
  const names = active.map(([k, v]) => `${k} ${v!.trim()}`).join(', ');
  return { ...facts, declared: applyVersionOverrides(facts.declared, overrides), source: `settings (${names})` };
}

/**
 * Applies settings such as `seedlint.torchVersion` (`{ torch: '1.8.1' }`): a setting wins over
 * every declaration. A bare version means an exact pin; a specifier is kept as written.
 */
export function applyVersionOverrides(declared: Declared, overrides: Readonly<Record<string, string | undefined>>): Declared {
  const result = new Map(declared);
  for (const [pkg, value] of Object.entries(overrides)) {
    const v = value?.trim();
    if (!v) continue;
    result.set(normalizePackageName(pkg), /^[<>=!~]/.test(v) ? v : `==${v}`);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Merging declarations

/** How new a specifier lets the package be: its cap, or +infinity (undefined) when uncapped. */
function newestOf(specifier: string): InternalBound | undefined | 'unreadable' {
  const interval = specifierInterval(specifier);
  return interval ? interval.upper : 'unreadable';
}

/**
 * Adds `specifier` for `pkg`, keeping the declaration that allows the newer release when the
 * package is declared twice (markers, extras, several files in one folder): old-release rules
 * must only fire when *every* declaration caps the version.
 */
export function addDeclaration(into: Map<string, string>, pkg: string, specifier: string): void {
  const name = normalizePackageName(pkg);
  const spec = specifier.trim();
  const existing = into.get(name);
  if (existing === undefined) {
    into.set(name, spec);
    return;
  }
  const a = newestOf(existing);
  const b = newestOf(spec);
  if (a === 'unreadable' || b === 'unreadable') {
    if (a === 'unreadable' && b !== 'unreadable') into.set(name, spec);
    return;
  }
  if (!a) return; // already uncapped
  if (!b || compareVersions(b.version, a.version) > 0 || (compareVersions(b.version, a.version) === 0 && b.inclusive && !a.inclusive)) into.set(name, spec);
}

// ---------------------------------------------------------------------------------------------
// PEP 508 requirement strings (requirements.txt lines, PEP 621, setup.cfg, setup.py, pip: blocks)

/** `torch[extra]>=1.8,<1.9; python_version>"3"` -> ['torch', '>=1.8,<1.9']. */
export function parseRequirement(line: string): [string, string] | undefined {
  const text = line.replace(/\s+#.*$/, '').trim();
  if (!text || text.startsWith('#') || text.startsWith('-')) return undefined;
  const m = /^([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)\s*(?:\[[^\]]*\])?\s*(.*)$/.exec(text);
  if (!m) return undefined;
  const name = m[1]!;
  let rest = m[2]!.split(';')[0]!.trim();
  if (rest.startsWith('@')) {
    // A direct reference: the wheel file name carries the version (`torch-1.8.1+cu111-cp38-...whl`).
    const wheel = /\/([A-Za-z0-9_.]+)-(\d[^-/]*)-[^/]*\.whl\b/.exec(rest);
    return wheel ? [name, `==${wheel[2]!.replace(/%2B/gi, '+')}`] : [name, ''];
  }
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1);
  // Options that pip allows after a requirement (`--hash=...`, `-f url`).
  rest = rest.replace(/\s+-{1,2}\S.*$/, '').trim();
  return [name, rest.replace(/\s+/g, '')];
}

export function parseRequirementsTxt(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const joined = text.replace(/\\\r?\n/g, ' ');
  for (const raw of joined.split(/\r?\n/)) {
    const line = raw.trim();
    // `-r other.txt`, `-e .`, `--index-url ...`, URLs and paths carry no named version.
    if (!line || line.startsWith('#') || line.startsWith('-') || /^(\.|\/|[a-z+]+:\/\/)/i.test(line)) continue;
    const req = parseRequirement(line);
    if (req) addDeclaration(result, req[0], req[1]);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Poetry and conda specifiers -> PEP 440

/** Poetry's `^1.8`, `~1.8`, `1.8.1` (exact), `>=1.8,<2`, `1.8.*`, `*`, `||` alternatives. */
export function poetryToPep440(spec: string): string {
  const alternatives = spec.split('||').map((s) => s.trim()).filter(Boolean);
  if (alternatives.length > 1) {
    // An OR: keep the alternative that allows the newest release (see addDeclaration).
    const tmp = new Map<string, string>();
    for (const alt of alternatives) addDeclaration(tmp, 'x', poetryToPep440(alt));
    return tmp.get('x') ?? '';
  }
  return spec
    .split(/\s*,\s*|\s+(?=[<>=!~^])/)
    .filter(Boolean)
    .map((clause) => {
      const caret = /^\^\s*(\S+)$/.exec(clause);
      if (caret) {
        const v = parseVersion(caret[1]!);
        if (!v) return clause;
        // ^1.2.3 -> <2.0.0; ^0.2.3 -> <0.3.0; ^0.0.3 -> <0.0.4: bump the first non-zero component.
        const index = v.release.findIndex((n) => n !== 0);
        const keep = index < 0 ? v.release.length : index + 1;
        return `>=${caret[1]},<${formatVersion(bumpPrefix(v.release, keep))}`;
      }
      const tilde = /^~\s*([^=\s]\S*)$/.exec(clause);
      if (tilde) {
        const v = parseVersion(tilde[1]!);
        if (!v) return clause;
        // ~1.2.3 -> <1.3.0; ~1.2 -> <1.3; ~1 -> <2
        const keep = v.release.length === 1 ? 1 : 2;
        return `>=${tilde[1]},<${formatVersion(bumpPrefix(v.release, keep))}`;
      }
      if (/^[0-9]/.test(clause)) return `==${clause}`;
      if (/^=[^=]/.test(clause)) return `=${clause}`;
      return clause;
    })
    .join(',');
}

/** conda MatchSpec: `pytorch=1.8` (fuzzy: 1.8.*), `pytorch==1.8.1`, `pytorch 1.8.1 py3.8_cuda*`. */
export function parseCondaSpec(line: string): [string, string] | undefined {
  let text = line.replace(/\s+#.*$/, '').trim().replace(/^["']|["']$/g, '');
  text = text.replace(/^[^\s:]+::/, ''); // channel prefix
  const m = /^([A-Za-z0-9][A-Za-z0-9._-]*)\s*(.*)$/.exec(text);
  if (!m) return undefined;
  const name = CONDA_NAMES[m[1]!.toLowerCase()] ?? m[1]!;
  const rest = m[2]!.trim();
  if (!rest || rest.startsWith('[') || rest.includes('|')) return [name, '']; // bracket or OR specs: newest assumed
  const glob = (v: string): string => `==${v.replace(/\.?\*$/, '')}.*`;
  // `pytorch==1.8.1=build`: exact.
  if (rest.startsWith('==')) return [name, `==${rest.slice(2).split(/[=\s]/)[0]!}`];
  // `pytorch=1.8=build`: fuzzy, 1.8.*.
  if (rest.startsWith('=')) return [name, glob(rest.slice(1).split(/[=\s]/)[0]!)];
  const token = rest.split(/\s+/)[0]!;
  // `pytorch 1.8.1 build` is exact; `pytorch 1.8*` a glob.
  if (/^[0-9]/.test(token)) return [name, token.endsWith('*') ? glob(token) : `==${token}`];
  return [name, token];
}

// ---------------------------------------------------------------------------------------------
// pyproject.toml

type TomlTable = Record<string, unknown>;

function table(value: unknown): TomlTable | undefined {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as TomlTable) : undefined;
}

function stringsOf(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function addPoetryDependencies(into: Map<string, string>, deps: unknown): void {
  const entries = table(deps);
  if (!entries) return;
  for (const [name, value] of Object.entries(entries)) {
    if (normalizePackageName(name) === 'python') continue;
    const forms = Array.isArray(value) ? value : [value];
    for (const form of forms) {
      const spec = typeof form === 'string' ? form : table(form)?.version;
      if (typeof spec === 'string') addDeclaration(into, name, poetryToPep440(spec));
      else addDeclaration(into, name, ''); // git/path/url dependency: declared, version unknown
    }
  }
}

export function parsePyprojectToml(text: string): Map<string, string> {
  const result = new Map<string, string>();
  let doc: TomlTable;
  try {
    doc = parseToml(text) as TomlTable;
  } catch {
    return result; // an unreadable file declares nothing we can trust
  }
  const project = table(doc.project);
  const pep508 = [...stringsOf(project?.dependencies)];
  for (const list of Object.values(table(project?.['optional-dependencies']) ?? {})) pep508.push(...stringsOf(list));
  for (const list of Object.values(table(doc['dependency-groups']) ?? {})) pep508.push(...stringsOf(list));
  for (const line of pep508) {
    const req = parseRequirement(line);
    if (req) addDeclaration(result, req[0], req[1]);
  }
  const poetry = table(table(doc.tool)?.poetry);
  if (poetry) {
    addPoetryDependencies(result, poetry.dependencies);
    addPoetryDependencies(result, poetry['dev-dependencies']);
    for (const group of Object.values(table(poetry.group) ?? {})) addPoetryDependencies(result, table(group)?.dependencies);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// setup.cfg

export function parseSetupCfg(text: string): Map<string, string> {
  const result = new Map<string, string>();
  let section = '';
  let collecting = false;
  for (const raw of text.split(/\r?\n/)) {
    if (/^\s*[#;]/.test(raw)) continue;
    const header = /^\s*\[([^\]]+)\]\s*$/.exec(raw);
    if (header) {
      section = header[1]!.trim().toLowerCase();
      collecting = false;
      continue;
    }
    const indented = /^\s+\S/.test(raw);
    if (collecting && indented) {
      const req = parseRequirement(raw.trim());
      if (req) addDeclaration(result, req[0], req[1]);
      continue;
    }
    collecting = false;
    const kv = /^([A-Za-z0-9_.-]+)\s*[=:]\s*(.*)$/.exec(raw);
    if (!kv) continue;
    const key = kv[1]!.toLowerCase();
    const wanted = (section === 'options' && (key === 'install_requires' || key === 'setup_requires' || key === 'tests_require')) || section === 'options.extras_require';
    if (!wanted) continue;
    collecting = true;
    for (const item of kv[2]!.split(/[;\n]/)) {
      const req = parseRequirement(item.trim());
      if (req) addDeclaration(result, req[0], req[1]);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// setup.py: string literals in install_requires / extras_require (and a list they name)

function stringLiterals(text: string): string[] {
  const out: string[] = [];
  const re = /(?:^|[^A-Za-z0-9_])[rRuU]?("(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')/g;
  for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]!.slice(1, -1));
  return out;
}

/** The bracketed text that starts at `open` (a `[` or `{`), or undefined when unbalanced. */
function bracketed(text: string, open: number): string | undefined {
  const closeOf: Record<string, string> = { '[': ']', '{': '}', '(': ')' };
  const stack: string[] = [];
  let quote: string | undefined;
  for (let i = open; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = undefined;
      continue;
    }
    if (c === '"' || c === "'") quote = c;
    else if (c === '#') {
      const nl = text.indexOf('\n', i);
      if (nl < 0) return undefined;
      i = nl;
    } else if (closeOf[c]) stack.push(closeOf[c]!);
    else if (c === ']' || c === '}' || c === ')') {
      if (stack.pop() !== c) return undefined;
      if (stack.length === 0) return text.slice(open, i + 1);
    }
  }
  return undefined;
}

export function parseSetupPy(text: string): Map<string, string> {
  const result = new Map<string, string>();
  const add = (literal: string): void => {
    const req = parseRequirement(literal);
    if (req) addDeclaration(result, req[0], req[1]);
  };
  const re = /\b(install_requires|extras_require|setup_requires|tests_require)\s*=\s*/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const at = m.index + m[0].length;
    const first = text[at];
    if (first === '[' || first === '{') {
      const body = bracketed(text, at);
      // In extras_require only the values are requirements; keys are extra names.
      if (body) for (const s of stringLiterals(first === '{' ? body.replace(/(["'])[^"'\n]*\1\s*:/g, '') : body)) add(s);
      continue;
    }
    // install_requires=REQUIREMENTS, a module-level list literal.
    const name = /^[A-Za-z_][A-Za-z0-9_]*/.exec(text.slice(at))?.[0];
    if (!name) continue;
    const assign = new RegExp(`^${name}\\s*=\\s*(?=[\\[\\{])`, 'm').exec(text);
    if (!assign) continue;
    const body = bracketed(text, assign.index + assign[0].length);
    if (body) for (const s of stringLiterals(body)) add(s);
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// environment.yml (the subset conda writes: a `dependencies:` list with an optional `pip:` list)

function unquote(text: string): string {
  return text.trim().replace(/^(["'])(.*)\1$/, '$2');
}

export function parseEnvironmentYml(text: string): Map<string, string> {
  const result = new Map<string, string>();
  let inDependencies = false;
  let dependenciesIndent = -1;
  let pipIndent = -1; // indent of the `- pip:` item while inside its list
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.replace(/\s+#.*$/, '');
    if (!line.trim() || line.trim().startsWith('#')) continue;
    const indent = line.length - line.trimStart().length;
    if (/^dependencies\s*:\s*$/.test(line.trim()) && indent === 0) {
      inDependencies = true;
      dependenciesIndent = indent;
      pipIndent = -1;
      continue;
    }
    if (!inDependencies) continue;
    const item = /^(\s*)-\s*(.*)$/.exec(line);
    if (!item) {
      if (indent <= dependenciesIndent) inDependencies = false;
      continue;
    }
    const dash = item[1]!.length;
    const value = item[2]!.trim();
    if (pipIndent >= 0 && dash <= pipIndent) pipIndent = -1;
    if (/^pip\s*:\s*$/.test(value)) {
      pipIndent = dash;
      continue;
    }
    if (pipIndent >= 0) {
      const spec = unquote(value);
      if (spec.startsWith('-') || /^(\.|\/|[a-z+]+:\/\/)/i.test(spec)) continue;
      const req = parseRequirement(spec);
      if (req) addDeclaration(result, req[0], req[1]);
    } else {
      const req = parseCondaSpec(unquote(value));
      if (req) addDeclaration(result, req[0], req[1]);
    }
  }
  return result;
}

// ---------------------------------------------------------------------------------------------
// Dispatch by file name

/** Whether a file name is one §4.9 reads. */
export function isDeclarationFile(fileName: string): boolean {
  return declarationParser(fileName) !== undefined;
}

function declarationParser(fileName: string): ((text: string) => Map<string, string>) | undefined {
  const name = fileName.toLowerCase();
  // `requirement.txt` (singular) and `env.yml` are common spellings in published projects.
  if (/^requirements?.*\.(txt|in)$/.test(name)) return parseRequirementsTxt;
  if (name === 'pyproject.toml') return parsePyprojectToml;
  if (name === 'setup.cfg') return parseSetupCfg;
  if (name === 'setup.py') return parseSetupPy;
  if (/^(environment.*|env|conda)\.ya?ml$/.test(name)) return parseEnvironmentYml;
  return undefined;
}

/** Parses one declaration file by its base name; undefined for files §4.9 does not read. */
export function parseDeclarationFile(fileName: string, text: string): Map<string, string> | undefined {
  return declarationParser(fileName)?.(text);
}
