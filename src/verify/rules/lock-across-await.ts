import type { SyntaxNode } from '../../parse/parse-python.js';
import type { OutputModule, OutputProject } from '../output-project.js';
import type { Finding, SelfCheckRule } from '../self-check.js';
import { enclosingFunction } from '../../parse/enclosing-nodes.js';

/**
 * An `await` the migration wrote inside a plain `with` that holds a thread lock (`with self.lock:`,
 * `with threading.RLock():`), or between a lock's `acquire()` and its `release()`. The event loop's
 * thread keeps the lock while the task waits: a bridged function that takes the same lock in its
 * worker thread never gets it (buku's `add_rec` under `with self.lock:`), and neither does any other
 * task. Undo: drop the conversion and keep the
 * function sync, else leave the module unchanged.
 */
export const lockAcrossAwait: SelfCheckRule = {
  id: 'lock-across-await',
  doc: {
    what: 'an await the migration wrote while a plain with statement holds a thread lock',
    why: 'the lock stays held while the task waits: a worker thread or another task that takes it deadlocks',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const { module, node, line } of output.writtenAwaits()) {
      const lock = heldLock(node, (expression) => entersALock(expression, module, output))
        ?? acquiredAround(node, (call) => acquiresALock(call, module, output));
      if (!lock) continue;
      findings.push({
        rule: this.id, module: module.index.module, file: module.input.relativePath, line,
        message: `${module.input.relativePath}:${line} awaits while \`${lock}\` holds a thread lock`,
        undo: output.undoAwait(module, node),
      });
    }
    return findings;
  },
};

const THREAD_LOCK = /(^|[._])(r?lock|mutex|semaphore|condition)s?$|^threading\.(R?Lock|Condition|(Bounded)?Semaphore)\(\)$/i;

const THREAD_LOCK_CLASS = /^(threading\.(R?Lock|Condition|(Bounded)?Semaphore)|multiprocessing\.(R?Lock|Condition|(Bounded)?Semaphore)|_thread\.(allocate_lock|LockType|RLock))$/;

/** `with lock:`, for a thread lock that a plain `with` around `node` (in the same function) holds. */
function heldLock(node: SyntaxNode, entersALock: (expression: SyntaxNode) => boolean): string | undefined {
  for (let parent = node.parent; parent; parent = parent.parent) {
    if (parent.type === 'function_definition' || parent.type === 'lambda' || parent.type === 'class_definition') return undefined;
    if (parent.type !== 'with_statement' || parent.text.startsWith('async')) continue;
    const body = parent.childForFieldName('body');
    if (!body || node.startIndex < body.startIndex) continue;
    const items = parent.namedChildren.find((child) => child.type === 'with_clause')?.namedChildren ?? [];
    for (const item of items.filter((child) => child.type === 'with_item')) {
      const value = item.childForFieldName('value');
      const expression = value?.type === 'as_pattern' ? value.namedChildren[0] : value;
      if (expression && (THREAD_LOCK.test(expression.text) || entersALock(expression))) return `with ${expression.text}:`;
    }
  }
  return undefined;
}

/**
 * `self._lock.acquire()` before the await and `self._lock.release()` after it, in the same function
 * (the `try: ... finally: release()` way of writing `with self._lock:`): the lock is held across it.
 */
function acquiredAround(node: SyntaxNode, acquiresALock: (call: SyntaxNode) => boolean): string | undefined {
  const fn = enclosingFunction(node);
  if (!fn) return undefined;
  const acquired = new Map<string, SyntaxNode>();
  const released = new Set<string>();
  for (const call of fn.descendantsOfType('call')) {
    const callee = call.childForFieldName('function');
    const object = callee?.type === 'attribute' ? callee.childForFieldName('object') : null;
    const method = callee?.childForFieldName('attribute')?.text;
    // `await lock.acquire()` takes an asyncio lock, which waits without holding the thread.
    if (!object || call.parent?.type === 'await' || enclosingFunction(call)?.startIndex !== fn.startIndex) continue;
    if (method === 'acquire' && call.endIndex <= node.startIndex) acquired.set(object.text, call);
    if (method === 'release' && call.startIndex >= node.endIndex) released.add(object.text);
  }
  for (const [lock, call] of acquired) if (released.has(lock) && acquiresALock(call)) return `${lock}.acquire()`;
  return undefined;
}


/** `x.acquire()` where `x` is named as a lock is, or holds a `threading.Lock()` (or a semaphore, a condition). */
function acquiresALock(call: SyntaxNode, module: OutputModule, output: OutputProject): boolean {
  const object = call.childForFieldName('function')!.childForFieldName('object')!;
  if (THREAD_LOCK.test(object.text)) return true;
  const site = module.index.calls.find((candidate) => candidate.span.start === call.startIndex && candidate.span.end === call.endIndex);
  if (!site?.callee || site.callee.path.length === 0) return false;
  const target = output.symbols.resolve({ root: site.callee.root, path: site.callee.path.slice(0, -1) }, module.index, site.scope);
  return target.kind === 'external-instance' && THREAD_LOCK_CLASS.test(target.name);
}

/**
 * `with _listing:` holding a `threading.Lock()`, or `with self._async_executor:` where the project
 * class's `__enter__` calls `.acquire()`: it holds a lock as surely as `with self.lock:` does (patroni's AsyncExecutor, whose RLock a bridged
 * `demote()` takes again from its worker thread).
 */
function entersALock(expression: SyntaxNode, module: OutputModule, output: OutputProject): boolean {
  const entered = module.index.calls.find((call) => call.operand && call.callee && call.span.start === expression.startIndex && call.span.end === expression.endIndex);
  const target = entered ? output.symbols.resolve(entered.callee!, module.index, entered.scope) : undefined;
  // A lock by what it is, whatever its name (`_listing = threading.Lock()`).
  if (target?.kind === 'external-instance') return THREAD_LOCK_CLASS.test(target.name);
  if (target?.kind !== 'instance') return false;
  const enter = output.symbols.lookupMethod(target.classId.replace(/^super:/, ''), '__enter__');
  const home = enter ? output.symbols.moduleOf(enter) : undefined;
  return !!home?.calls.some((call) => call.scope === enter && call.callee?.path.at(-1) === 'acquire');
}
