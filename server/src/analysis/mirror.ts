// A JavaScript mirror of a tree-sitter tree: every node's type, span, field and parent in
// typed arrays, filled by ONE cursor walk, and read through light `SyntaxNode` facades that
// answer the web-tree-sitter Node API subset the analysis uses without crossing into wasm.
//
// Why: each web-tree-sitter Node getter (`type`, `parent`, `endIndex`, `text`...) is a wasm
// call plus an allocation; rules ask millions of them. The mirror costs one walk per parse,
// and less after an edit: top-level statements whose source text is unchanged are copied from
// the previous mirror instead of walked again (the builder keeps them by text).
//
// Positions: web-tree-sitter indices and columns count UTF-16 code units (it parses JavaScript
// strings), as LSP does; rows and columns are derived here from the source's line starts.

import type { Language, Point, Tree as WasmTree } from 'web-tree-sitter';

const NO_NODE = -1;

/** Nodes in preorder: type id, span, field id, parent index, MISSING flag. */
interface NodeFields {
  types: Uint16Array;
  starts: Int32Array;
  ends: Int32Array;
  fields: Uint16Array;
  parents: Int32Array;
  missing: Uint8Array;
}

/**
 * One top-level statement's nodes, with spans relative to its start and parent indices within
 * the chunk (-1 for its root, whose parent is the module).
 */
interface Chunk extends NodeFields {
  /** An ERROR or MISSING node is inside. */
  hasError: boolean;
  /** The statement's text, as the cache's key (chunks with errors are not cached). */
  key?: string;
}

interface Part {
  chunk: Chunk;
  offset: number;
}

/** One text replacement, in UTF-16 offsets: [start, oldEnd) of the old text became [start, newEnd). */
export interface TextEdit {
  start: number;
  oldEnd: number;
  newEnd: number;
}

interface ChunkBuffer {
  types: number[];
  starts: number[];
  ends: number[];
  fields: number[];
  parents: number[];
  missing: number[];
}

const ERROR_TYPE = 65535;
/**
 * The statement cache's bounds: entries, and nodes over all entries (about 20 bytes of arrays
 * each, plus the key's text). The second matters for a file that is one long statement: each
 * edit of it that parses cleanly adds a version of the whole statement.
 */
const CACHE_LIMIT = 50_000;
const CACHE_NODE_LIMIT = 500_000;
/** Nested subtrees smaller than this are read from the tree rather than looked up and copied. */
const MIN_REUSED_SUBTREE = 8;
/**
 * The longest region `updateStatements` parses on its own (UTF-16 units). Parsing runs at
 * a few characters per microsecond here, and the incremental reparse of a 3,000-line file costs
 * a few milliseconds whatever the edit: past about this size it is the faster way.
 */
const MAX_REGION = 6000;
const NEWLINE = 10;

/** Builds mirrors, reusing unchanged top-level statements between builds. */
export class MirrorBuilder {
  private chunks = new Map<string, Chunk>();
  /** The nodes of the cached chunks, all together. */
  private cachedNodes = 0;
  private readonly named: boolean[] = [];
  private readonly typeNames: string[] = [];
  private readonly fieldIds = new Map<string, number>();
  /** 1 for the node types that open a scope (function, lambda, class), by type id. */
  readonly scopeTypes = new Uint8Array(65536);

  constructor(private readonly language: Language) {
    for (let id = 0; id < language.types.length; id++) {
      this.typeNames[id] = language.types[id] ?? 'ERROR';
      this.named[id] = language.nodeTypeIsNamed(id);
      if (['function_definition', 'lambda', 'class_definition'].includes(this.typeNames[id]!)) this.scopeTypes[id] = 1;
    }
    language.fields.forEach((name, id) => {
      if (name) this.fieldIds.set(name, id);
    });
  }

  private readonly idsByName = new Map<string, number[]>();

  /** How many type ids the grammar has (ERROR, 65535, aside). */
  get typeCount(): number {
    return this.typeNames.length;
  }

  /** Every type id spelled `name` (grammars alias several symbols to one name). */
  typeIds(name: string): readonly number[] {
    let ids = this.idsByName.get(name);
    if (!ids) {
      ids = [];
      for (let id = 0; id < this.typeNames.length; id++) if (this.typeNames[id] === name) ids.push(id);
      if (name === 'ERROR') ids.push(ERROR_TYPE);
      this.idsByName.set(name, ids);
    }
    return ids;
  }

  typeName(id: number): string {
    return id === ERROR_TYPE ? 'ERROR' : (this.typeNames[id] ?? 'ERROR');
  }

  isNamedType(id: number): boolean {
    return id === ERROR_TYPE || this.named[id] === true;
  }

  fieldId(name: string): number | undefined {
    return this.fieldIds.get(name);
  }

  fieldName(id: number): string | null {
    return this.language.fields[id] ?? null;
  }

