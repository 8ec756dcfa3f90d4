// Name resolution: which binding a name refers to, and for imported names the qualified name
// (`tud.DistributedSampler` -> `torch.utils.data.distributed.DistributedSampler`). Resolution
// follows Python's scoping (function locals shadow everything, class bodies are invisible to
// their methods, the module scope is ordered) so that a local `random = ...` or a user class
// named `DataLoader` never passes for the library object.

import { canonicalName } from './known-names';
import type { SyntaxNode, SyntaxTree } from './parser';
import { SCOPE_TYPES, enclosingScope } from './syntax';

export type BindingKind = 'import' | 'assign' | 'def' | 'class' | 'param' | 'loop' | 'with' | 'except' | 'other';

export interface Binding {
  name: string;
  kind: BindingKind;
  /** The identifier (or alias) node that binds the name. */
  node: SyntaxNode;
  /** For imports: the qualified name bound. */
  qualified?: string;
  /** For assignments: the right-hand side, and the tuple path of this name inside the target. */
  value?: SyntaxNode;
  path?: number[];
  /** For `def`/`class`: the definition node. */
  definition?: SyntaxNode;
  /** The scope node (function, lambda or class), or null for the module. */
  scope: SyntaxNode | null;
}

function scopeKey(scope: SyntaxNode | null): number {
  return scope ? scope.id : -1;
}

export class NameResolver {
  private readonly byScope = new Map<number, Map<string, Binding[]>>();
  private readonly starImports: boolean = false;
  /** Names declared `global` inside a function: they resolve at module scope. */
  private readonly globals = new Map<number, Set<string>>();

  constructor(tree: SyntaxTree) {
    for (const node of tree.nodesOfType('import_statement')) this.addImport(node);
    let star = false;
    for (const node of tree.nodesOfType('import_from_statement')) {
      if (node.namedChildren.some((c) => c.type === 'wildcard_import')) star = true;
      this.addImportFrom(node);
    }
    this.starImports = star;
    for (const kind of ['function_definition', 'class_definition'] as const) {
      for (const definition of tree.nodesOfType(kind)) {
        const name = definition.childForFieldName('name');
        if (name?.type === 'identifier') {
          this.add({ name: name.text, kind: kind === 'function_definition' ? 'def' : 'class', node: name, definition, scope: enclosingScope(definition) });
        }
      }
    }
    for (const assignment of tree.nodesOfType('assignment')) {
      const left = assignment.childForFieldName('left');
      if (left) this.addTarget(left, 'assign', assignment.childForFieldName('right') ?? undefined, []);
    }
    for (const assignment of tree.nodesOfType('augmented_assignment')) {
      const left = assignment.childForFieldName('left');
      if (left?.type === 'identifier') this.add({ name: left.text, kind: 'other', node: left, scope: enclosingScope(left) });
    }
    for (const loop of tree.nodesOfType('for_statement')) {
      const left = loop.childForFieldName('left');
      if (left) this.addTarget(left, 'loop', undefined, []);
    }
    for (const pattern of tree.nodesOfType('as_pattern')) {
      // `with x as name` and `except E as name`
      const target = pattern.childForFieldName('alias');
      const id = target?.namedChildren.find((c) => c.type === 'identifier');
      const kind = pattern.parent?.type === 'with_item' ? 'with' : pattern.parent?.type === 'except_clause' ? 'except' : undefined;
      if (id && kind) this.add({ name: id.text, kind, node: id, scope: enclosingScope(id) });
    }
    for (const walrus of tree.nodesOfType('named_expression')) {
      const name = walrus.childForFieldName('name');
      if (name?.type === 'identifier') this.add({ name: name.text, kind: 'other', node: name, scope: enclosingScope(name) });
    }
    for (const type of ['parameters', 'lambda_parameters']) for (const p of tree.nodesOfType(type)) this.addParameters(p);
    for (const type of ['global_statement', 'nonlocal_statement']) {
      for (const statement of tree.nodesOfType(type)) {
        const fn = enclosingScope(statement);
        if (!fn) continue;
        const set = this.globals.get(fn.id) ?? new Set<string>();
        for (const id of statement.namedChildren) set.add(id.text);
        this.globals.set(fn.id, set);
      }
    }
    // Lookups pick bindings by source order.
    for (const names of this.byScope.values()) for (const list of names.values()) if (list.length > 1) list.sort((a, b) => a.node.startIndex - b.node.startIndex);
  }

  private add(binding: Binding): void {
    const key = scopeKey(binding.scope);
    let names = this.byScope.get(key);
    if (!names) this.byScope.set(key, (names = new Map()));
    const list = names.get(binding.name);
    if (list) list.push(binding);
    else names.set(binding.name, [binding]);
  }

  private addImport(statement: SyntaxNode): void {
    const scope = enclosingScope(statement);
    for (const item of statement.childrenForFieldName('name')) {
      if (item.type === 'aliased_import') {
        const dotted = item.childForFieldName('name');
        const alias = item.childForFieldName('alias');
        if (dotted && alias) this.add({ name: alias.text, kind: 'import', node: alias, qualified: dotted.text, scope });
      } else if (item.type === 'dotted_name') {
        // `import a.b.c` binds `a`; attribute access then spells out the rest.
        const head = item.namedChild(0);
        if (head) this.add({ name: head.text, kind: 'import', node: head, qualified: head.text, scope });
      }
    }
  }

