import type { FunctionId, FunctionInfo } from '../analyze/model.js';
import type { Site } from './edits.js';
import { refText } from '../analyze/model.js';
import { syncOnlyReason, type Propagation } from './propagate.js';
import type { ProjectSymbols } from './resolve.js';

/**
 * Why a signature changed, for the reviewer: the solver keeps one link per function (the call edge or
 * family member that made it async, the pinned caller that pinned it); whole chains are rebuilt here,
 * on demand, for the reports.
 */
export type AsyncCause =
  /** A conversion in the function itself awaits. */
  | { kind: 'seed'; site: Site }
  /** It calls `callee`, which turned async, at file:line. */
  | { kind: 'calls'; callee: FunctionId; file: string; line: number }
  /** The same method elsewhere in its class hierarchy, or another definition of its name, turned async. */
  | { kind: 'family'; member: FunctionId };

/** One link of a chain, as the JSON report gives it. */
export type ReasonStep =
  | { kind: 'calls'; function: string; file: string; line: number }
  | { kind: 'same-method'; function: string }
  /** The name is defined more than once (conditional definitions): another definition turned async. */
  | { kind: 'other-definition'; function: string }
  | { kind: 'blocking-call'; call: string; transform: string; file: string; line: number }
  | { kind: 'already-async'; function: string };

export interface AsyncReason {
  function: string;
  file: string;
  line: number;
  steps: ReasonStep[];
  text: string;
}

export interface PinReason {
  function: string;
  file: string;
  line: number;
  reason: string;
  text: string;
}

export interface BridgeReason {
  call: string;
  file: string;
  line: number;
  reason: string;
  text: string;
}

/** A blocking call left as it is, with the first cause that kept it (for the reviewer and the corpus). */
export interface LeftCallReason {
  file: string;
  line: number;
  transform: string;
  /** The function holding the call, when it is in one. */
  function?: string;
  /** Where the chain of pins ends: the cause a reviewer must accept, or change. */
  cause: string;
}

export interface Reasons {
  async: AsyncReason[];
  pinned: PinReason[];
  bridges: BridgeReason[];
}

/** Chains longer than this are cut, with a count of the links left out. */
const MAX_STEPS = 8;

/** Every function that becomes async in an editable module, with the chain that made it so. */
export function asyncReasons(propagation: Propagation, symbols: ProjectSymbols, editable: (fn: FunctionInfo) => boolean): AsyncReason[] {
  const reasons: AsyncReason[] = [];
  for (const id of propagation.asyncBodies) {
    const fn = symbols.functions.get(id);
    if (!fn || fn.isAsync || !editable(fn)) continue;
    const steps = chainOf(id, propagation, symbols);
    reasons.push({ function: `${fn.module}.${fn.qualname}`, file: fileOf(fn, symbols), line: fn.line, steps, text: `\`${fn.qualname}\` becomes async: ${stepsText(steps)}` });
  }
  return reasons.sort(byPlace);
}

/** Every function that would have become async but stays sync, with the call site that pinned it. */
export function pinReasons(propagation: Propagation, symbols: ProjectSymbols, editable: (fn: FunctionInfo) => boolean): PinReason[] {
  const reasons: PinReason[] = [];
  for (const id of propagation.bridged) {
    const fn = symbols.functions.get(id);
    const reason = propagation.pinned.get(id);
    if (!fn || !reason || !editable(fn)) continue;
    let text = `\`${fn.qualname}\` stays sync: ${reason}`;
    const seen = new Set([id]);
    // A caller no longer pinned turned async with a sync twin (the reason says so): the chain ends there.
    for (let caller = propagation.pinnedByCaller.get(id); caller && !seen.has(caller) && propagation.pinned.has(caller); caller = propagation.pinnedByCaller.get(caller)) {
      seen.add(caller);
      const callerFn = symbols.functions.get(caller);
      if (callerFn) text += `; \`${callerFn.qualname}\` stays sync: ${propagation.pinned.get(caller)}`;
    }
    reasons.push({ function: `${fn.module}.${fn.qualname}`, file: fileOf(fn, symbols), line: fn.line, reason, text });
  }
  return reasons.sort(byPlace);
}

/** The review message (AS120) of a conversion the self-check withdrew. */
export function withdrawnConversion(site: Site, reason: string): string {
  return `a ${site.transform} conversion was not applied: ${reason}`;
}

/**
 * Why a blocking call was left: module-level code has no function to turn async; a conversion the
 * self-check withdrew (AS120) has that reason; in a pinned function, the pin at the end of the chain
 * of callers that stay sync; otherwise the review items at its line. `blockedIn` (Revisions.blockedIn):
 * a function the self-check kept sync because what it calls blocks, and the function holding that
 * call — where the chain goes on.
 */
