// One parsed file and the indexes every rule shares: name resolution, the calls and loops
// found by a single tree-sitter query, and same-file function lookup. Built once per lint.

import { argumentValues, callee } from './calls';
import { NameResolver } from './imports';
import type { PythonParser, SyntaxNode, Tree } from './parser';
import { enclosingScope } from './syntax';

const INDEX_QUERY = `
(call) @call
(for_statement) @loop
(while_statement) @loop
(assignment left: (attribute) @attribute_target)
`;

export class FileModel {
  readonly names: NameResolver;
  readonly calls: SyntaxNode[] = [];
  readonly loops: SyntaxNode[] = [];
  /** `self.x = ...` style assignments, keyed by the target's text. */
  readonly attributeAssignments = new Map<string, SyntaxNode[]>();
  private readonly qualifiedCache = new Map<number, string | undefined>();

  constructor(
    readonly tree: Tree,
    readonly text: string,
    readonly parser: PythonParser,
  ) {
    this.names = new NameResolver(tree, parser);
    for (const { name, node } of parser.query(INDEX_QUERY).captures(tree.rootNode)) {
      if (name === 'call') this.calls.push(node);
      else if (name === 'loop') this.loops.push(node);
      else {
        const list = this.attributeAssignments.get(node.text);
        if (list) list.push(node);
        else this.attributeAssignments.set(node.text, [node]);
      }
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

  callsTo(qualified: string): SyntaxNode[] {
    return this.calls.filter((c) => this.calleeName(c) === qualified);
  }

  /** The same-file `def` or `class` that a call's callee names, if any. */
  localDefinition(call: SyntaxNode): SyntaxNode | undefined {
    const fn = callee(call);
    if (fn?.type !== 'identifier') return undefined;
    const binding = this.names.lookup(fn);
    return binding && (binding.kind === 'def' || binding.kind === 'class') ? binding.definition : undefined;
  }

  /** Calls in this file that invoke the given function definition by name. */
  callSitesOf(definition: SyntaxNode): SyntaxNode[] {
    return this.calls.filter((c) => this.localDefinition(c)?.id === definition.id);
  }

  /** Calls lexically inside `container`, excluding nested function and class bodies. */
  callsWithin(container: SyntaxNode): SyntaxNode[] {
    const scope = enclosingScope(container.child(0) ?? container);
    return this.calls.filter(
      (c) => c.startIndex >= container.startIndex && c.endIndex <= container.endIndex && enclosingScope(c)?.id === scope?.id,
    );
  }

  /** Every argument expression of every call within `container` (same scope). */
  argumentsWithin(container: SyntaxNode): SyntaxNode[] {
    return this.callsWithin(container).flatMap((c) => argumentValues(c));
  }
}
