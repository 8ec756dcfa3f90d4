// One parsed file and the indexes every rule shares: name resolution, the calls and loops
// found by a single tree-sitter query, and same-file function lookup. Built once per lint.

import { argumentValues, callee, methodName } from './calls';
import { NameResolver } from './imports';
import type { ModuleIndex } from './modules';
import type { PythonParser, SyntaxNode, SyntaxTree } from './parser';
import { enclosingScope, nodesInside } from './syntax';

const NONE: readonly never[] = Object.freeze([]);

export interface KeywordArgument {
  call: SyntaxNode;
  /** The `keyword_argument` node. */
  argument: SyntaxNode;
  /** Its value expression, as written (not unparenthesized). */
  value: SyntaxNode;
}

export class FileModel {
  readonly names: NameResolver;
  readonly calls: readonly SyntaxNode[];
  readonly loops: SyntaxNode[];
  /** `self.x = ...` style assignments, keyed by the target's text. */
  readonly attributeAssignments = new Map<string, SyntaxNode[]>();
  private readonly qualifiedCache = new Map<number, string | undefined>();

  constructor(
    readonly tree: SyntaxTree,
    readonly text: string,
    readonly parser: PythonParser,
    /** The project's other modules as this file's imports see them (§4.10); absent: no index. */
    readonly modules?: ModuleIndex,
  ) {
    this.names = new NameResolver(tree);
    this.calls = tree.nodesOfType('call');
    this.loops = [...tree.nodesOfType('for_statement'), ...tree.nodesOfType('while_statement')].sort((a, b) => a.startIndex - b.startIndex);
    for (const assignment of tree.nodesOfType('assignment')) {
      const node = assignment.childForFieldName('left');
      if (node?.type !== 'attribute') continue;
      const list = this.attributeAssignments.get(node.text);
      if (list) list.push(node);
      else this.attributeAssignments.set(node.text, [node]);
    }
  }

  /** The canonical qualified name a call's callee resolves to, if it is a library name. */
  calleeName(call: SyntaxNode): string | undefined {
    if (this.qualifiedCache.has(call.id)) return this.qualifiedCache.get(call.id);
    const fn = callee(call);
    const name = fn ? this.names.qualifiedName(fn) : undefined;
    this.qualifiedCache.set(call.id, name);
    return name;
  }

  private byCallee: Map<string, SyntaxNode[]> | undefined;

  /** Calls whose callee resolves to `qualified`, in document order (indexed once per lint). */
  callsTo(qualified: string): SyntaxNode[] {
    return (this.calleeIndex().get(qualified) ?? []).slice();
  }

  /** Every library callee name in the file with its calls (document order); shared, read-only. */
  calleeIndex(): ReadonlyMap<string, readonly SyntaxNode[]> {
    if (!this.byCallee) {
      this.byCallee = new Map();
      for (const call of this.calls) {
        const name = this.calleeName(call);
        if (name === undefined) continue;
        const list = this.byCallee.get(name);
        if (list) list.push(call);
        else this.byCallee.set(name, [call]);
      }
    }
    return this.byCallee;
  }

  private byMethod: Map<string, SyntaxNode[]> | undefined;

  /**
   * Calls of the form `x.<method>(...)`, in document order (indexed once per lint): rules that
   * look for `g.manual_seed(...)` or `sampler.set_epoch(...)` read this instead of every call.
   */
  callsToMethod(method: string): readonly SyntaxNode[] {
    if (!this.byMethod) {
      this.byMethod = new Map();
      for (const call of this.calls) {
        const name = methodName(call);
        if (name === undefined) continue;
        const list = this.byMethod.get(name);
        if (list) list.push(call);
        else this.byMethod.set(name, [call]);
      }
    }
    return this.byMethod.get(method) ?? NONE;
  }

  private byKeyword: Map<string, KeywordArgument[]> | undefined;

  /** Every `name=value` argument passed to any call, in document order (indexed once per lint). */
  keywordArguments(name: string): readonly KeywordArgument[] {
    if (!this.byKeyword) {
      // From the keyword_argument nodes themselves (document order), not every call's arguments.
      this.byKeyword = new Map();
      for (const arg of this.tree.nodesOfType('keyword_argument')) {
        const list = arg.parent;
        const call = list?.type === 'argument_list' ? list.parent : null;
        if (call?.type !== 'call') continue;
        const key = arg.childForFieldName('name')?.text;
        const value = arg.childForFieldName('value');
        if (key === undefined || !value) continue;
        const entries = this.byKeyword.get(key);
        if (entries) entries.push({ call, argument: arg, value });
        else this.byKeyword.set(key, [{ call, argument: arg, value }]);
      }
    }
    return this.byKeyword.get(name) ?? NONE;
  }

  private definedNames: Set<string> | undefined;

  /** The same-file `def` or `class` that a call's callee names, if any. */
  localDefinition(call: SyntaxNode): SyntaxNode | undefined {
    const fn = callee(call);
    if (fn?.type !== 'identifier') return undefined;
    // Most callees name no def or class of this file: a set lookup settles those before the
    // name resolution (this runs for every call when the call-site index is built).
    if (!this.definedNames) {
      this.definedNames = new Set();
      for (const type of ['function_definition', 'class_definition']) {
        for (const definition of this.tree.nodesOfType(type)) {
          const name = definition.childForFieldName('name');
          if (name) this.definedNames.add(name.text);
        }
      }
    }
    if (!this.definedNames.has(fn.text)) return undefined;
    const binding = this.names.lookup(fn);
    return binding && (binding.kind === 'def' || binding.kind === 'class') ? binding.definition : undefined;
  }

  private callSites: Map<number, SyntaxNode[]> | undefined;

  /** Calls in this file that invoke the given function definition by name. */
  callSitesOf(definition: SyntaxNode): readonly SyntaxNode[] {
    if (!this.callSites) {
      this.callSites = new Map();
      for (const call of this.calls) {
        const target = this.localDefinition(call);
        if (!target) continue;
        const list = this.callSites.get(target.id);
        if (list) list.push(call);
        else this.callSites.set(target.id, [call]);
      }
    }
    return this.callSites.get(definition.id) ?? [];
  }

  /** Every call lexically inside `container`, nested scopes included (binary search over `calls`). */
  callsInside(container: SyntaxNode): SyntaxNode[] {
    return nodesInside(this.calls, container);
  }

  /** Calls lexically inside `container`, excluding nested function and class bodies. */
  callsWithin(container: SyntaxNode): SyntaxNode[] {
    const scope = enclosingScope(container.child(0) ?? container);
    return nodesInside(this.calls, container, (c) => enclosingScope(c)?.id === scope?.id);
  }

  /** Every argument expression of every call within `container` (same scope). */
  argumentsWithin(container: SyntaxNode): SyntaxNode[] {
    return this.callsWithin(container).flatMap((c) => argumentValues(c));
  }
}