  build(tree: WasmTree, text: string): SyntaxTree {
    const cursor = tree.walk();
    const rootType = cursor.nodeTypeId;
    const rootStart = cursor.startIndex;
    const rootEnd = cursor.endIndex;
    const used = new Map<string, Chunk>();
    const parts: Part[] = [];
    const treeHasError = tree.rootNode.hasError;
    if (cursor.gotoFirstChild()) {
      do {
        const start = cursor.startIndex;
        const end = cursor.endIndex;
        parts.push({ chunk: this.chunkAt(cursor, text, start, end, used, treeHasError), offset: start });
      } while (cursor.gotoNextSibling());
    }
    cursor.delete();
    this.remember(used);
    return new SyntaxTree(this, text, parts, arraysFromParts({ type: rootType, start: rootStart, end: rootEnd }, parts), treeHasError);
  }

  /**
   * The mirror of `tree`, reparsed from the tree that `previous` mirrors after one edit: the
   * top-level statements that lie wholly outside the edit and outside the ranges tree-sitter
   * reports as structurally changed keep their chunks (shifted); only the ones in between are
   * read from the tree. After an edit of a 3,000-line file that is one or two statements instead
   * of a thousand cursor steps. Returns undefined when the new tree's statements do not line up
   * with that assumption (the caller then builds from scratch).
   */
  update(previous: SyntaxTree, tree: WasmTree, text: string, edit: TextEdit, changed: readonly { startIndex: number; endIndex: number }[]): SyntaxTree | undefined {
    const delta = edit.newEnd - edit.oldEnd;
    let lo = edit.start;
    let hi = edit.newEnd;
    for (const r of changed) {
      lo = Math.min(lo, r.startIndex);
      hi = Math.max(hi, r.endIndex);
    }
    // Old statements ending strictly before the window, and starting strictly after it.
    const old = previous.parts;
    let before = 0;
    while (before < old.length && old[before]!.offset + old[before]!.chunk.ends[0]! < lo) before++;
    let after = old.length;
    while (after > before && old[after - 1]!.offset > edit.oldEnd && old[after - 1]!.offset + delta > hi) after--;
    const gapStart = before > 0 ? old[before - 1]!.offset + old[before - 1]!.chunk.ends[0]! : 0;
    const gapEnd = after < old.length ? old[after]!.offset + delta : Infinity;

    const module = tree.rootNode;
    const root = { type: module.typeId, start: module.startIndex, end: module.endIndex };
    const middle: Part[] = [];
    // Inside an edited statement (a long `def main():`), nested subtrees that lie wholly outside
    // the window are unchanged too (tree-sitter's changed ranges say so): copy them from the
    // previous mirror instead of reading them node by node. Small ones are cheaper to read.
    const reuse: Reuse = (start, end, type) => {
      let shift: number;
      if (end < lo) shift = 0;
      else if (start > hi && start - delta > edit.oldEnd) shift = delta;
      else return undefined;
      const index = previous.find(start - shift, end - shift, type);
      return index !== undefined && previous.subtreeEnd[index]! - index >= MIN_REUSED_SUBTREE ? { tree: previous, index, shift } : undefined;
    };
    const used = new Map<string, Chunk>();
    // The statements between the kept ones: if the kept ones line up, the first is child number
    // `before`. (Nodes, not one cursor: web-tree-sitter 0.27's gotoFirstChildForIndex does not
    // land on the right child.)
    let node = module.child(before);
    while (node && node.startIndex < gapEnd) {
      const start = node.startIndex;
      const end = node.endIndex;
      if (start < gapStart || end > gapEnd) return undefined;
      const cursor = node.walk();
      try {
        middle.push({ chunk: this.chunkAt(cursor, text, start, end, used, true, reuse), offset: start });
      } finally {
        cursor.delete();
      }
      node = node.nextSibling;
    }
    if (node && node.startIndex !== gapEnd) return undefined;
    const parts = splicedParts(old, before, middle, after, delta);
    if (parts.length !== module.childCount) return undefined;
    this.remember(used);
    return new SyntaxTree(this, text, parts, splicedArrays({ previous, root, before, middle, after, delta }), module.hasError, editedLineStarts(previous.lineStarts, text, edit));
  }

