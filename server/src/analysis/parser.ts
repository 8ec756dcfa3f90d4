// The only place that initialises web-tree-sitter. The host hands over the wasm bytes (node
// reads them from disk next to the bundle, the browser build fetches them), so this module
// never touches the file system or the network.

import { Edit, Language, Parser, Query, type Tree } from 'web-tree-sitter';
import { MirrorBuilder, type SyntaxTree } from './mirror';

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
  /** The JavaScript mirror the analysis reads (see mirror.ts); unchanged statements are reused. */
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
  const mirrors = new MirrorBuilder(language);
  return {
    language,
    parse(text, previous) {
      const tree = parser.parse(text, previous ?? null);
      if (!tree) throw new Error('tree-sitter returned no tree (parser has no language)');
      return tree;
    },
    mirror(tree, text) {
      return mirrors.build(tree, text);
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