  private addImportFrom(statement: SyntaxNode): void {
    const scope = enclosingScope(statement);
    const moduleNode = statement.childForFieldName('module_name');
    if (!moduleNode) return;
    // Relative imports keep their dots: they name project modules, never a library. The dots
    // count the levels: `from . import x` is `.x`, `from ..pkg import x` is `..pkg.x`.
    const moduleName = moduleNode.text.replace(/\s+/g, '');
    const prefix = /^\.+$/.test(moduleName) ? moduleName : `${moduleName}.`;
    for (const item of statement.childrenForFieldName('name')) {
      if (item.type === 'aliased_import') {
        const dotted = item.childForFieldName('name');
        const alias = item.childForFieldName('alias');
        if (dotted && alias) this.add({ name: alias.text, kind: 'import', node: alias, qualified: `${prefix}${dotted.text}`, scope });
      } else if (item.type === 'dotted_name') {
        this.add({ name: item.text, kind: 'import', node: item, qualified: `${prefix}${item.text}`, scope });
      }
    }
  }

  private addTarget(target: SyntaxNode, kind: BindingKind, value: SyntaxNode | undefined, path: number[]): void {
    if (target.type === 'identifier') {
      const binding: Binding = { name: target.text, kind, node: target, scope: enclosingScope(target), path };
      if (value) binding.value = value;
      this.add(binding);
      return;
    }
    if (['pattern_list', 'tuple_pattern', 'list_pattern', 'tuple', 'list'].includes(target.type)) {
      target.namedChildren.forEach((child, i) => this.addTarget(child, kind, value, [...path, i]));
    } else if (target.type === 'list_splat_pattern') {
      const inner = target.namedChild(0);
      if (inner) this.addTarget(inner, kind, undefined, path);
    }
  }

  private addParameters(parameters: SyntaxNode): void {
    const scope = parameters.parent;
    for (const p of parameters.namedChildren) {
      let id: SyntaxNode | null = null;
      if (p.type === 'identifier') id = p;
      else if (p.type === 'default_parameter' || p.type === 'typed_default_parameter') id = p.childForFieldName('name');
      else if (p.type === 'typed_parameter' || p.type === 'list_splat_pattern' || p.type === 'dictionary_splat_pattern')
        id = p.namedChildren.find((c) => c.type === 'identifier') ?? null;
      if (id) this.add({ name: id.text, kind: 'param', node: id, scope });
    }
  }

  /**
   * Per use node, what `lookup` found: analyses and rules resolve the same names again and
   * again (a lint asks about 2,800 times for about 1,800 nodes), and a resolver lives for one
   * lint, so the answers cannot go stale.
   */
  private readonly resolved = new Map<number, Binding | null>();

  /** The binding an identifier use refers to, or undefined for builtins and unknown names. */
  lookup(use: SyntaxNode): Binding | undefined {
    const known = this.resolved.get(use.id);
    if (known !== undefined) return known ?? undefined;
    const found = this.resolve(use);
    this.resolved.set(use.id, found ?? null);
    return found;
  }

  private resolve(use: SyntaxNode): Binding | undefined {
    const name = use.text;
    let scope = enclosingScope(use);
    // Parameters and a def's own name belong to the enclosing scope's view of the use.
    let first = true;
    while (true) {
      const isClass = scope?.type === 'class_definition';
      // A class body is visible only to code directly inside it, not to nested functions.
      if (!(isClass && !first) && !(scope && this.globals.size > 0 && this.globals.get(scope.id)?.has(name))) {
        const found = this.byScope.get(scopeKey(scope))?.get(name);
        if (found && found.length > 0) return found.length === 1 ? found[0] : pickReaching(found, use, scope === null || isClass);
      }
      if (!scope) return undefined;
      first = false;
      scope = enclosingScope(scope);
      while (scope && !SCOPE_TYPES.has(scope.type)) scope = enclosingScope(scope);
    }
  }

  /** Every binding of `name` in `scope` (null: module), in source order. */
  bindingsIn(scope: SyntaxNode | null, name: string): readonly Binding[] {
    return this.byScope.get(scopeKey(scope))?.get(name) ?? [];
  }

  /**
   * The qualified name of an identifier or attribute chain, folded to its canonical spelling,
   * or undefined when the head is a local variable or cannot be known (star imports).
   * Unbound names resolve to `builtins.<name>`.
   */
  qualifiedName(node: SyntaxNode): string | undefined {
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      if (!object || !attribute) return undefined;
      const head = this.qualifiedName(object);
      return head === undefined ? undefined : canonicalName(`${head}.${attribute.text}`);
    }
    if (node.type !== 'identifier') return undefined;
    const binding = this.lookup(node);
    if (!binding) return this.starImports ? undefined : `builtins.${node.text}`;
    return binding.kind === 'import' && binding.qualified ? canonicalName(binding.qualified) : undefined;
  }
}

/**
 * In an ordered scope (the module, a class body) the binding that reaches a use is the last one
 * before it; a use inside a nested function runs later, so there the last binding overall wins.
 * In a function every binding makes the name local: prefer the last one before the use.
 */
function pickReaching(bindings: readonly Binding[], use: SyntaxNode, ordered: boolean): Binding {
  const useScope = enclosingScope(use);
  const sameScope = bindings[0]!.scope?.id === useScope?.id || (bindings[0]!.scope === null && useScope === null);
  if (ordered && !sameScope) return bindings[bindings.length - 1]!;
  // bindings are sorted by position: binary search the last one at or before the use
  let lo = 0;
  let hi = bindings.length - 1;
  let before = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (bindings[mid]!.node.startIndex <= use.startIndex) {
      before = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return bindings[before >= 0 ? before : bindings.length - 1]!;
}
