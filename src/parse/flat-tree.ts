/**
 * A parsed tree copied out of tree-sitter into typed arrays, read from JavaScript alone.
 *
 * Every property of a binding's node (`parent`, `type`, `childForFieldName`, ...) is a call into
 * native or WebAssembly code that makes a new node object: the analysis reads each file's tree many
 * times over, and on real code those calls cost several times the parse itself. One cursor pass
 * copies what the analysis reads (type, span, parent, field, extent of the subtree) in document
 * order; nodes are then views of an index into these arrays, made once each and only when asked for.
 * The binding's tree is dropped right after the copy, so its memory is freed early too.
 */

import { lineAt, lineStartsOf } from './line-starts.js';

/** What flattenTree reads of a binding's cursor: the native binding and web-tree-sitter both have it. */
export interface BindingCursor {
  readonly nodeTypeId: number;
  readonly nodeType: string;
  readonly nodeIsNamed: boolean;
  readonly nodeIsMissing: boolean;
  readonly currentFieldId: number;
  readonly currentFieldName: string | null;
  readonly startIndex: number;
  readonly endIndex: number;
  gotoFirstChild(): boolean;
  gotoNextSibling(): boolean;
  gotoParent(): boolean;
  delete?(): void;
}

export interface BindingTree {
  readonly rootNode: { readonly hasError: boolean };
  walk(): BindingCursor;
  /** WebAssembly memory is not garbage-collected: web-tree-sitter frees a tree only when told. */
  delete?(): void;
}

/**
 * Names of node types and fields in one grammar, learnt from the trees as they are copied: a type or
 * field is named the first time it is met, so no tree holds an id without a name. Types get ids of
 * their own, dense from 0 (the grammar's ERROR is 65535).
 */
export class GrammarNames {
  readonly types: string[] = [];
  readonly named: boolean[] = [];
  /**
   * Dense ids by the grammar's type ids (a symbol is 16 bits), -1 until met. Made by the first copy:
   * names that only read another thread's trees (one per tree received) never need its 256 KiB.
   */
  private typeIds: Int32Array | undefined;
  private readonly fieldNames: (string | undefined)[] = [];
  private readonly fieldIds = new Map<string, number>();

  /** The dense id of the cursor's node type. */
  typeAt(cursor: BindingCursor): number {
    const grammarId = cursor.nodeTypeId;
    const typeIds = (this.typeIds ??= new Int32Array(1 << 16).fill(-1));
    let id = typeIds[grammarId];
    if (id < 0) {
      id = this.types.length;
      typeIds[grammarId] = id;
      this.types.push(cursor.nodeType);
      this.named.push(cursor.nodeIsNamed);
    }
    return id;
  }

  /** The field id of the cursor's node (0: none). */
  fieldAt(cursor: BindingCursor): number {
    const id = cursor.currentFieldId;
    if (id !== 0 && this.fieldNames[id] === undefined) {
      const name = cursor.currentFieldName ?? '';
      this.fieldNames[id] = name;
      this.fieldIds.set(name, id);
    }
    return id;
  }

  /** The field's id, or 0 when no tree copied so far had it (then no node of these trees has it either). */
  fieldId(name: string): number {
    return this.fieldIds.get(name) ?? 0;
  }

  /** Which type ids have one of these names. */
  typesNamed(names: readonly string[]): boolean[] {
    return this.types.map((type) => names.includes(type));
  }

  /** The names as plain data, to read trees copied in another thread (GrammarNames.read). */
  snapshot(): GrammarSnapshot {
    return { types: [...this.types], named: [...this.named], fields: [...this.fieldNames] };
  }

  /** Names to read the trees another thread copied with the names of `snapshot` (it learns no more). */
  static read(snapshot: GrammarSnapshot): GrammarNames {
    const names = new GrammarNames();
    names.types.push(...snapshot.types);
    names.named.push(...snapshot.named);
    snapshot.fields.forEach((name, id) => {
      if (name === undefined || name === null) return;
      names.fieldNames[id] = name;
      names.fieldIds.set(name, id);
    });
    return names;
  }
}