  /**
   * The mirror of `text`, the previous mirror's source after one edit, made by parsing only
   * the top-level statements around the edit (`parse` parses a piece of source on its own),
   * or undefined where that is not known to equal a parse of the whole text.
   *
   * Why: tree-sitter's incremental reparse of a 3,000-line file re-lexes about 1,800 tokens
   * after a one-character edit (the Python grammar's many "fragile" nodes cannot be reused) and
   * costs several milliseconds; the statements around a typical edit are a few hundred
   * characters. Python's top-level statements parse independently when each starts a line at
   * column 0 and none has a syntax error: the region is cut at such boundaries, and the result
   * is kept only if the previous tree and the region parse without error. A region longer
   * than `MAX_REGION` (one long function) is left to the incremental reparse, which is faster
   * there. Property-tested against full parses (mirror-update.test.ts).
   */
  updateStatements(previous: SyntaxTree, text: string, edit: TextEdit, parse: (source: string) => WasmTree): SyntaxTree | undefined {
    const old = previous.parts;
    const source = previous.source;
    const delta = edit.newEnd - edit.oldEnd;
    // Kept before: statements ending before the edited line. Kept after: from the first
    // statement that starts a later line at column 0.
    const lineStart = source.lastIndexOf('\n', edit.start - 1) + 1;
    let before = 0;
    while (before < old.length && old[before]!.offset + old[before]!.chunk.ends[0]! < lineStart) before++;
    let after = before;
    while (after < old.length && !(old[after]!.offset > edit.oldEnd && source.charCodeAt(old[after]!.offset - 1) === NEWLINE)) after++;
    const gapStart = before > 0 ? old[before - 1]!.offset + old[before - 1]!.chunk.ends[0]! : 0;
    const gapEnd = after < old.length ? old[after]!.offset + delta : text.length;
    // The kept statements must be free of errors: only a whole tree's flag says so for certain
    // (a MISSING hidden token, such as a newline, is no node a cursor visits).
    if (gapEnd - gapStart > MAX_REGION || previous.syntaxError) return undefined;
    const regionText = text.slice(gapStart, gapEnd);
    const region = parse(regionText);
    try {
      const module = region.rootNode;
      // (A previous root that is an ERROR node spans differently from a module.)
      if (module.hasError || module.typeId !== previous.types[0]) return undefined;
      const used = new Map<string, Chunk>();
      const middle: Part[] = [];
      const cursor = region.walk();
      try {
        if (cursor.gotoFirstChild()) {
          do {
            const start = cursor.startIndex;
            const end = cursor.endIndex;
            // Chunks hold offsets relative to their statement: the region's own text serves.
            middle.push({ chunk: this.chunkAt(cursor, regionText, start, end, used, false), offset: gapStart + start });
          } while (cursor.gotoNextSibling());
        }
      } finally {
        cursor.delete();
      }
      // The module's span: from the region where it starts or ends there, else the previous one's.
      const root = {
        type: previous.types[0]!,
        start: before > 0 ? previous.starts[0]! : gapStart + module.startIndex,
        end: after < old.length ? previous.ends[0]! + delta : gapStart + module.endIndex,
      };
      this.remember(used);
      return new SyntaxTree(this, text, splicedParts(old, before, middle, after, delta), splicedArrays({ previous, root, before, middle, after, delta }), false, editedLineStarts(previous.lineStarts, text, edit));
    } finally {
      region.delete();
    }
  }

  /**
   * The chunk of the statement at the cursor: cached by its text, else walked. Only a statement
   * without syntax errors is a function of its text alone; one with errors depends on its
   * surroundings (the same `for` loop parses differently after a broken line), so such
   * statements are always walked and never cached. `treeHasError` false spares the per-node check.
   */
  private chunkAt(cursor: ReturnType<WasmTree['walk']>, text: string, start: number, end: number, used: Map<string, Chunk>, treeHasError: boolean, reuse?: Reuse): Chunk {
    if (treeHasError && cursor.currentNode.hasError) {
      // The node's own flag: the walk does not see a MISSING hidden token (a newline).
      const chunk = walkChunk(cursor, start, reuse);
      chunk.hasError = true;
      return chunk;
    }
    // Looked up by the statement's text alone (a slice, hashed without copying); the chunk's own
    // root type and field must match too.
    const slice = text.slice(start, end);
    let chunk = this.chunks.get(slice) ?? used.get(slice);
    if (chunk && (chunk.types[0] !== cursor.nodeTypeId || chunk.fields[0] !== cursor.currentFieldId)) chunk = undefined;
    if (!chunk) {
      chunk = walkChunk(cursor, start, reuse);
      // Stored under a copy: a slice can share the whole document's storage (V8 sliced strings),
      // and the cache would then keep every version of every document alive.
      if (!chunk.hasError) chunk.key = ownCopy(slice);
    }
    if (chunk.key !== undefined) used.set(chunk.key, chunk);
    return chunk;
  }

  /** Keep what a build used, plus older entries up to a bound (undo, other documents). */
  private remember(used: Map<string, Chunk>): void {
    let added = 0;
    for (const [key, chunk] of used) if (!this.chunks.has(key)) added += chunk.types.length;
    if (this.chunks.size + used.size > CACHE_LIMIT || this.cachedNodes + added > CACHE_NODE_LIMIT) {
      this.chunks = used;
      this.cachedNodes = 0;
      for (const chunk of used.values()) this.cachedNodes += chunk.types.length;
    } else {
      for (const [key, chunk] of used) this.chunks.set(key, chunk);
      this.cachedNodes += added;
    }
  }
}

/** A string equal to `s` that shares no storage with a longer one (JSON.parse builds a new string). */
function ownCopy(s: string): string {
  return JSON.parse(JSON.stringify(s)) as string;
}

/** The statements after an edit: the first `before` and those from `after` on kept (the latter shifted), `middle` between. */
function splicedParts(old: readonly Part[], before: number, middle: readonly Part[], after: number, delta: number): Part[] {
  return [...old.slice(0, before), ...middle, ...old.slice(after).map((p) => ({ chunk: p.chunk, offset: p.offset + delta }))];
}

/**
 * An unchanged subtree of the previous mirror that may stand in for the node at the cursor:
 * the node with this span (in the new text) and type, if it lies outside the edited window.
 */
type Reuse = (start: number, end: number, type: number) => { tree: SyntaxTree; index: number; shift: number } | undefined;