export function leftCallReason(
  site: Site, file: string, propagation: Propagation, symbols: ProjectSymbols,
  reviewsAtLine: readonly { code: string; message: string }[], blockedIn: ReadonlyMap<FunctionId, FunctionId> = new Map(),
): LeftCallReason {
  const base = { file, line: site.line, transform: site.transform };
  const fn = site.scope ? symbols.functions.get(site.scope) : undefined;
  if (!fn) return { ...base, cause: 'module-level code: no function to turn async' };
  // The self-check withdrew this very conversion: that is the first cause, whatever else keeps its function sync.
  const withdrawn = reviewsAtLine.find((item) => item.code === 'AS120' && item.message.startsWith(withdrawnConversion(site, '')));
  if (withdrawn) return { ...base, function: `${fn.module}.${fn.qualname}`, cause: `AS120: ${withdrawn.message}` };
  const seen = new Set<FunctionId>();
  const next = (id: FunctionId) => propagation.pinnedWith.get(id) ?? propagation.pinnedByCaller.get(id);
  const endOfPins = (start: FunctionId) => {
    seen.add(start);
    let root = start;
    let link = next(root);
    for (; link && !seen.has(link) && propagation.pinned.has(link); link = next(link)) {
      seen.add(link);
      root = link;
    }
    return { root, link };
  };
  let { root, link } = endOfPins(fn.id);
  while (!(link && propagation.twins?.has(link))) {
    const holder = blockedIn.get(root);
    if (!holder || seen.has(holder) || !propagation.pinned.has(holder)) break;
    const further = endOfPins(holder);
    // Kept sync by the very callers that led here: no further cause.
    if (further.link && seen.has(further.link) && propagation.pinned.has(further.link)) break;
    ({ root, link } = further);
  }
  const function_ = `${fn.module}.${fn.qualname}`;
  const name = (id: FunctionId) => symbols.functions.get(id)?.qualname ?? id;
  // The caller that pinned it turned async since, keeping its original code as a sync twin.
  if (link && propagation.twins?.has(link)) {
    return { ...base, function: function_, cause: `\`${name(root)}\` stays sync: called by the sync twin of ${name(link)} (${name(link)}_sync), which serves the callers that stay sync (AS125)` };
  }
  const reason = propagation.pinned.get(root);
  if (reason) return { ...base, function: function_, cause: `\`${name(root)}\` stays sync: ${reason}` };
  const explained = reviewsAtLine.map((item) => `${item.code}: ${item.message}`);
  if (explained.length > 0) return { ...base, function: function_, cause: explained.join('; ') };
  if (!site.seed && !propagation.asyncBodies.has(fn.id)) {
    return { ...base, function: function_, cause: `\`${fn.qualname}\` stays sync: nothing turns it async, and a block bound to one thread (a connection or file used across it) moves into a thread only inside code that does` };
  }
  // `(shutil.which(e) for e in engines)`: where the call stands nothing can await it, so it does not turn its function async.
  const standsWhereNothingAwaits = site.call && !propagation.asyncBodies.has(fn.id) ? syncOnlyReason(site.call) : undefined;
  if (standsWhereNothingAwaits) {
    return { ...base, function: function_, cause: `\`${fn.qualname}\` stays sync: the call stands in a ${standsWhereNothingAwaits}, which cannot await it` };
  }
  const decorator = propagation.decorators?.links.get(fn.id)?.decorator;
  if (decorator && !propagation.asyncBodies.has(fn.id)) {
    return { ...base, function: function_, cause: `\`${fn.qualname}\` stays sync: it is the wrapper of @${decorator}, which turns async with a function it wraps, and every function it wraps stays sync` };
  }
  return { ...base, function: function_, cause: 'not applied' };
}

/** A call run in a worker thread, and why. */
export function bridgeReason(file: string, line: number, call: string, reason: string): BridgeReason {
  return { call, file, line, reason, text: `\`${call}\` (${file}:${line}) runs in asyncio.to_thread: ${reason}` };
}

function chainOf(start: FunctionId, propagation: Propagation, symbols: ProjectSymbols): ReasonStep[] {
  const steps: ReasonStep[] = [];
  const seen = new Set<FunctionId>();
  for (let id: FunctionId | undefined = start; id && !seen.has(id);) {
    seen.add(id);
    const cause = propagation.asyncCauses.get(id);
    const name = (other: FunctionId) => symbols.functions.get(other)?.qualname ?? other;
    if (!cause) {
      if (id !== start && symbols.functions.get(id)?.isAsync) steps.push({ kind: 'already-async', function: name(id) });
      break;
    }
    if (cause.kind === 'seed') {
      steps.push(seedStep(cause.site, symbols));
      break;
    }
    if (cause.kind === 'calls') {
      steps.push({ kind: 'calls', function: name(cause.callee), file: cause.file, line: cause.line });
      id = cause.callee;
    } else {
      const redefined = symbols.functions.get(cause.member)?.module === symbols.functions.get(id)?.module && name(cause.member) === name(id);
      steps.push({ kind: redefined ? 'other-definition' : 'same-method', function: name(cause.member) });
      id = cause.member;
    }
  }
  return steps;
}

function seedStep(site: Site, symbols: ProjectSymbols): ReasonStep {
  const home = site.scope ? symbols.moduleOf(site.scope) : undefined;
  const file = home?.file ?? '?';
  let call = `a ${site.transform} conversion`;
  if (site.call?.callee && home) {
    const target = symbols.resolve(site.call.callee, home, site.scope);
    call = target.kind === 'external' ? target.name : refText(site.call.callee);
  }
  return { kind: 'blocking-call', call, transform: site.transform, file, line: site.line };
}

function stepsText(steps: ReasonStep[]): string {
  const shown = steps.slice(0, MAX_STEPS).map((step) => {
    switch (step.kind) {
      case 'calls': return `calls \`${step.function}\` (${step.file}:${step.line})`;
      case 'blocking-call': return `calls \`${step.call}\` (${step.file}:${step.line}), converted by ${step.transform}`;
      case 'same-method': return `is the same method as \`${step.function}\` in its class hierarchy`;
      case 'other-definition': return `has another definition of the same name (\`${step.function}\`)`;
      case 'already-async': return 'is already async';
    }
  });
  const more = steps.length > MAX_STEPS ? `, ... (${steps.length - MAX_STEPS} more links)` : '';
  return `it ${shown.join(', which ')}${more}`;
}

function fileOf(fn: FunctionInfo, symbols: ProjectSymbols): string {
  return symbols.moduleOf(fn.id)?.file ?? fn.module;
}

function byPlace(a: { file: string; line: number }, b: { file: string; line: number }): number {
  return a.file.localeCompare(b.file) || a.line - b.line;
}
