import type { FunctionInfo, NameRef } from '../../analyze/model.js';
import type { SyntaxNode } from '../../parse/parse-python.js';
import type { OutputModule, OutputProject } from '../output-project.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * An `except` the migration rewrote that cannot work: a tuple nested in the except tuple (Python
 * raises TypeError when an exception reaches it), or httpx exceptions caught around a `try` body
 * whose HTTP calls still go through requests (the handler no longer catches what the body raises).
 * Undo: the function holding it stays sync, on the library it was written for.
 */
export const exceptClauses: SelfCheckRule = {
  id: 'except-clauses',
  doc: {
    what: 'a rewritten except clause with a nested tuple, or naming another HTTP library than its try body calls',
    why: 'a nested tuple raises TypeError when an exception reaches it; an exception of the other library is not caught',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const module of output.modules) {
      if (!module.source || !/\bexcept\b/.test(module.source.text)) continue;
      for (const clause of output.treeOf(module)!.rootNode.descendantsOfType('except_clause')) {
        const caught = caughtExpression(clause);
        if (!caught || !output.written(module, caught.startIndex) && !writtenInside(output, module, caught)) continue;
        const line = clause.startPosition.row + 1;
        const nested = nestedTuple(caught);
        const problem = nested ? `the except clause at ${module.input.relativePath}:${line} nests a tuple in its tuple`
          : httpFamilyMismatch(output, module, clause, caught);
        if (!problem) continue;
        const site = output.siteAt(module, (nested ?? caught).startIndex);
        const scope = enclosingFunction(module, clause.startIndex);
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line,
          message: problem,
          // The function keeps its try body and handlers together, on the library they were written for.
          undo: [...(scope ? [{ kind: 'pin' as const, fn: scope.id }] : []), ...(site ? [{ kind: 'drop' as const, site }] : []), { kind: 'freeze', module: module.index.module }],
        });
      }
    }
    return findings;
  },
};

function caughtExpression(clause: SyntaxNode): SyntaxNode | undefined {
  const value = clause.namedChildren.find((child) => child.type !== 'block' && child.type !== 'comment');
  if (!value) return undefined;
  return value.type === 'as_pattern' ? value.namedChildren[0] : value;
}

function tupleElements(node: SyntaxNode): SyntaxNode[] | undefined {
  let inner = node;
  while (inner.type === 'parenthesized_expression' && inner.namedChildren.length === 1) inner = inner.namedChildren[0];
  return inner.type === 'tuple' || inner.type === 'expression_list' ? inner.namedChildren : undefined;
}

function nestedTuple(caught: SyntaxNode): SyntaxNode | undefined {
  return tupleElements(caught)?.find((element) => tupleElements(element) !== undefined);
}

function writtenInside(output: OutputProject, module: OutputModule, node: SyntaxNode): boolean {
  for (let offset = node.startIndex; offset < node.endIndex; offset += 4) if (output.written(module, offset)) return true;
  return false;
}

/** httpx exceptions caught around calls that all go through requests (or the reverse). */
function httpFamilyMismatch(output: OutputProject, module: OutputModule, clause: SyntaxNode, caught: SyntaxNode): string | undefined {
  const tryStatement = clause.parent;
  const body = tryStatement?.childForFieldName('body');
  if (!body) return undefined;
  const scope = enclosingFunction(module, clause.startIndex);
  const names = (tupleElements(caught) ?? [caught]).map((element) => qualified(output, module, element, scope));
  const caughtFamilies = new Set(names.map(family).filter(Boolean));
  if (caughtFamilies.size !== 1) return undefined;
  const callFamilies = new Set<string | undefined>();
  for (const call of module.index.calls) {
    if (call.span.start < body.startIndex || call.span.end > body.endIndex || !call.callee) continue;
    const target = output.targetOf(module, call);
    if (target.kind === 'function' || target.kind === 'class') return undefined; // project code may raise either
    if (target.kind === 'external') callFamilies.add(family(target.name));
  }
  const [caughtFamily] = caughtFamilies;
  if (callFamilies.has(caughtFamily) || !callFamilies.has(caughtFamily === 'httpx' ? 'requests' : 'httpx')) return undefined;
  return `the except clause at ${module.input.relativePath}:${clause.startPosition.row + 1} catches ${caughtFamily} exceptions, but its try body calls ${caughtFamily === 'httpx' ? 'requests' : 'httpx'}`;
}

function family(name: string | undefined): string | undefined {
  return name?.startsWith('httpx.') ? 'httpx' : name?.startsWith('requests.') ? 'requests' : undefined;
}

function qualified(output: OutputProject, module: OutputModule, node: SyntaxNode, scope: FunctionInfo | undefined): string | undefined {
  const ref = nameRef(node);
  if (!ref) return undefined;
  const target = output.symbols.resolve(ref, module.index, scope?.id ?? null);
  return target.kind === 'external' ? target.name : undefined;
}

function nameRef(node: SyntaxNode): NameRef | undefined {
  const path: string[] = [];
  let current = node;
  while (current.type === 'attribute') {
    const attribute = current.childForFieldName('attribute');
    const object = current.childForFieldName('object');
    if (!attribute || !object) return undefined;
    path.unshift(attribute.text);
    current = object;
  }
  return current.type === 'identifier' ? { root: { kind: 'global', name: current.text }, path } : undefined;
}

function enclosingFunction(module: OutputModule, offset: number): FunctionInfo | undefined {
  let found: FunctionInfo | undefined;
  for (const fn of module.index.functions) {
    if (fn.span.start <= offset && offset < fn.span.end && (!found || fn.span.start >= found.span.start)) found = fn;
  }
  return found;
}