export interface GrammarSnapshot {
  types: string[];
  named: boolean[];
  /** By field id; holes where no tree had the field. */
  fields: (string | undefined)[];
}

/** A copied tree as plain data (typed arrays and names): it crosses between threads without being parsed again. */
export interface TreeData {
  arrays: TreeArrays;
  grammar: GrammarSnapshot;
}

export function treeData(tree: Tree): TreeData {
  return { arrays: tree.arrays, grammar: tree.names.snapshot() };
}

/** The tree of `text` that `data` describes. */
export function treeFromData(text: string, data: TreeData): Tree {
  return new Tree(text, GrammarNames.read(data.grammar), data.arrays);
}

export interface Point {
  row: number;
}

/** Copies a binding's tree of `text` (parsed as UTF-16: indices are code units), then frees the binding's. */
export function flattenTree(tree: BindingTree, text: string, names: GrammarNames): Tree {
  const hasError = tree.rootNode.hasError;
  const cursor = tree.walk();
  let capacity = Math.max(64, text.length >> 2);
  let types = new Uint16Array(capacity);
  let starts = new Uint32Array(capacity);
  let ends = new Uint32Array(capacity);
  let parents = new Int32Array(capacity);
  let subtreeEnds = new Uint32Array(capacity);
  let fields = new Uint8Array(capacity); // Python's grammar has 32 fields
  let missing = hasError ? new Uint8Array(capacity) : undefined;
  const open: number[] = [];
  let count = 0;
  walk: for (;;) {
    if (count === capacity) {
      capacity *= 2;
      types = grown(types, new Uint16Array(capacity));
      starts = grown(starts, new Uint32Array(capacity));
      ends = grown(ends, new Uint32Array(capacity));
      parents = grown(parents, new Int32Array(capacity));
      subtreeEnds = grown(subtreeEnds, new Uint32Array(capacity));
      fields = grown(fields, new Uint8Array(capacity));
      if (missing) missing = grown(missing, new Uint8Array(capacity));
    }
    types[count] = names.typeAt(cursor);
    starts[count] = cursor.startIndex;
    ends[count] = cursor.endIndex;
    parents[count] = open.length > 0 ? open[open.length - 1] : -1;
    fields[count] = names.fieldAt(cursor);
    if (missing && cursor.nodeIsMissing) missing[count] = 1;
    if (cursor.gotoFirstChild()) {
      open.push(count++);
      continue;
    }
    subtreeEnds[count] = ++count;
    while (!cursor.gotoNextSibling()) {
      if (open.length === 0) break walk;
      cursor.gotoParent();
      subtreeEnds[open.pop()!] = count;
    }
  }
  // The WebAssembly binding frees a cursor and a tree only when told; the native one has no such call.
  cursor.delete?.();
  tree.delete?.();
  // Trimmed: the self-check keeps the trees of migrated modules.
  return new Tree(text, names, {
    types: types.slice(0, count), starts: starts.slice(0, count), ends: ends.slice(0, count), parents: parents.slice(0, count),
    subtreeEnds: subtreeEnds.slice(0, count), fields: fields.slice(0, count), missing: missing?.slice(0, count), count, hasError,
  });
}

function grown<T extends Uint8Array | Uint16Array | Uint32Array | Int32Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export interface TreeArrays {
  types: Uint16Array;
  starts: Uint32Array;
  ends: Uint32Array;
  /** -1 for the root. */
  parents: Int32Array;
  /** One past the last node of each node's subtree: children follow their parent in document order. */
  subtreeEnds: Uint32Array;
  fields: Uint8Array;
  /** Nodes the parser inserted to recover from an error (only when the tree has one). */
  missing?: Uint8Array;
  count: number;
  hasError: boolean;
}

export class Tree {
  private readonly nodes: SyntaxNode[];
  private lineStarts?: number[];

  constructor(readonly text: string, readonly names: GrammarNames, readonly arrays: TreeArrays) {
    this.nodes = new Array<SyntaxNode>(arrays.count);
  }

  get rootNode(): SyntaxNode {
    return this.node(0);
  }

  walk(): TreeCursor {
    return new TreeCursor(this, 0);
  }

