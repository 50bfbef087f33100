import type { SyntaxNode } from '../../parse/parse-python.js';
import { AWAITER } from '../../plan/dynamic-awaits.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * An `await` the migration wrote in front of something that is not a call: a class or function
 * named as a value (`to_thread(await Client, ...)` where two conversions met on one call). Awaiting
 * it raises TypeError. Undo: drop the conversion that wrote it, else leave the module unchanged.
 */
export const awaitOperands: SelfCheckRule = {
  id: 'await-operands',
  doc: {
    what: 'an await the migration wrote in front of a name or attribute rather than a call',
    why: 'a class or function is not awaitable: TypeError when the line runs',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const { module, node, line } of output.writtenAwaits()) {
      if (awaitsACall(node) || inAwaiter(node)) continue;
      findings.push({
        rule: this.id, module: module.index.module, file: module.input.relativePath, line,
        message: `${module.input.relativePath}:${line} awaits \`${node.namedChildren[0]?.text.slice(0, 60)}\`, which is not a call`,
        undo: output.undoAwait(module, node),
      });
    }
    return findings;
  },
};

/** The helper's own `await value` (dynamic-awaits.ts) awaits whatever a call returned, when it can. */
function inAwaiter(node: SyntaxNode): boolean {
  let scope = node.parent;
  while (scope && scope.type !== 'function_definition') scope = scope.parent;
  return scope?.childForFieldName('name')?.text === AWAITER;
}

/** Whether the awaited expression is a call (inside any parentheses): the only thing the migration awaits. */
function awaitsACall(node: SyntaxNode): boolean {
  let operand = node.namedChildren[0];
  while (operand?.type === 'parenthesized_expression') operand = operand.namedChildren[0];
  return operand?.type === 'call';
}
