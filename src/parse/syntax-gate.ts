import type { SyntaxNode, Tree } from './parse-python.js';
import { findNestingBeyondPython } from './python-limits.js';
import { HOLDS_STATEMENTS } from './statement-holders.js';
import type { SourceText } from './source-text.js';

export interface SyntaxProblem {
  index: number;
  message: string;
}

interface FunctionFrame {
  isAsync: boolean;
  isLambda: boolean;
  hasYield: boolean;
  returnWithValue?: number;
  /** Node depth of the function, to know when the walk leaves it. */
  depth: number;
}

/**
 * Why this file must not be edited, or undefined. tree-sitter recovers from errors and accepts some
 * code that Python rejects or reads differently, so both kinds are looked for: parse errors, nesting
 * beyond the limits of Python's tokenizer, Python 2 statements, indentation that mixes tabs and spaces or leaves a block empty, and the compile errors a
 * migration could introduce (`await`, `async for`, `async with` outside `async def`; `yield from`
 * inside one; `return value` in an async generator). One cursor walk.
 */
export function findSyntaxProblem(tree: Tree, source: SourceText): SyntaxProblem | undefined {
  const root = tree.rootNode;
  if (root.hasError) return { index: firstErrorNode(root)?.startIndex ?? 0, message: 'cannot parse' };
  const text = source.text;
  const tooDeep = findNestingBeyondPython(text);
  if (tooDeep) return tooDeep;
  // Without `async` or `await` in the text only statements can be at fault: expressions are not walked.
  const expressionsMatter = text.includes('async') || text.includes('await');
  const cursor = tree.walk();
  const functions: FunctionFrame[] = [];
  const parents: string[] = [];
  let indentStyle: 'tab' | 'space' | undefined;
  let pendingAsync = false;
  // Reported last: tree-sitter reads a mis-indented line as an empty block, and "mixed tabs and
  // spaces" is the better diagnosis when both show up.
  let emptyBlock: number | undefined;

  const leave = (depth: number): SyntaxProblem | undefined => {
    while (functions.length > 0 && functions.at(-1)!.depth >= depth) {
      const frame = functions.pop()!;
      if (frame.isAsync && frame.hasYield && frame.returnWithValue !== undefined) {
        return { index: frame.returnWithValue, message: "'return' with value in async generator" };
      }
    }
    return undefined;
  };

  for (;;) {
    const type = cursor.nodeType;
    const depth = parents.length;
    const parent = parents.at(-1);
    const owner = functions.at(-1);
    if (type === 'async') pendingAsync = true;
    if (type === 'print_statement' || type === 'exec_statement') return { index: cursor.startIndex, message: 'Python 2 syntax' };
    if (parent === 'block' && cursor.nodeIsNamed && type !== 'comment') {
      const start = cursor.startIndex;
      const indent = text.slice(text.lastIndexOf('\n', start - 1) + 1, start);
      if (/^[ \t]+$/.test(indent)) {
        const style = indent.includes('\t') ? (indent.includes(' ') ? 'mixed' : 'tab') : 'space';
        if (style === 'mixed' || (indentStyle && style !== indentStyle)) return { index: start, message: 'mixed tabs and spaces in indentation' };
        indentStyle = style;
      }
    }
    switch (type) {
      case 'block':
        if (emptyBlock === undefined && cursor.currentNode.namedChildCount === 0) emptyBlock = cursor.startIndex;
        break;
      case 'function_definition':
      case 'lambda':
        functions.push({ isAsync: false, isLambda: type === 'lambda', hasYield: false, depth });
        break;
      case 'await':
        if (!owner?.isAsync || owner.isLambda) return { index: cursor.startIndex, message: "'await' outside async function" };
        // Python wants a primary after `await` (`await (await x)`); tree-sitter nests a bare `await await x`.
        if (parent === 'await' && cursor.nodeIsNamed) return { index: cursor.startIndex, message: "'await' right after 'await'" };
        break;
      case 'yield':
        if (owner) owner.hasYield = true;
        break;
      case 'from':
        if (parent === 'yield' && owner?.isAsync) return { index: cursor.startIndex, message: "'yield from' inside async function" };
        break;
      case 'return_statement':
        if (owner && cursor.currentNode.namedChildCount > 0 && owner.returnWithValue === undefined) owner.returnWithValue = cursor.startIndex;
        break;
      case 'def':
        // `async def`: the `async` token comes right before `def` inside the function_definition.
        if (owner && parent === 'function_definition' && pendingAsync) owner.isAsync = true;
        break;
      case 'for':
      case 'with':
        if (pendingAsync && (parent === 'for_statement' || parent === 'with_statement') && (!owner?.isAsync || owner.isLambda)) {
          return { index: cursor.startIndex, message: `'async ${type}' outside async function` };
        }
        break;
    }
    if (type !== 'async') pendingAsync = false;

    if ((expressionsMatter || HOLDS_STATEMENTS.has(type)) && cursor.gotoFirstChild()) {
      parents.push(type);
      continue;
    }
    // Frames end when the walk leaves their function: a function at depth d is over once the walk is
    // back at depth d or above on another node.
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) {
        return leave(0) ?? (emptyBlock === undefined ? undefined : { index: emptyBlock, message: 'expected an indented block' });
      }
      parents.pop();
      const problem = leave(parents.length + 1);
      if (problem) return problem;
    }
    const problem = leave(parents.length);
    if (problem) return problem;
  }
}

/** The first ERROR or MISSING node in source order, found without recursion. */
function firstErrorNode(root: SyntaxNode): SyntaxNode | undefined {
  let node = root;
  for (;;) {
    if (node.type === 'ERROR' || node.isMissing) return node;
    const next = node.children.find((child) => child.hasError || child.isMissing || child.type === 'ERROR');
    if (!next) return node.hasError ? node : undefined;
    node = next;
  }
}