  /** The node object of a position in the arrays: one per position, made when first asked for. */
  node(index: number): SyntaxNode {
    return this.nodes[index] ??= new SyntaxNode(this, index);
  }

  nodeOrNull(index: number): SyntaxNode | null {
    return index < 0 ? null : this.node(index);
  }

  typeOf(index: number): string {
    return this.names.types[this.arrays.types[index]];
  }

  isNamed(index: number): boolean {
    return this.names.named[this.arrays.types[index]];
  }

  /** The position of the node's first child, or -1. */
  firstChild(index: number): number {
    return index + 1 < this.arrays.subtreeEnds[index] ? index + 1 : -1;
  }

  /** The position of the node's previous sibling, or -1: up from the node just before it (the last of that sibling's subtree). */
  previousSibling(index: number): number {
    const parent = this.arrays.parents[index];
    if (parent < 0 || index - 1 === parent) return -1;
    let sibling = index - 1;
    while (this.arrays.parents[sibling] !== parent) sibling = this.arrays.parents[sibling];
    return sibling;
  }

  /** The position of the node's next sibling, or -1 (the root has none). */
  nextSibling(index: number): number {
    const parent = this.arrays.parents[index];
    if (parent < 0) return -1;
    const next = this.arrays.subtreeEnds[index];
    return next < this.arrays.subtreeEnds[parent] ? next : -1;
  }

  rowOf(index: number): number {
    return lineAt(this.lineStarts ??= lineStartsOf(this.text), index);
  }
}

export class SyntaxNode {
  constructor(readonly tree: Tree, private readonly index: number) {}

  get type(): string {
    return this.tree.typeOf(this.index);
  }

  get isNamed(): boolean {
    return this.tree.isNamed(this.index);
  }

  get startIndex(): number {
    return this.tree.arrays.starts[this.index];
  }

  get endIndex(): number {
    return this.tree.arrays.ends[this.index];
  }

  get text(): string {
    return this.tree.text.slice(this.startIndex, this.endIndex);
  }

  get startPosition(): Point {
    return { row: this.tree.rowOf(this.startIndex) };
  }

  get endPosition(): Point {
    return { row: this.tree.rowOf(this.endIndex) };
  }

  get isMissing(): boolean {
    return this.tree.arrays.missing?.[this.index] === 1;
  }

  /** Whether this node is or holds a syntax error or a node the parser inserted to recover. */
  get hasError(): boolean {
    const { arrays } = this.tree;
    if (!arrays.hasError) return false;
    const end = arrays.subtreeEnds[this.index];
    for (let at = this.index; at < end; at++) if (arrays.missing![at] === 1 || this.tree.typeOf(at) === 'ERROR') return true;
    return false;
  }

  get parent(): SyntaxNode | null {
    return this.tree.nodeOrNull(this.tree.arrays.parents[this.index]);
  }

  get children(): SyntaxNode[] {
    const children: SyntaxNode[] = [];
    for (let child = this.tree.firstChild(this.index); child >= 0; child = this.tree.nextSibling(child)) children.push(this.tree.node(child));
    return children;
  }

  get namedChildren(): SyntaxNode[] {
    const children: SyntaxNode[] = [];
    for (let child = this.tree.firstChild(this.index); child >= 0; child = this.tree.nextSibling(child)) {
      if (this.tree.isNamed(child)) children.push(this.tree.node(child));
    }
    return children;
  }

  get namedChildCount(): number {
    let count = 0;
    for (let child = this.tree.firstChild(this.index); child >= 0; child = this.tree.nextSibling(child)) if (this.tree.isNamed(child)) count++;
    return count;
  }

  get firstNamedChild(): SyntaxNode | null {
    for (let child = this.tree.firstChild(this.index); child >= 0; child = this.tree.nextSibling(child)) {
      if (this.tree.isNamed(child)) return this.tree.node(child);
    }
    return null;
  }

  get lastNamedChild(): SyntaxNode | null {
    let last = -1;
    for (let child = this.tree.firstChild(this.index); child >= 0; child = this.tree.nextSibling(child)) if (this.tree.isNamed(child)) last = child;
    return this.tree.nodeOrNull(last);
  }