/** Walks the subtree at the cursor (which it leaves where it found it) into a chunk based at `base`. */
function walkChunk(cursor: ReturnType<WasmTree['walk']>, base: number, reuse?: Reuse): Chunk {
  const b: ChunkBuffer = { types: [], starts: [], ends: [], fields: [], parents: [], missing: [] };
  const stack: number[] = [];
  let depth = 0;
  for (;;) {
    const index = b.types.length;
    const start = cursor.startIndex;
    const end = cursor.endIndex;
    const type = cursor.nodeTypeId;
    const old = depth > 0 && reuse ? reuse(start, end, type) : undefined;
    if (old) {
      // Copy the old subtree (its root keeps the field the new tree gives it).
      const { tree: t, index: from, shift } = old;
      const to = t.subtreeEnd[from]!;
      for (let j = from; j < to; j++) {
        b.types.push(t.types[j]!);
        b.starts.push(t.starts[j]! + shift - base);
        b.ends.push(t.ends[j]! + shift - base);
        b.fields.push(j === from ? cursor.currentFieldId : t.fields[j]!);
        b.parents.push(j === from ? stack[stack.length - 1]! : t.parents[j]! - from + index);
        b.missing.push(t.missing[j]!);
      }
    } else {
      b.types.push(type);
      b.starts.push(start - base);
      b.ends.push(end - base);
      b.fields.push(cursor.currentFieldId);
      b.parents.push(stack.length > 0 ? stack[stack.length - 1]! : NO_NODE);
      b.missing.push(start === end && cursor.nodeIsMissing ? 1 : 0);
    }
    if (!old && cursor.gotoFirstChild()) {
      stack.push(index);
      depth++;
      continue;
    }
    // climb until a sibling exists, but never past the chunk's root
    for (;;) {
      if (depth === 0) {
        return {
          types: Uint16Array.from(b.types),
          starts: Int32Array.from(b.starts),
          ends: Int32Array.from(b.ends),
          fields: Uint16Array.from(b.fields),
          parents: Int32Array.from(b.parents),
          missing: Uint8Array.from(b.missing),
          hasError: b.types.includes(ERROR_TYPE) || b.missing.includes(1),
        };
      }
      if (cursor.gotoNextSibling()) break;
      cursor.gotoParent();
      stack.pop();
      depth--;
    }
  }
}

/** Every node's fields, in preorder (node 0 is the module). */
interface NodeArrays extends NodeFields {
  /** CSR children: children of i are childList[childStart[i] .. childStart[i+1]). */
  childStart: Int32Array;
  childList: Int32Array;
  /** The subtree of i is [i, subtreeEnd[i]). */
  subtreeEnd: Int32Array;
  errorInside: Uint8Array;
}

/** Zeroed per-node arrays for `n` nodes. */
function emptyFields(n: number): NodeFields {
  return { types: new Uint16Array(n), starts: new Int32Array(n), ends: new Int32Array(n), fields: new Uint16Array(n), parents: new Int32Array(n), missing: new Uint8Array(n) };
}

/**
 * Writes a statement's chunk into whole-tree arrays as nodes `at ..`: spans made absolute by
 * `offset`, parents renumbered (the chunk's root gets the module, node 0).
 */
function layOut(out: NodeFields, { chunk, offset }: Part, at: number): void {
  const count = chunk.types.length;
  out.types.set(chunk.types, at);
  out.fields.set(chunk.fields, at);
  out.missing.set(chunk.missing, at);
  const { starts, ends, parents } = out;
  const chunkStarts = chunk.starts;
  const chunkEnds = chunk.ends;
  const chunkParents = chunk.parents;
  for (let i = 0; i < count; i++) {
    starts[at + i] = chunkStarts[i]! + offset;
    ends[at + i] = chunkEnds[i]! + offset;
    const p = chunkParents[i]!;
    parents[at + i] = p === NO_NODE ? 0 : p + at;
  }
}

/** The arrays of a whole tree, from its statements' chunks. */
function arraysFromParts(root: { type: number; start: number; end: number }, parts: readonly Part[]): NodeArrays {
  // Locals rather than `this.` fields in the loops: this runs on every lint over every node.
  const n = 1 + parts.reduce((sum, p) => sum + p.chunk.types.length, 0);
  const out = emptyFields(n);
  const { types, starts, ends, fields, parents, missing } = out;
  types[0] = root.type;
  starts[0] = root.start;
  ends[0] = root.end;
  parents[0] = NO_NODE;
  let at = 1;
  for (const part of parts) {
    layOut(out, part, at);
    at += part.chunk.types.length;
  }
  // children (CSR) and subtree ends, from parent pointers in preorder
  const childStart = new Int32Array(n + 1);
  for (let i = 1; i < n; i++) childStart[parents[i]! + 1]!++;
  for (let i = 0; i < n; i++) childStart[i + 1]! += childStart[i]!;
  const childList = new Int32Array(Math.max(0, n - 1));
  const fill = childStart.slice(0, n);
  for (let i = 1; i < n; i++) childList[fill[parents[i]!]!++] = i;
  const subtreeEnd = new Int32Array(n);
  const errorInside = new Uint8Array(n);
  for (let i = n - 1; i >= 0; i--) {
    if (subtreeEnd[i] === 0) subtreeEnd[i] = i + 1;
    if (types[i] === ERROR_TYPE || missing[i]) errorInside[i] = 1;
    const p = parents[i]!;
    if (p >= 0) {
      if (subtreeEnd[i]! > subtreeEnd[p]!) subtreeEnd[p] = subtreeEnd[i]!;
      if (errorInside[i]) errorInside[p] = 1;
    }
  }
  return { types, starts, ends, fields, parents, missing, childStart, childList, subtreeEnd, errorInside };
}

