// Open documents and their syntax. Each document has its mirror (what the analysis reads),
// always current, and a web-tree-sitter tree for incremental reparses, which may lag behind the
// text by a few edits.
//
// After an edit the mirror is first updated from a parse of the top-level statements around the
// edit alone (a few hundred characters, `updateStatements`), which leaves the tree behind; the
// server brings the tree up to date with `settle` once diagnostics are out. Where that shortcut
// does not apply (a syntax error near the edit, one long function), the tree is reparsed
// incrementally, tree-sitter re-reading only what changed, and the mirror updated from it.
// Trees are freed when replaced or closed.

import { Edit, type PythonParser, type SyntaxTree, type Tree } from './analysis/parser';
import { editSpan, type Range } from './analysis/positions';

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  /** The mirror of `text`. */
  readonly syntax: SyntaxTree;
}

export type ContentChange = { range: Range; text: string } | { text: string };

interface DocumentState {
  document: OpenDocument;
  /** A tree of the text before `pending`, the edits since (applied in order) made the current text. */
  tree: Tree;
  pending: Edit[];
}

export class Session {
  private readonly documents = new Map<string, DocumentState>();

  constructor(private readonly parser: PythonParser) {}

  uris(): string[] {
    return [...this.documents.keys()];
  }

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri)?.document;
  }

  open(uri: string, version: number, text: string): OpenDocument {
    this.documents.get(uri)?.tree.delete();
    const tree = this.parser.parse(text);
    const document = { uri, version, text, syntax: this.parser.mirror(tree, text) };
    this.documents.set(uri, { document, tree, pending: [] });
    return document;
  }

  /** Applies LSP content changes in order; returns undefined for a document that is not open. */
  change(uri: string, version: number, changes: readonly ContentChange[]): OpenDocument | undefined {
    const state = this.documents.get(uri);
    if (!state) return undefined;
    let { text, syntax } = state.document;
    for (const change of changes) {
      if (!('range' in change)) {
        text = change.text;
        state.tree.delete();
        state.tree = this.parser.parse(text);
        state.pending = [];
        syntax = this.parser.mirror(state.tree, text);
        continue;
      }
      const span = editSpan(text, change.range, change.text);
      const next = text.slice(0, span.startIndex) + change.text + text.slice(span.oldEndIndex);
      const edit = { start: span.startIndex, oldEnd: span.oldEndIndex, newEnd: span.newEndIndex };
      const quick = this.parser.updateStatements(syntax, next, edit);
      if (quick) {
        state.pending.push(new Edit(span));
        syntax = quick;
      } else {
        // The update reads the new tree against `syntax`, which must mirror the tree's text.
        this.settleState(state, text);
        const { tree, changed } = this.parser.reparse(state.tree, next, [new Edit(span)], true);
        state.tree.delete();
        state.tree = tree;
        syntax = this.parser.updateMirror(syntax, tree, next, edit, changed);
      }
      text = next;
    }
    state.document = { uri, version, text, syntax };
    return state.document;
  }

  /**
   * Brings the document's tree up to date with its text (edits the statement shortcut left
   * behind), so that the next edit that needs a reparse pays for one edit only. The server
   * calls it once diagnostics are published.
   */
  settle(uri: string): void {
    const state = this.documents.get(uri);
    if (state) this.settleState(state, state.document.text);
  }

  /** Reparses the tree after the pending edits, which made `text`. */
  private settleState(state: DocumentState, text: string): void {
    if (state.pending.length === 0) return;
    const { tree } = this.parser.reparse(state.tree, text, state.pending);
    state.tree.delete();
    state.tree = tree;
    state.pending = [];
  }

  close(uri: string): void {
    this.documents.get(uri)?.tree.delete();
    this.documents.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.documents.keys()]) this.close(uri);
  }
}
