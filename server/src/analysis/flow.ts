// Flow facts the rules share: where a value came from (a small, bounded, flow-insensitive
// value tracker across assignments, tuples, same-file helpers and their call sites), the
// guards a statement runs under, and loops.

import { argumentValue, callArguments } from './calls';
import type { Binding } from './imports';
import type { FileModel } from './model';
import type { SyntaxNode } from './parser';
import { ancestors, enclosingScope, unparenthesize } from './syntax';

export interface Origin {
  /** An expression that is not a plain name: a call, a literal, an opaque binding. */
  node: SyntaxNode;
  /** True when some step on the way only happens under a condition. */
  guarded: boolean;
}

export interface Guard {
  /** The `if`/`elif`/conditional expression that carries the condition. */
  holder: SyntaxNode;
  condition: SyntaxNode;
  negated: boolean;
}

const MAX_DEPTH = 6;

/**
 * The conditions under which `node` runs, from the innermost outwards, stopping at `outer`
 * (exclusive) or at the enclosing function.
 */
export function guardsOf(node: SyntaxNode, outer?: SyntaxNode): Guard[] {
  if (outer) return computeGuards(node, outer);
  // Without a bound the answer is a fact of the node: computed once (flow queries ask often).
  return guardsOnce(node).slice();
}

const GUARDS = Symbol('guards');

function guardsOnce(node: SyntaxNode): Guard[] {
  const cache = node.tree.memo<Guard[]>(GUARDS);
  let guards = cache.get(node.id);
  if (!guards) cache.set(node.id, (guards = computeGuards(node, undefined)));
  return guards;
}

/** True when `node` runs only under some condition (inside its function). */
function isGuarded(node: SyntaxNode): boolean {
  return guardsOnce(node).length > 0;
}

function computeGuards(node: SyntaxNode, outer: SyntaxNode | undefined): Guard[] {
  const guards: Guard[] = [];
  let child = node;
  for (let a = node.parent; a; a = a.parent) {
    if (outer && a.id === outer.id) break;
    // One read of the type per ancestor: every statement's guards walk its ancestors.
    const type = a.type;
    if (type === 'function_definition' || type === 'class_definition' || type === 'lambda') break;
    if (type === 'if_statement' || type === 'elif_clause') {
      const condition = a.childForFieldName('condition');
      const consequence = a.childForFieldName('consequence');
      if (condition && consequence && consequence.id === child.id) guards.push({ holder: a, condition, negated: false });
    }
    if (type === 'else_clause' || type === 'elif_clause') {
      // Every earlier branch of the same `if` was false.
      const ifStatement = a.parent;
      const condition = ifStatement?.childForFieldName('condition');
      if (ifStatement && condition) guards.push({ holder: ifStatement, condition, negated: true });
    }
    if (type === 'conditional_expression') {
      const [body, condition, alternative] = a.namedChildren;
      if (condition && body && child.id === body.id) guards.push({ holder: a, condition, negated: false });
      if (condition && alternative && child.id === alternative.id) guards.push({ holder: a, condition, negated: true });
    }
    child = a;
  }
  return guards;
}

/** Tracks values back to their origins. One instance per lint (it caches). */
export class ValueTracker {
  /** Results for plain expressions (no tuple path), keyed by node id and depth: the hot case. */
  private readonly plain = new Map<number, { depth: number; origins: Origin[] }>();
  private readonly withPath = new Map<string, Origin[]>();

  constructor(private readonly model: FileModel) {}

  origins(expression: SyntaxNode, path: readonly number[] = [], depth = MAX_DEPTH): Origin[] {
    if (path.length === 0) {
      // An answer computed with at least the depth asked for serves the request: the bound only
      // guards against pathological chains, and recomputing a node once per depth multiplied
      // the work. A request with more depth than the cached answer had computes again.
      const key = expression.id;
      const cached = this.plain.get(key);
      if (cached && cached.depth >= depth) return cached.origins;
      this.plain.set(key, { depth, origins: [] }); // cycle guard: a recursive helper resolves to nothing new
      const result = this.compute(unparenthesize(expression), path, depth);
      this.plain.set(key, { depth, origins: result });
      return result;
    }
    const key = `${expression.id}:${path.join('.')}:${depth}`;
    const cached = this.withPath.get(key);
    if (cached) return cached;
    this.withPath.set(key, []);
    const result = this.compute(unparenthesize(expression), path, depth);
    this.withPath.set(key, result);
    return result;
  }

  /** True when `target` (a node) is among the origins of `expression`. */
  reaches(expression: SyntaxNode, target: SyntaxNode): boolean {
    return this.origins(expression).some((o) => o.node.id === target.id);
  }

  private compute(node: SyntaxNode, path: readonly number[], depth: number): Origin[] {
    if (depth <= 0) return [{ node, guarded: false }];
    switch (node.type) {
      case 'identifier':
        return this.fromIdentifier(node, path, depth);
      case 'attribute':
        return this.fromAttribute(node, path, depth);
      case 'conditional_expression': {
        const [body, , alternative] = node.namedChildren;
        return [body, alternative]
          .filter((n): n is SyntaxNode => !!n)
          .flatMap((n) => this.origins(n, path, depth - 1).map((o) => ({ node: o.node, guarded: true })));
      }
      case 'tuple':
      case 'expression_list':
      case 'list':
        if (path.length > 0) {
          const element = node.namedChildren.filter((c) => c.type !== 'comment')[path[0]!];
          return element ? this.origins(element, path.slice(1), depth - 1) : [];
        }
        return [{ node, guarded: false }];
      case 'call': {
        // A library callee (memoised) is never a same-file function: skip the name lookup.
        if (this.model.calleeName(node) !== undefined) return [{ node, guarded: false }];
        const definition = this.model.localDefinition(node);
        if (definition?.type === 'function_definition') return this.fromReturns(definition, path, depth);
        return [{ node, guarded: false }];
      }
      default:
        return [{ node, guarded: false }];
    }
  }