  get previousSibling(): SyntaxNode | null {
    return this.tree.nodeOrNull(this.tree.previousSibling(this.index));
  }

  get nextNamedSibling(): SyntaxNode | null {
    for (let sibling = this.tree.nextSibling(this.index); sibling >= 0; sibling = this.tree.nextSibling(sibling)) {
      if (this.tree.isNamed(sibling)) return this.tree.node(sibling);
    }
    return null;
  }

  get previousNamedSibling(): SyntaxNode | null {
    const parent = this.tree.arrays.parents[this.index];
    if (parent < 0) return null;
    let previous = -1;
    for (let sibling = this.tree.firstChild(parent); sibling !== this.index; sibling = this.tree.nextSibling(sibling)) {
      if (this.tree.isNamed(sibling)) previous = sibling;
    }
    return this.tree.nodeOrNull(previous);
  }

  childForFieldName(name: string): SyntaxNode | null {
    const field = this.tree.names.fieldId(name);
    if (field === 0) return null;
    for (let child = this.tree.firstChild(this.index); child >= 0; child = this.tree.nextSibling(child)) {
      if (this.tree.arrays.fields[child] === field) return this.tree.node(child);
    }
    return null;
  }

  childrenForFieldName(name: string): SyntaxNode[] {
    const field = this.tree.names.fieldId(name);
    const children: SyntaxNode[] = [];
    if (field === 0) return children;
    for (let child = this.tree.firstChild(this.index); child >= 0; child = this.tree.nextSibling(child)) {
      if (this.tree.arrays.fields[child] === field) children.push(this.tree.node(child));
    }
    return children;
  }

  /** This node and every node inside it whose type is one of `types`, in document order. */
  descendantsOfType(types: string | readonly string[]): SyntaxNode[] {
    const wanted = typeof types === 'string' ? [types] : types;
    const { names, arrays } = this.tree;
    const matches = names.typesNamed(wanted);
    const found: SyntaxNode[] = [];
    const end = arrays.subtreeEnds[this.index];
    for (let at = this.index; at < end; at++) if (matches[arrays.types[at]]) found.push(this.tree.node(at));
    return found;
  }

  /** The smallest node here that spans `start`..`end`, walked down as tree-sitter's `ts_node_descendant_for_byte_range`. */
  descendantForIndex(start: number, end = start): SyntaxNode {
    const { arrays } = this.tree;
    let node = this.index;
    for (let descended = true; descended;) {
      descended = false;
      for (let child = this.tree.firstChild(node); child >= 0; child = this.tree.nextSibling(child)) {
        const childEnd = arrays.ends[child];
        if (childEnd < end) continue;
        const empty = arrays.starts[child] === childEnd;
        if (empty ? childEnd < start : childEnd <= start) continue;
        if (start < arrays.starts[child]) break;
        node = child;
        descended = true;
        break;
      }
    }
    return this.tree.node(node);
  }

  walk(): TreeCursor {
    return new TreeCursor(this.tree, this.index);
  }
}

/** A cursor over one node's subtree: it never leaves the node it was made from. */
export class TreeCursor {
  constructor(private readonly tree: Tree, private readonly root: number, private current = root) {}

  get nodeType(): string {
    return this.tree.typeOf(this.current);
  }

  get nodeIsNamed(): boolean {
    return this.tree.isNamed(this.current);
  }

  get startIndex(): number {
    return this.tree.arrays.starts[this.current];
  }

  get endIndex(): number {
    return this.tree.arrays.ends[this.current];
  }

  get currentNode(): SyntaxNode {
    return this.tree.node(this.current);
  }

  gotoFirstChild(): boolean {
    const child = this.tree.firstChild(this.current);
    if (child < 0) return false;
    this.current = child;
    return true;
  }

  gotoNextSibling(): boolean {
    if (this.current === this.root) return false;
    const sibling = this.tree.nextSibling(this.current);
    if (sibling < 0) return false;
    this.current = sibling;
    return true;
  }

  gotoParent(): boolean {
    if (this.current === this.root) return false;
    this.current = this.tree.arrays.parents[this.current];
    return true;
  }
}
