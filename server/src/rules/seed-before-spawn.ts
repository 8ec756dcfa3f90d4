// RNG007: seeds or cuDNN flags set in the parent before `mp.spawn` (or another spawn-based
// start), while the spawned function sets neither. Spawn starts fresh interpreters (F10).

import { calledDefinitions, insideMainGuard, isMainGuardCondition, reindentLines, spawnSites, type SpawnSite } from '../analysis/entry-points';
import type { SyntaxNode } from '../analysis/parser';
import { seedingFor, type SeedCall } from '../analysis/seeding';
import { ancestors, enclosingScope, enclosingStatement, isInside, lineIndent } from '../analysis/syntax';
import { defineRule, type Report, type RuleContext, type TextEdit } from './rule';

interface Data {
  /** What is lost: `Seeds`, `cuDNN flags`, or both. */
  what: string;
  target: string;
  spawn: string;
}

const CUDNN_FLAG = /^torch\.backends\.cudnn\.(deterministic|benchmark|enabled|allow_tf32)$/;

function sameScope(a: SyntaxNode, b: SyntaxNode): boolean {
  return (enclosingScope(a)?.id ?? -1) === (enclosingScope(b)?.id ?? -1);
}

/** `cudnnAssignments` per model: every spawn site asks twice. */
const CUDNN_ASSIGNMENTS = new WeakMap<RuleContext['model'], SyntaxNode[]>();

/** `torch.backends.cudnn.* = ...` assignment targets in the file (shared, do not mutate). */
function cudnnAssignments(context: RuleContext): SyntaxNode[] {
  let found = CUDNN_ASSIGNMENTS.get(context.model);
  if (!found) CUDNN_ASSIGNMENTS.set(context.model, (found = findCudnnAssignments(context)));
  return found;
}

function findCudnnAssignments(context: RuleContext): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (const targets of context.model.attributeAssignments.values()) {
    for (const target of targets) {
      if (CUDNN_FLAG.test(context.model.names.qualifiedName(target) ?? '')) found.push(target);
    }
  }
  return found.sort((a, b) => a.startIndex - b.startIndex);
}

/** The target and the same-file functions it calls (two levels). */
function childFunctions(target: SyntaxNode, context: RuleContext): SyntaxNode[] {
  const seen = new Map<number, SyntaxNode>([[target.id, target]]);
  let frontier = [target];
  for (let depth = 0; depth < 2; depth++) {
    const next: SyntaxNode[] = [];
    for (const fn of frontier) {
      for (const call of context.model.callsWithin(fn)) {
        for (const d of calledDefinitions(call, context)) {
          if (!seen.has(d.id)) {
            seen.set(d.id, d);
            next.push(d);
          }
        }
      }
    }
    frontier = next;
  }
  return [...seen.values()];
}

function flagName(target: SyntaxNode, context: RuleContext): string {
  return context.model.names.qualifiedName(target) ?? target.text;
}

function isLightning(seed: SeedCall): boolean {
  return seed.framework?.framework === 'lightning';
}

