// Open documents and their syntax trees. Incremental changes edit the old tree before the
// reparse, so tree-sitter only re-reads what changed. Trees are freed when replaced or closed.

import { Edit, type PythonParser, type Tree } from './analysis/parser';
import { editSpan, type Range } from './analysis/positions';

export interface OpenDocument {
  readonly uri: string;
  readonly version: number;
  readonly text: string;
  readonly tree: Tree;
}

export type ContentChange = { range: Range; text: string } | { text: string };

export class Session {
  private readonly documents = new Map<string, OpenDocument>();

  constructor(private readonly parser: PythonParser) {}

  uris(): string[] {
    return [...this.documents.keys()];
  }

  get(uri: string): OpenDocument | undefined {
    return this.documents.get(uri);
  }

  open(uri: string, version: number, text: string): OpenDocument {
    this.documents.get(uri)?.tree.delete();
    const document = { uri, version, text, tree: this.parser.parse(text) };
    this.documents.set(uri, document);
    return document;
  }

  /** Applies LSP content changes in order; returns undefined for a document that is not open. */
  change(uri: string, version: number, changes: readonly ContentChange[]): OpenDocument | undefined {
    const current = this.documents.get(uri);
    if (!current) return undefined;
    let text = current.text;
    // The edits since the last full replacement; a full replacement drops the old tree.
    let edits: Edit[] | undefined = [];
    for (const change of changes) {
      if (!('range' in change)) {
        text = change.text;
        edits = undefined;
        continue;
      }
      const span = editSpan(text, change.range, change.text);
      edits?.push(new Edit(span));
      text = text.slice(0, span.startIndex) + change.text + text.slice(span.oldEndIndex);
    }
    const reparsed = edits ? this.parser.reparse(current.tree, text, edits) : this.parser.parse(text);
    current.tree.delete();
    const document = { uri, version, text, tree: reparsed };
    this.documents.set(uri, document);
    return document;
  }

  close(uri: string): void {
    this.documents.get(uri)?.tree.delete();
    this.documents.delete(uri);
  }

  dispose(): void {
    for (const uri of [...this.documents.keys()]) this.close(uri);
  }
}
