import type { CallSite, FunctionInfo, Parameter } from './model.js';
import { blankCommentsAndLongStrings } from './prefilter.js';
import { escapeRegExp } from './syntax-facts.js';

/**
 * Parameters a function only calls: `def each_event(self, callback): ... callback(event)`. A
 * project function handed to such a parameter is called by this function, nowhere else, so the
 * function can await it (plan/callback-links.ts). Read off the text: every mention of the name in
 * the function, from its parameter list to its end, must be a call the function makes itself, or a
 * test that does not keep the value (`if callback:`, `callback is None`, `callable(callback)`).
 * Comments and docstrings do not count; any other mention (in a nested function, a short string)
 * does, and the parameter is then not a callback parameter, which only keeps code sync. Neither is
 * an annotated parameter, unless its annotation is a `Callable[[...], R]` whose `R` can be widened.
 */
export function readCallbackParameters(text: string, functions: readonly FunctionInfo[], calls: readonly CallSite[]): void {
  const calleeStarts = new Map<string, Set<number>>();
  for (const call of calls) {
    const root = call.callee?.root;
    if (!call.scope || call.operand || root?.kind !== 'local-var' || call.callee!.path.length > 0) continue;
    const key = `${call.scope}|${root.name}`;
    (calleeStarts.get(key) ?? calleeStarts.set(key, new Set()).get(key)!).add(call.calleeSpan.start);
  }
  if (calleeStarts.size === 0) return;
  for (const fn of functions) {
    const names = fn.parameters.filter((parameter) => (parameter.kind === 'positional' || parameter.kind === 'keyword-only') && !parameter.rebound
      && calleeStarts.has(`${fn.id}|${parameter.name}`) && retypable(parameter)).map((parameter) => parameter.name);
    if (names.length === 0) continue;
    const body = blankCommentsAndLongStrings(text.slice(fn.parametersEnd, fn.span.end));
    const callbacks = names.filter((name) => onlyCalled(body, fn.parametersEnd, name, calleeStarts.get(`${fn.id}|${name}`)!));
    if (callbacks.length > 0) fn.callbackParameters = callbacks;
  }
}

/**
 * Unannotated, or `Callable[[...], R]` from typing (or bare): its `R` can say that a callback may
 * now return an awaitable. Another annotation would make an async callback a type error.
 */
function retypable(parameter: Parameter): boolean {
  const callable = parameter.callableResult;
  return !parameter.annotated || (!!callable && (callable.bare || callable.module === 'typing'));
}

/**
 * Reads that neither keep the value nor hand it on: `p is None` / `p is not None`, `not p`,
 * `callable(p)`, and a condition that ends at the name or goes on with `and` / `or`
 * (`if p:`, `while p and ...:`, `if x or p:`).
 */
function onlyTested(before: string, after: string): boolean {
  return /^\s+is\s+(?:not\s+)?None\b/.test(after) || /\bnot\s+$/.test(before)
    || (/\bcallable\(\s*$/.test(before) && /^\s*\)/.test(after))
    || (/\b(?:if|elif|while)\s+$/.test(before) && /^(?:\s*:|\s+(?:and|or)\b)/.test(after))
    || (/\b(?:and|or)\s+$/.test(before) && /^\s*:/.test(after));
}

/** `body`: the function's text from its parameter list on (comments and docstrings blanked), which starts at `offset`. */
function onlyCalled(body: string, offset: number, name: string, calleeStarts: ReadonlySet<number>): boolean {
  const mention = new RegExp(`(?<![\\w.])${escapeRegExp(name)}(?!\\w)`, 'g');
  let calledOnce = false;
  for (let match = mention.exec(body); match; match = mention.exec(body)) {
    if (calleeStarts.has(offset + match.index)) {
      calledOnce = true;
      continue;
    }
    const before = body.slice(Math.max(0, match.index - 12), match.index);
    const after = body.slice(match.index + name.length, match.index + name.length + 12);
    if (onlyTested(before, after)) continue;
    return false;
  }
  return calledOnce;
}