function checkSite(site: SpawnSite, context: RuleContext): Report<Data> | undefined {
  const target = site.target;
  if (!target) return undefined;
  const index = seedingFor(context);
  // Module-level seeds outside the main guard run again in every child.
  if (reseededInChildren(context)) return undefined;
  const seeds = index
    .all()
    .filter((s) => s.kind !== 'heuristic' && !isLightning(s) && sameScope(s.call, site.call) && s.call.endIndex <= site.call.startIndex && !isInside(site.call, s.call));
  const flags = cudnnAssignments(context).filter((t) => sameScope(t, site.call) && t.endIndex <= site.call.startIndex);
  if (seeds.length === 0 && flags.length === 0) return undefined;
  // Module-level code outside the guard is not "the parent only".
  const parentOnly = (n: SyntaxNode) => enclosingScope(n) !== null || insideMainGuard(n, context.model);
  if (![...seeds.map((s) => s.call), ...flags].every(parentOnly)) return undefined;
  // What the child sets again is not lost: a seed's libraries, a flag by name (moco's worker sets
  // `cudnn.benchmark` but not the parent's `deterministic`, nor any seed).
  const functions = childFunctions(target, context);
  const childLibraries = new Set(functions.flatMap((fn) => index.helperSeeds(fn).flatMap((s) => [...s.libraries])));
  const childFlags = new Set(cudnnAssignments(context).filter((t) => functions.some((fn) => isInside(t, fn))).map((t) => flagName(t, context)));
  // A seed is lost when the child leaves one of its libraries unseeded (hifi-gan's worker seeds
  // only CUDA after the parent's torch.manual_seed).
  const lostSeeds = seeds.filter((s) => [...s.libraries].some((l) => !childLibraries.has(l))).map((s) => s.call);
  const lostFlags = flags.filter((t) => !childFlags.has(flagName(t, context)));
  if (lostSeeds.length === 0 && lostFlags.length === 0) return undefined;
  const anchors = [...lostSeeds, ...lostFlags].sort((a, b) => a.startIndex - b.startIndex);
  const anchor = anchors[0]!;
  const data: Data = {
    what: lostSeeds.length === 0 ? 'cuDNN flags' : lostFlags.length === 0 ? 'Seeds' : 'Seeds and cuDNN flags',
    target: target.childForFieldName('name')?.text ?? 'the worker',
    spawn: site.call.childForFieldName('function')?.text ?? 'mp.spawn',
  };
  const report: Report<Data> = { node: anchor.type === 'call' ? anchor : enclosingStatement(anchor), data };
  const edits = copyInto(target, anchors, context);
  if (edits) report.fix = { edits };
  return report;
}

/** Copies the parent's seeding and flag statements to the top of the worker (names permitting). */
function copyInto(target: SyntaxNode, anchors: SyntaxNode[], context: RuleContext): TextEdit[] | undefined {
  const body = target.childForFieldName('body');
  const statements = body?.namedChildren.filter((c) => c.type !== 'comment') ?? [];
  let first = statements[0];
  if (!body || !first || first.startPosition.row === target.startPosition.row) return undefined;
  if (first.type === 'expression_statement' && first.namedChild(0)?.type === 'string') first = statements[1];
  if (!first) return undefined;
  const parameters = new Set(
    (target.childForFieldName('parameters')?.namedChildren ?? []).map((p) => (p.type === 'identifier' ? p.text : (p.childForFieldName('name')?.text ?? p.namedChildren.find((c) => c.type === 'identifier')?.text ?? ''))),
  );
  const copied: SyntaxNode[] = [];
  for (const anchor of anchors) {
    const statement = copiedStatement(anchor);
    if (!statement) return undefined;
    if (copied.some((c) => c.id === statement.id)) continue;
    if (!namesAvailable(statement, parameters, context)) return undefined;
    copied.push(statement);
  }
  const indent = lineIndent(context.text, first);
  const at = { line: first.startPosition.row, character: 0 };
  return [{ range: { start: at, end: at }, newText: copied.map((s) => reindentLines(context.text, s, indent)).join('') }];
}

/**
 * What to copy for one seeding or flag statement: the statement itself, or, when it runs under
 * a guard (`if args.seed is not None:`), the whole guarding `if` (without else branches) at the
 * top of the parent function, so the child keeps the same condition.
 */
function copiedStatement(anchor: SyntaxNode): SyntaxNode | undefined {
  const statement = enclosingStatement(anchor);
  if (statement.type !== 'expression_statement') return undefined;
  const scope = enclosingScope(anchor);
  let top = statement;
  for (const a of ancestors(statement)) {
    if (a.id === scope?.id || a.type === 'module') break;
    if (a.type === 'block' && (a.parent?.id === scope?.id || a.parent?.type === 'module')) break;
    // The main guard's block is the parent's top level too.
    if (a.type === 'block' && a.parent?.type === 'if_statement' && a.parent.parent?.type === 'module' && isMainGuardCondition(a.parent.childForFieldName('condition')!)) break;
    top = a;
  }
  if (top.id === statement.id) return statement;
  if (top.type !== 'if_statement' || top.childrenForFieldName('alternative').length > 0) return undefined;
  return top;
}

