import type { SyntaxNode } from './parse-python.js';

const ENCLOSING_TYPES = ['function_definition', 'lambda', 'class_definition'];

/**
 * The functions, lambdas and classes of one tree by their spans, to tell what encloses a node without
 * walking up its parents: the analysis asks for the enclosing function of nearly every name it reads.
 */
export class EnclosingNodes {
  /** In document order: an enclosing node comes before everything inside it. */
  private readonly nodes: SyntaxNode[];
  private readonly starts: number[];
  private readonly ends: number[];
  /** The position of the entry directly around each entry, -1 at the top. */
  private readonly outer: number[];

  constructor(root: SyntaxNode) {
    this.nodes = root.descendantsOfType(ENCLOSING_TYPES);
    this.starts = this.nodes.map((node) => node.startIndex);
    this.ends = this.nodes.map((node) => node.endIndex);
    this.outer = [];
    const open: number[] = [];
    for (let entry = 0; entry < this.nodes.length; entry++) {
      while (open.length > 0 && this.ends[open.at(-1)!] < this.ends[entry]) open.pop();
      this.outer.push(open.at(-1) ?? -1);
      open.push(entry);
    }
  }

  /**
   * The innermost function, lambda or class around `node` (never `node` itself), like the first of
   * these types met walking up from `node.parent`.
   */
  innermost(node: SyntaxNode): SyntaxNode | undefined {
    const entry = this.around(node);
    return entry < 0 ? undefined : this.nodes[entry];
  }

  /** The function definitions around `node`, outermost first. */
  functionsAround(node: SyntaxNode): SyntaxNode[] {
    const chain: SyntaxNode[] = [];
    for (let entry = this.around(node); entry >= 0; entry = this.outer[entry]) {
      if (this.nodes[entry].type === 'function_definition') chain.push(this.nodes[entry]);
    }
    return chain.reverse();
  }

  /** The innermost function definition around `node`. */
  functionAround(node: SyntaxNode): SyntaxNode | undefined {
    for (let entry = this.around(node); entry >= 0; entry = this.outer[entry]) {
      if (this.nodes[entry].type === 'function_definition') return this.nodes[entry];
    }
    return undefined;
  }

  private around(node: SyntaxNode): number {
    const start = node.startIndex;
    const end = node.endIndex;
    // The last entry starting at or before `node`: what encloses `node` is it or one around it.
    let low = 0;
    let high = this.starts.length - 1;
    let entry = -1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      if (this.starts[middle] <= start) {
        entry = middle;
        low = middle + 1;
      } else high = middle - 1;
    }
    for (; entry >= 0; entry = this.outer[entry]) {
      // A node spanning exactly what an entry spans is the entry or a node around it (the block of a
      // class whose body is one method): nothing inside a function, lambda or class spans all of it.
      const sameSpan = this.starts[entry] === start && this.ends[entry] === end;
      if (!sameSpan && end <= this.ends[entry]) return entry;
    }
    return -1;
  }
}

/** The innermost `def` around a node, or undefined when a lambda or class body comes first. */
export function enclosingFunction(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current; current = current.parent) {
    if (current.type === 'function_definition') return current;
    if (current.type === 'lambda' || current.type === 'class_definition') return undefined;
  }
  return undefined;
}