  private fromIdentifier(node: SyntaxNode, path: readonly number[], depth: number): Origin[] {
    const binding = this.model.names.lookup(node);
    if (!binding) return [{ node, guarded: false }];
    if (binding.kind === 'param') return this.fromParameter(binding, path, depth);
    if (binding.kind !== 'assign') return [{ node: binding.node, guarded: false }];
    const reaching = this.reachingAssignments(binding, node);
    // The common case, one unguarded assignment: its value's origins as they are (no copies).
    if (reaching.length === 1 && reaching[0]!.value && !isGuarded(reaching[0]!.node)) {
      const b = reaching[0]!;
      return this.origins(b.value!, b.path?.length ? [...b.path, ...path] : path, depth - 1);
    }
    return reaching.flatMap((b) => {
      const guarded = isGuarded(b.node);
      const value = b.value;
      if (!value) return [{ node: b.node, guarded }];
      return this.origins(value, [...(b.path ?? []), ...path], depth - 1).map((o) => ({ node: o.node, guarded: o.guarded || guarded }));
    });
  }

  /**
   * The assignments that may reach a use: the last one before it, and earlier ones as long as
   * the later ones are conditional (`x = None` then `if c: x = make()` reaches both).
   */
  private reachingAssignments(binding: Binding, use: SyntaxNode): Binding[] {
    // Bindings are in source order: walk back from the last assignment before the use (in the
    // same scope; from the last one overall for a use in a nested function, or when none is
    // before it) and stop at the first unconditional one. No intermediate arrays: this runs
    // for every name the value tracker follows.
    const all = this.model.names.bindingsIn(binding.scope, binding.name);
    const useScope = enclosingScope(use);
    const sameScope = useScope?.id === binding.scope?.id || (!useScope && !binding.scope);
    let last = -1;
    let lastBefore = -1;
    for (let i = 0; i < all.length; i++) {
      const b = all[i]!;
      if (b.kind !== 'assign') continue;
      last = i;
      if (sameScope && b.node.startIndex < use.startIndex) lastBefore = i;
    }
    const reaching: Binding[] = [];
    const from = sameScope && lastBefore >= 0 ? lastBefore : last;
    for (let i = from; i >= 0; i--) {
      const b = all[i]!;
      if (b.kind !== 'assign') continue;
      reaching.push(b);
      if (!isGuarded(b.node)) break;
    }
    return reaching;
  }

  private fromParameter(binding: Binding, path: readonly number[], depth: number): Origin[] {
    const fn = binding.scope;
    if (!fn || fn.type !== 'function_definition') return [{ node: binding.node, guarded: false }];
    const parameters = fn.childForFieldName('parameters')?.namedChildren ?? [];
    const position = parameters.findIndex((p) => p.id === binding.node.id || p.childForFieldName('name')?.id === binding.node.id || p.namedChildren.some((c) => c.id === binding.node.id));
    const sites = this.model.callSitesOf(fn);
    if (sites.length === 0) return [{ node: binding.node, guarded: false }];
    return sites.flatMap((site) => {
      const arg = argumentValue(site, { keyword: binding.name, position });
      return arg ? this.origins(arg, path, depth - 1) : [];
    });
  }

  private fromAttribute(node: SyntaxNode, path: readonly number[], depth: number): Origin[] {
    const targets = this.model.attributeAssignments.get(node.text) ?? [];
    const classOf = (n: SyntaxNode) => {
      for (const a of ancestors(n)) if (a.type === 'class_definition') return a.id;
      return -1;
    };
    const home = classOf(node);
    const relevant = targets.filter((t) => classOf(t) === home);
    if (relevant.length === 0) return [{ node, guarded: false }];
    return relevant.flatMap((target) => {
      const value = target.parent?.childForFieldName('right');
      const guarded = guardsOf(target).length > 0;
      return value ? this.origins(value, path, depth - 1).map((o) => ({ node: o.node, guarded: o.guarded || guarded })) : [];
    });
  }

  private fromReturns(definition: SyntaxNode, path: readonly number[], depth: number): Origin[] {
    const body = definition.childForFieldName('body');
    if (!body) return [];
    const returns = body.descendantsOfType('return_statement').filter((r) => enclosingScope(r)?.id === definition.id);
    return returns.flatMap((r) => {
      const value = r.namedChildren[0];
      return value ? this.origins(value, path, depth - 1) : [];
    });
  }
}

/** For `for x in expr` loops, the iterated expression with `enumerate`/`tqdm`/`iter` peeled off. */
export function iteratedExpressions(model: FileModel, iterable: SyntaxNode): SyntaxNode[] {
  const node = unparenthesize(iterable);
  if (node.type === 'call') {
    const name = model.calleeName(node);
    const wrapper = name && /^(builtins\.(enumerate|iter|zip|reversed)|tqdm(\.\w+)*\.tqdm|tqdm\.auto\.tqdm|itertools\.\w+)$/.test(name);
    if (wrapper) return callArguments(node).flatMap((a) => iteratedExpressions(model, a));
  }
  return [node];
}
