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
   * Reparses `base` (left untouched) after `edits` (applied in order) made `text`. The new
   * tree remembers how it came from `base`, so that its mirror can be updated from base's
   * mirror instead of rebuilt (mirror.ts `update`).
   */
  reparse(base: Tree, text: string, edits: readonly Edit[]): Tree;
  /**
   * The JavaScript mirror the analysis reads (see mirror.ts), made once per tree: unchanged
   * statements are reused, and after `reparse` only the statements around the edit are read.
   */
  mirror(tree: Tree, text: string): SyntaxTree;
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
  // Per tree, its mirror once built, and for a reparsed tree its predecessor's mirror and the
  // edit. Weak: entries go with the trees (which the session replaces on every change).
  const mirrors = new WeakMap<Tree, SyntaxTree>();
  const lineage = new WeakMap<Tree, { previous: SyntaxTree; edit: TextEdit; changed: Range[] }>();
  const parse = (text: string, previous?: Tree): Tree => {
    const tree = parser.parse(text, previous ?? null);
    if (!tree) throw new Error('tree-sitter returned no tree (parser has no language)');
    return tree;
  };
  return {
    language,
    parse,
    reparse(base, text, edits) {
      const edited = base.copy();
      try {
        for (const edit of edits) edited.edit(edit);
        const tree = parse(text, edited);
        const previous = mirrors.get(base);
        // One edit (typing) is the case worth updating; several in one change rebuild.
        if (previous && edits.length === 1) {
          const e = edits[0]!;
          lineage.set(tree, { previous, edit: { start: e.startIndex, oldEnd: e.oldEndIndex, newEnd: e.newEndIndex }, changed: edited.getChangedRanges(tree) });
        }
        return tree;
      } finally {
        edited.delete();
      }
    },
    mirror(tree, text) {
      const known = mirrors.get(tree);
      if (known && known.source === text) return known;
      const origin = lineage.get(tree);
      lineage.delete(tree);
      const mirror = (origin && builder.update(origin.previous, tree, text, origin.edit, origin.changed)) ?? builder.build(tree, text);
      mirrors.set(tree, mirror);
      return mirror;
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