function namesAvailable(statement: SyntaxNode, parameters: Set<string>, context: RuleContext): boolean {
  for (const id of [statement, ...statement.descendantsOfType('identifier')]) {
    if (id.type !== 'identifier') continue;
    const parent = id.parent;
    if (parent?.type === 'attribute' && parent.childForFieldName('attribute')?.id === id.id) continue;
    if (parent?.type === 'keyword_argument' && parent.childForFieldName('name')?.id === id.id) continue;
    if (parameters.has(id.text)) continue;
    const binding = context.model.names.lookup(id);
    if (!binding) return false;
    const moduleLevel = binding.scope === null && !insideMainGuard(binding.node, context.model);
    if (moduleLevel && (binding.kind === 'import' || binding.kind === 'def' || binding.kind === 'class')) continue;
    return false;
  }
  return true;
}

/** Some module-level seed outside the main guard (it runs again in every child). */
function reseededInChildren(context: RuleContext): boolean {
  return seedingFor(context)
    .within(context.model.tree.rootNode)
    .some((s) => !insideMainGuard(s.call, context.model));
}

function check(_module: SyntaxNode, context: RuleContext): Report<Data>[] {
  const reports: Report<Data>[] = [];
  const seen = new Set<number>();
  for (const site of spawnSites(context)) {
    const report = checkSite(site, context);
    if (report && !seen.has(report.node.id)) {
      seen.add(report.node.id);
      reports.push(report);
    }
  }
  return reports;
}

const DOCS = `## What it does
Flags seeding calls and \`torch.backends.cudnn.*\` assignments in a function that later calls
\`torch.multiprocessing.spawn\` (\`mp.spawn\`), \`start_processes\`, or \`Process(target=...)\` with a
spawn context, when the spawned function (resolved in the same file) does not set them again,
directly or through a helper: a seed counts as set again when the child seeds each of its
libraries (torch, CUDA, NumPy, \`random\`), a flag when the child assigns that same flag.

Not flagged: seeds at module level outside the \`if __name__ == "__main__":\` guard (children run
them again on import), Lightning's \`seed_everything\` (its children read \`PL_GLOBAL_SEED\` back),
torchrun-style scripts (no spawn), and the fork start method.

## Why is this bad?
Spawn starts fresh interpreters: the parent's global RNG state and cuDNN flags are not inherited
(pytorch/pytorch#39648). pytorch/examples#718 (open) reports exactly this in an official example:
the parent seeds and sets \`cudnn.deterministic\`, and the spawned workers run without either.

## Example
\`\`\`python
import torch
import torch.multiprocessing as mp
from torch.backends import cudnn


def main_worker(gpu, ngpus, args):
    model = build_model().cuda(gpu)


def main():
    args = parser.parse_args()
    torch.manual_seed(args.seed)
    cudnn.deterministic = True
    mp.spawn(main_worker, nprocs=ngpus, args=(ngpus, args))
\`\`\`

Use instead:
\`\`\`python
import torch
import torch.multiprocessing as mp
from torch.backends import cudnn


def main_worker(gpu, ngpus, args):
    torch.manual_seed(args.seed)
    cudnn.deterministic = True
    model = build_model().cuda(gpu)


def main():
    args = parser.parse_args()
    mp.spawn(main_worker, nprocs=ngpus, args=(ngpus, args))
\`\`\`

## Fix safety
The fix copies the seeding and flag statements to the top of the spawned function. It is offered
only when every name they use is a parameter of that function or a module-level import. It is
unsafe: every child then draws different numbers. A rank offset for augmentation RNGs is often
wanted, but it must never reach a sampler seed (RNG113).

## References
- pytorch/examples#718; pytorch/pytorch#39648
- [torch.multiprocessing.spawn](https://pytorch.org/docs/stable/multiprocessing.html#spawning-subprocesses)
`;

export default defineRule<Data>({
  code: 'RNG007',
  name: 'seed-before-spawn',
  severity: 'warning',
  fixAvailability: 'sometimes',
  fixApplicability: 'unsafe',
  message: (d) => `${d.what} set here do not reach processes started by \`${d.spawn}\``,
  fixTitle: (d) => `Copy the seeding into \`${d.target}\` (unsafe)`,
  docs: DOCS,
  visit: { module: check },
});