/**
 * The arrays after an edit, from the previous tree's: the statements before the edited ones are
 * copied as they are, those after are copied with their offsets and node numbers shifted, and
 * only the edited statements are laid out from their chunks. Same result as `arraysFromParts`
 * (tested), without its passes over every node.
 */
function splicedArrays(splice: { previous: SyntaxTree; root: { type: number; start: number; end: number }; before: number; middle: readonly Part[]; after: number; delta: number }): NodeArrays {
  const { previous: prev, root, before, middle, after, delta } = splice;
  const oldParts = prev.parts;
  const oldN = prev.size;
  let P = 1; // first node after the kept statements before the edit
  for (let i = 0; i < before; i++) P += oldParts[i]!.chunk.types.length;
  let oldQ = P; // first node of the kept statements after the edit, before the splice
  for (let i = before; i < after; i++) oldQ += oldParts[i]!.chunk.types.length;
  let M = 0;
  for (const part of middle) M += part.chunk.types.length;
  const Q = P + M;
  const dN = Q - oldQ;
  const n = oldN + dN;

  const out = emptyFields(n);
  const { types, starts, ends, fields, parents, missing } = out;
  const subtreeEnd = new Int32Array(n);
  const errorInside = new Uint8Array(n);
  // Kept before: identical. Kept after: same values, shifted.
  types.set(prev.types.subarray(0, P));
  fields.set(prev.fields.subarray(0, P));
  missing.set(prev.missing.subarray(0, P));
  starts.set(prev.starts.subarray(0, P));
  ends.set(prev.ends.subarray(0, P));
  parents.set(prev.parents.subarray(0, P));
  subtreeEnd.set(prev.subtreeEnd.subarray(0, P));
  errorInside.set(prev.errorInside.subarray(0, P));
  types.set(prev.types.subarray(oldQ), Q);
  fields.set(prev.fields.subarray(oldQ), Q);
  missing.set(prev.missing.subarray(oldQ), Q);
  errorInside.set(prev.errorInside.subarray(oldQ), Q);
  for (let i = oldQ; i < oldN; i++) {
    const j = i + dN;
    starts[j] = prev.starts[i]! + delta;
    ends[j] = prev.ends[i]! + delta;
    const p = prev.parents[i]!;
    parents[j] = p === 0 ? 0 : p + dN;
    subtreeEnd[j] = prev.subtreeEnd[i]! + dN;
  }
  // The edited statements, from their chunks.
  let base = P;
  for (const part of middle) {
    const { chunk } = part;
    const count = chunk.types.length;
    layOut(out, part, base);
    for (let i = count - 1; i >= 0; i--) {
      const g = base + i;
      if (subtreeEnd[g] === 0) subtreeEnd[g] = g + 1;
      if (types[g] === ERROR_TYPE || missing[g]) errorInside[g] = 1;
      const p = chunk.parents[i]!;
      if (p !== NO_NODE) {
        const q = base + p;
        if (subtreeEnd[g]! > subtreeEnd[q]!) subtreeEnd[q] = subtreeEnd[g]!;
        if (errorInside[g]) errorInside[q] = 1;
      }
    }
    base += count;
  }
  types[0] = root.type;
  starts[0] = root.start;
  ends[0] = root.end;
  parents[0] = NO_NODE;
  subtreeEnd[0] = n;

  // Children. Node 0's list (the statements) comes first, then each node's in preorder.
  const oldT = prev.childStart[1]!;
  const suffixRoots = oldParts.length - after;
  const T = before + middle.length + suffixRoots;
  const childStart = new Int32Array(n + 1);
  const childList = new Int32Array(Math.max(0, n - 1));
  childList.set(prev.childList.subarray(0, before));
  base = P;
  for (let k = 0; k < middle.length; k++) {
    childList[before + k] = base;
    base += middle[k]!.chunk.types.length;
  }
  for (let k = 0; k < suffixRoots; k++) childList[before + middle.length + k] = prev.childList[oldT - suffixRoots + k]! + dN;
  let inside = 0;
  for (let k = 0; k < T; k++) if (errorInside[childList[k]!]) inside = 1;
  errorInside[0] = inside || types[0] === ERROR_TYPE ? 1 : 0;
  childStart[0] = 0;
  // Nodes 1..P-1: same lists, after a node-0 list that changed length.
  const shiftBefore = T - oldT;
  for (let i = 1; i <= P; i++) childStart[i] = prev.childStart[i]! + shiftBefore;
  childList.set(prev.childList.subarray(oldT, prev.childStart[P]!), T);
  // The edited statements' nodes: count, then place, children in order.
  const counts = new Int32Array(M + 1);
  for (let x = P + 1; x < Q; x++) {
    const p = parents[x]!;
    if (p >= P) counts[p - P]!++;
  }
  for (let x = P; x < Q; x++) childStart[x + 1] = childStart[x]! + counts[x - P]!;
  const fill = childStart.slice(P, Q);
  for (let x = P + 1; x < Q; x++) {
    const p = parents[x]!;
    if (p >= P) childList[fill[p - P]!++] = x;
  }
  // Kept after: same lists, shifted.
  const oldFrom = prev.childStart[oldQ]!;
  const shiftAfter = childStart[Q]! - oldFrom;
  for (let i = oldQ + 1; i <= oldN; i++) childStart[i + dN] = prev.childStart[i]! + shiftAfter;
  for (let k = oldFrom; k < oldN - 1; k++) childList[k + shiftAfter] = prev.childList[k]! + dN;
  return { types, starts, ends, fields, parents, missing, childStart, childList, subtreeEnd, errorInside };
}

