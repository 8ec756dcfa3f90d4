// The only place that initialises web-tree-sitter. The host hands over the wasm bytes (node
// reads them from disk next to the bundle, the browser build fetches them), so this module
// never touches the file system or the network.

import { Edit, Language, Parser, Query, type Range, type Tree } from 'web-tree-sitter';
import { MirrorBuilder, type SyntaxTree, type TextEdit } from './mirror';

export interface ParserAssets {
  /** web-tree-sitter's own runtime, `web-tree-sitter.wasm`. */
  runtimeWasm: Uint8Array;
  /** The grammar, `grammars/tree-sitter-python.wasm`. */
  grammarWasm: Uint8Array;
}

export interface PythonParser {
  readonly language: Language;
  /** Parses `text`; with `previous` (already edited to match), reparses incrementally. */
  parse(text: string, previous?: Tree): Tree;
  /**
   * Reparses `base` (left untouched) after `edits` (applied in order) made `text`. With
   * `changes`, also the ranges tree-sitter reports as structurally changed (for `updateMirror`).
   */
  reparse(base: Tree, text: string, edits: readonly Edit[], changes?: boolean): { tree: Tree; changed: Range[] };
  /** The JavaScript mirror the analysis reads (see mirror.ts), built from the whole tree. */
  mirror(tree: Tree, text: string): SyntaxTree;
  /**
   * The mirror of `tree`, which `reparse` made from the tree `previous` mirrors after one edit
   * (with `changes`): only the statements around the edit are read from the tree.
   */
  updateMirror(previous: SyntaxTree, tree: Tree, text: string, edit: TextEdit, changed: readonly Range[]): SyntaxTree;
  /**
   * The mirror of `text` (`previous`'s source after `edit`) from a parse of the statements
   * around the edit alone, with no tree for the whole text; undefined where that would not
   * equal a full parse (mirror.ts `updateStatements`).
   */
  updateStatements(previous: SyntaxTree, text: string, edit: TextEdit): SyntaxTree | undefined;
  /** Compiles a tree-sitter query against the Python grammar. */
  query(source: string): Query;
}

/**
 * web-tree-sitter keeps its Emscripten module in process-wide state, so `Parser.init` must run
 * once per process; this promise is the one piece of module state in the analysis layer.
 */
let runtimeReady: Promise<void> | undefined;

export async function createPythonParser(assets: ParserAssets): Promise<PythonParser> {
  runtimeReady ??= Parser.init({ wasmBinary: assets.runtimeWasm });
  await runtimeReady;
  const language = await Language.load(assets.grammarWasm);
  const parser = new Parser();
  parser.setLanguage(language);
  const queries = new Map<string, Query>();
  const builder = new MirrorBuilder(language);
  const parse = (text: string, previous?: Tree): Tree => {
    const tree = parser.parse(text, previous ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree (parser has no language)');
    return tree;
  };
  return {
    language,
    parse,
    reparse(base, text, edits, changes = false) {
      const edited = base.copy();
      try {
        for (const edit of edits) edited.edit(edit);
        const tree = parse(text, edited);
        return { tree, changed: changes ? edited.getChangedRanges(tree) : [] };
      } finally {
        edited.delete();
      }
    },
    // Each caller mirrors a tree once (the session keeps its documents' mirrors), so no cache.
    mirror(tree, text) {
      return builder.build(tree, text);
    },
    updateMirror(previous, tree, text, edit, changed) {
      return builder.update(previous, tree, text, edit, changed) ?? builder.build(tree, text);
    },
    updateStatements(previous, text, edit) {
      return builder.updateStatements(previous, text, edit, (source) => parse(source));
    },
    query(source) {
      let compiled = queries.get(source);
      if (!compiled) {
        compiled = new Query(language, source);
        queries.set(source, compiled);
      }
      return compiled;
    },
  };
}

export { Edit };
export type { Tree };
export type { Point } from 'web-tree-sitter';
export type { SyntaxNode, SyntaxTree } from './mirror';
