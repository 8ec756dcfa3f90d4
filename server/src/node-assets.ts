// Node hosts (the stdio/IPC server and the CLI) read the parser's wasm files from disk: the
// bundle ships `web-tree-sitter.wasm` next to itself, and `grammars/` sits at the package root.
// From sources (tests), the same files are found in node_modules and the repository.

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ParserAssets } from './analysis/parser';

function findUp(start: string, relative: string): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, relative);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

export function readParserAssets(): ParserAssets {
  const runtime =
    [join(__dirname, 'web-tree-sitter.wasm')].find(existsSync) ?? findUp(__dirname, 'node_modules/web-tree-sitter/web-tree-sitter.wasm');
  const grammar = findUp(__dirname, 'grammars/tree-sitter-python.wasm');
  if (!runtime || !grammar) {
    throw new Error(`seedlint: cannot find ${!runtime ? 'web-tree-sitter.wasm' : 'grammars/tree-sitter-python.wasm'} near ${__dirname}; reinstall the package`);
  }
  return { runtimeWasm: readFileSync(runtime), grammarWasm: readFileSync(grammar) };
}