/** Appends to `starts` the line starts after each `\n` in source[from, to). */
function lineStartsOf(source: string, from: number, to: number, starts: number[]): number[] {
  for (let i = source.indexOf('\n', from); i >= 0 && i < to; i = source.indexOf('\n', i + 1)) starts.push(i + 1);
  return starts;
}

/**
 * The line starts of `text`, which `edit` made from the text `previous` lists them for: the
 * starts up to the edit kept, the inserted text's found, the rest shifted (instead of scanning
 * all of the text again after each keystroke).
 */
function editedLineStarts(previous: readonly number[], text: string, edit: TextEdit): number[] {
  const delta = edit.newEnd - edit.oldEnd;
  const starts: number[] = [];
  let k = 0;
  // A start s follows the newline at s - 1: kept while that newline is before the edit.
  for (; k < previous.length && previous[k]! <= edit.start; k++) starts.push(previous[k]!);
  lineStartsOf(text, edit.start, edit.newEnd, starts);
  while (k < previous.length && previous[k]! <= edit.oldEnd) k++;
  for (; k < previous.length; k++) starts.push(previous[k]! + delta);
  return starts;
}

/** The mirror of one parse: what `SyntaxNode`s read from. */
export class SyntaxTree {
  readonly types: Uint16Array;
  readonly starts: Int32Array;
  readonly ends: Int32Array;
  readonly fields: Uint16Array;
  readonly parents: Int32Array;
  readonly missing: Uint8Array;
  /** CSR children: children of i are childList[childStart[i] .. childStart[i+1]). */
  readonly childStart: Int32Array;
  readonly childList: Int32Array;
  /** Preorder: the subtree of i is [i, subtreeEnd[i]). */
  readonly subtreeEnd: Int32Array;
  readonly errorInside: Uint8Array;
  /** Offsets where each line starts (after a `\n`); rows and columns come from these. */
  readonly lineStarts: readonly number[];
  private facades: (SyntaxNode | undefined)[];
  private readonly byType = new Map<string, SyntaxNode[]>();

  constructor(
    readonly builder: MirrorBuilder,
    readonly source: string,
    /** The top-level statements' chunks and offsets, in order: the next update starts from them. */
    readonly parts: readonly Part[],
    arrays: NodeArrays,
    /**
     * Whether tree-sitter found a syntax error anywhere (its root's `hasError`). Unlike
     * `errorInside`, this counts MISSING hidden tokens, which the mirror has no node for.
     */
    readonly syntaxError: boolean,
    /** The line starts when the caller has them (after an edit: `editedLineStarts`). */
    lineStarts?: readonly number[],
  ) {
    this.types = arrays.types;
    this.starts = arrays.starts;
    this.ends = arrays.ends;
    this.fields = arrays.fields;
    this.parents = arrays.parents;
    this.missing = arrays.missing;
    this.childStart = arrays.childStart;
    this.childList = arrays.childList;
    this.subtreeEnd = arrays.subtreeEnd;
    this.errorInside = arrays.errorInside;
    this.lineStarts = lineStarts ?? lineStartsOf(source, 0, source.length, [0]);
    const n = arrays.types.length;
    this.facades = new Array<SyntaxNode | undefined>(n);
  }

  get size(): number {
    return this.types.length;
  }

  private readonly memos = new Map<symbol, Map<number, unknown>>();

  /** The outermost node with this span and type (starts are non-decreasing in preorder). */
  find(start: number, end: number, type: number): number | undefined {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! < start) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < this.starts.length && this.starts[i] === start; i++) {
      if (this.ends[i] === end && this.types[i] === type) return i;
    }
    return undefined;
  }

  /**
   * Drops the node facades and the per-node tables, keeping the arrays. The server keeps a
   * document's mirror until the next edit (for hover and for the update), and what one lint
   * made (thousands of facades, their child arrays and memo entries) would otherwise live on
   * into later garbage collections and be copied, then promoted, by every one of them. Nodes
   * asked for afterwards are made again.
   */
  releaseNodes(): void {
    this.facades.fill(undefined);
    this.byType.clear();
    this.memos.clear();
  }

  /**
   * A per-tree table keyed by node id, for facts the analysis computes once per node (a call's
   * arguments, a statement's guards). It lives and dies with this mirror. (WeakMaps keyed by
   * the facades did the same, but thousands of weak entries per lint made every young-generation
   * garbage collection slow.)
   */
  memo<T>(key: symbol): Map<number, T> {
    let table = this.memos.get(key);
    if (!table) this.memos.set(key, (table = new Map()));
    return table as Map<number, T>;
  }

  private scopes: Int32Array | undefined;

  /**
   * The innermost function/lambda/class strictly enclosing node i (-1: module), for all nodes
   * in one preorder pass on first use.
   */
  enclosingScopeIndex(i: number): number {
    if (!this.scopes) {
      const isScope = this.builder.scopeTypes;
      const scopes = new Int32Array(this.types.length).fill(-1);
      for (let n = 1; n < this.types.length; n++) {
        const p = this.parents[n]!;
        scopes[n] = isScope[this.types[p]!] ? p : scopes[p]!;
      }
      this.scopes = scopes;
    }
    return this.scopes[i]!;
  }

  get rootNode(): SyntaxNode {
    return this.node(0);
  }

  node(index: number): SyntaxNode {
    let facade = this.facades[index];
    if (!facade) {
      facade = new SyntaxNode(this, index);
      this.facades[index] = facade;
    }
    return facade;
  }

  point(offset: number): Point {
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { row: lo, column: offset - this.lineStarts[lo]! };
  }

  /** Node indices grouped by type id (counting sort, document order within a type). */
  private typeStart: Int32Array | undefined;
  private typeOrder: Int32Array | undefined;

  /**
   * Every node of the given type, in document order. All types are bucketed in one pass over
   * the arrays; facades are made only for the types somebody asks for.
   */
  nodesOfType(type: string): readonly SyntaxNode[] {
    const cached = this.byType.get(type);
    if (cached) return cached;
    // Type ids are small (the grammar's symbol count) except ERROR (65535), bucketed last.
    const slots = this.builder.typeCount + 1;
    const slot = (t: number) => (t === ERROR_TYPE ? slots - 1 : t);
    if (!this.typeStart || !this.typeOrder) {
      const types = this.types;
      const start = new Int32Array(slots + 1);
      for (let i = 0; i < types.length; i++) start[slot(types[i]!) + 1]!++;
      for (let t = 0; t < slots; t++) start[t + 1]! += start[t]!;
      const fill = start.slice(0, slots);
      const order = new Int32Array(types.length);
      for (let i = 0; i < types.length; i++) order[fill[slot(types[i]!)]!++] = i;
      this.typeStart = start;
      this.typeOrder = order;
    }
    const out: SyntaxNode[] = [];
    for (const id of this.builder.typeIds(type)) {
      const s = slot(id);
      for (let k = this.typeStart[s]!; k < this.typeStart[s + 1]!; k++) out.push(this.node(this.typeOrder[k]!));
    }
    // Several ids can share a name (aliased grammar symbols): keep document order.
    if (this.builder.typeIds(type).length > 1) out.sort((a, b) => a.id - b.id);
    this.byType.set(type, out);
    return out;
  }

  /** The UTF-16 offset of a point (columns past the line's end clamp to it). */
  offset(point: Point): number {
    const start = this.lineStarts[point.row];
    if (start === undefined) return this.source.length;
    const next = this.lineStarts[point.row + 1];
    const end = next === undefined ? this.source.length : next - 1;
    return Math.min(start + point.column, end);
  }

  /** The text of a line, without its line break. */
  lineText(row: number): string {
    const start = this.lineStarts[row];
    if (start === undefined) return '';
    const next = this.lineStarts[row + 1];
    return this.source.slice(start, next === undefined ? this.source.length : next - 1).replace(/\r$/, '');
  }
}

/** The web-tree-sitter Node API subset the analysis uses, answered from the mirror. */
export class SyntaxNode {
  private childrenCache: SyntaxNode[] | undefined;
  private namedCache: SyntaxNode[] | undefined;
  private textCache: string | undefined;

  constructor(
    readonly tree: SyntaxTree,
    readonly id: number,
  ) {}

  get type(): string {
    return this.tree.builder.typeName(this.tree.types[this.id]!);
  }
  get isNamed(): boolean {
    return this.tree.builder.isNamedType(this.tree.types[this.id]!);
  }
  get isError(): boolean {
    return this.tree.types[this.id] === ERROR_TYPE;
  }
  get isMissing(): boolean {
    return this.tree.missing[this.id] === 1;
  }
  get hasError(): boolean {
    return this.tree.errorInside[this.id] === 1;
  }
  get startIndex(): number {
    return this.tree.starts[this.id]!;
  }
  get endIndex(): number {
    return this.tree.ends[this.id]!;
  }
  get startPosition(): Point {
    return this.tree.point(this.startIndex);
  }
  get endPosition(): Point {
    return this.tree.point(this.endIndex);
  }
  /** Cached: rules read the same names many times, and each slice of a short name is a copy. */
  get text(): string {
    return (this.textCache ??= this.tree.source.slice(this.startIndex, this.endIndex));
  }
  get parent(): SyntaxNode | null {
    const p = this.tree.parents[this.id]!;
    return p === NO_NODE ? null : this.tree.node(p);
  }
  get childCount(): number {
    return this.tree.childStart[this.id + 1]! - this.tree.childStart[this.id]!;
  }
  child(index: number): SyntaxNode | null {
    if (index < 0 || index >= this.childCount) return null;
    return this.tree.node(this.tree.childList[this.tree.childStart[this.id]! + index]!);
  }
  /**
   * The children, made once per node and frozen: unlike web-tree-sitter's fresh arrays these are
   * shared (copying them on every read was a large part of a lint's garbage), and a caller that
   * tried to mutate one would throw instead of corrupting the mirror.
   */
  get children(): SyntaxNode[] {
    if (!this.childrenCache) {
      const out: SyntaxNode[] = [];
      for (let k = this.tree.childStart[this.id]!; k < this.tree.childStart[this.id + 1]!; k++) out.push(this.tree.node(this.tree.childList[k]!));
      this.childrenCache = Object.freeze(out) as SyntaxNode[];
    }
    return this.childrenCache;
  }
  /** The named children: made once per node, frozen and shared (see `children`). */
  get namedChildren(): SyntaxNode[] {
    if (!this.namedCache) {
      const t = this.tree;
      const out: SyntaxNode[] = [];
      for (let k = t.childStart[this.id]!; k < t.childStart[this.id + 1]!; k++) {
        const c = t.childList[k]!;
        if (t.builder.isNamedType(t.types[c]!)) out.push(t.node(c));
      }
      this.namedCache = Object.freeze(out) as SyntaxNode[];
    }
    return this.namedCache;
  }
  get namedChildCount(): number {
    return this.namedChildren.length;
  }
  namedChild(index: number): SyntaxNode | null {
    return this.namedChildren[index] ?? null;
  }
  get firstChild(): SyntaxNode | null {
    return this.child(0);
  }
  get lastChild(): SyntaxNode | null {
    return this.child(this.childCount - 1);
  }
  private sibling(step: 1 | -1, named: boolean): SyntaxNode | null {
    const t = this.tree;
    const p = t.parents[this.id]!;
    if (p === NO_NODE) return null;
    // Children ids increase (preorder): binary search this node among its parent's children,
    // so a module's thousand statements are not scanned for each step.
    const first = t.childStart[p]!;
    const last = t.childStart[p + 1]!;
    let lo = first;
    let hi = last - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (t.childList[mid]! < this.id) lo = mid + 1;
      else hi = mid;
    }
    for (let k = lo + step; k >= first && k < last; k += step) {
      const c = t.childList[k]!;
      if (!named || t.builder.isNamedType(t.types[c]!)) return t.node(c);
    }
    return null;
  }
  get nextSibling(): SyntaxNode | null {
    return this.sibling(1, false);
  }
  get previousSibling(): SyntaxNode | null {
    return this.sibling(-1, false);
  }
  get nextNamedSibling(): SyntaxNode | null {
    return this.sibling(1, true);
  }
  get previousNamedSibling(): SyntaxNode | null {
    return this.sibling(-1, true);
  }
  childForFieldName(name: string): SyntaxNode | null {
    const field = this.tree.builder.fieldId(name);
    if (field === undefined) return null;
    for (let k = this.tree.childStart[this.id]!; k < this.tree.childStart[this.id + 1]!; k++) {
      const c = this.tree.childList[k]!;
      if (this.tree.fields[c] === field) return this.tree.node(c);
    }
    return null;
  }
  childrenForFieldName(name: string): SyntaxNode[] {
    const field = this.tree.builder.fieldId(name);
    const out: SyntaxNode[] = [];
    if (field === undefined) return out;
    const t = this.tree;
    for (let k = t.childStart[this.id]!; k < t.childStart[this.id + 1]!; k++) {
      const c = t.childList[k]!;
      if (t.fields[c] === field) out.push(t.node(c));
    }
    return out;
  }
  fieldNameForChild(index: number): string | null {
    const c = this.child(index);
    return c ? this.tree.builder.fieldName(this.tree.fields[c.id]!) : null;
  }
  /** This node and its descendants of the given type(s), in document order (self included, as web-tree-sitter does). */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const out: SyntaxNode[] = [];
    const end = this.tree.subtreeEnd[this.id]!;
    for (let i = this.id; i < end; i++) if (wanted.includes(this.tree.builder.typeName(this.tree.types[i]!))) out.push(this.tree.node(i));
    return out;
  }
  /** The smallest node that contains the point. */
  descendantForPosition(point: Point): SyntaxNode {
    const offset = this.tree.offset(point);
    const t = this.tree;
    let current = this.id;
    for (;;) {
      // Children are in order: binary search the last one starting at or before the offset
      // (a module has thousands), then step back over empty ones as the linear scan did.
      let lo = t.childStart[current]!;
      let hi = t.childStart[current + 1]!;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (t.starts[t.childList[mid]!]! <= offset) lo = mid + 1;
        else hi = mid;
      }
      let next = -1;
      for (let k = lo - 1; k >= t.childStart[current]!; k--) {
        const c = t.childList[k]!;
        if (offset < t.ends[c]!) {
          next = c;
          break;
        }
        // Siblings do not overlap: behind a non-empty child that ends before the offset, none
        // reaches it. Empty (missing) children are stepped over.
        if (t.starts[c]! < t.ends[c]!) break;
      }
      if (next < 0) return t.node(current);
      current = next;
    }
  }
  equals(other: SyntaxNode): boolean {
    return other.tree === this.tree && other.id === this.id;
  }
  toString(): string {
    const named = this.namedChildren.map((c) => c.toString());
    return named.length ? `(${this.type} ${named.join(' ')})` : `(${this.type})`;
  }
}
