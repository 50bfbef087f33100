import type { FunctionId } from '../analyze/model.js';
import type { Site } from './edits.js';

/**
 * A decision undone after an attempt: keep a function sync, run a sync function in a thread from its
 * async callers, drop one conversion, leave a whole module unchanged, or await some calls only when
 * they return something awaitable (the calls a test reaches with a MagicMock standing in for their
 * receiver; each by `module:offset` of its callee in the input).
 */
export type Undo =
  | { kind: 'pin'; fn: FunctionId }
  | { kind: 'await-loosely'; calls: string[] }
  | { kind: 'bridge'; fn: FunctionId }
  | { kind: 'drop'; site: Site }
  | { kind: 'freeze'; module: string };

export interface UndoneDecision {
  undo: Undo;
  /** Why, in a sentence a reviewer reads (the self-check finding, or the internal error). */
  reason: string;
  file: string;
  line: number;
  /** The function holding the blocking call that made the undo needed (Finding.blockedIn). */
  blockedIn?: FunctionId;
  /** The functions whose await made the undo needed (Finding.awaitedIn). */
  awaitedIn?: readonly FunctionId[];
}

/**
 * What the verify stage learned from earlier attempts: the decisions to undo before planning again.
 * Every addition makes the next attempt keep more code as it is, so the loop that feeds it ends.
 */
export class Revisions {
  readonly pins = new Map<FunctionId, string>();
  readonly bridges = new Map<FunctionId, string>();
  readonly dropped = new Map<Site, string>();
  /** Modules left unchanged, by module name, with why. */
  readonly frozen = new Map<string, string>();
  /** Calls awaited through `_await_if_awaitable`, by `module:offset` of their callee, with why. */
  readonly looseAwaits = new Map<string, string>();
  readonly undone: UndoneDecision[] = [];
  /**
   * A function kept sync (pinned or bridged) because what it calls blocks: the function holding that
   * blocking call, whose own reason to stay sync is the one a reviewer can act on.
   */
  readonly blockedIn = new Map<FunctionId, FunctionId>();
  /** Undos recorded since the last attempt: a second finding asking for one of them is answered by it. */
  private fresh = new Set<string>();
  /** Pins relaxed once (relax): found needed again, they stay. */
  private readonly relaxed = new Set<FunctionId>();

  /** A new attempt starts: what was undone so far has been tried. */
  nextAttempt(): void {
    this.fresh = new Set();
  }

  /**
   * Records the decision to undo. False when it was undone before an earlier attempt, which then
   * still had the problem: nothing new is learned, and a broader undo is needed.
   */
  apply(decision: UndoneDecision): boolean {
    const { undo, reason } = decision;
    const key = undoKey(undo);
    if (this.fresh.has(key)) return true;
    switch (undo.kind) {
      case 'pin':
        if (this.pins.has(undo.fn)) return false;
        this.pins.set(undo.fn, reason);
        break;
      case 'bridge':
        if (this.bridges.has(undo.fn) || this.pins.has(undo.fn)) return false;
        this.bridges.set(undo.fn, reason);
        break;
      case 'drop':
        if (this.dropped.has(undo.site)) return false;
        this.dropped.set(undo.site, reason);
        break;
      case 'freeze':
        if (this.frozen.has(undo.module)) return false;
        this.frozen.set(undo.module, reason);
        break;
      case 'await-loosely': {
        const fresh = undo.calls.filter((call) => !this.looseAwaits.has(call));
        if (fresh.length === 0) return false;
        for (const call of fresh) this.looseAwaits.set(call, reason);
        break;
      }
    }
    this.fresh.add(key);
    this.undone.push(decision);
    if (decision.blockedIn && (undo.kind === 'pin' || undo.kind === 'bridge')) this.blockedIn.set(undo.fn, decision.blockedIn);
    return true;
  }

  /**
   * Takes back the pins whose every awaiting function ended up sync for other reasons (a later pin
   * kept it sync): the await that needed them is gone, and the plan made without them may keep more
   * code async. Each pin is taken back once at most, so the loop still ends. True when any was.
   */
  relax(staysSync: (fn: FunctionId) => boolean): boolean {
    const relaxable = this.undone.filter(({ undo, awaitedIn }) => undo.kind === 'pin' && !this.relaxed.has(undo.fn)
      && !!awaitedIn?.length && awaitedIn.every(staysSync));
    for (const decision of relaxable) {
      const fn = (decision.undo as Extract<Undo, { kind: 'pin' }>).fn;
      this.pins.delete(fn);
      this.blockedIn.delete(fn);
      this.relaxed.add(fn);
      this.undone.splice(this.undone.indexOf(decision), 1);
    }
    return relaxable.length > 0;
  }
}

const siteKeys = new WeakMap<Site, number>();
let nextSiteKey = 0;

function undoKey(undo: Undo): string {
  switch (undo.kind) {
    case 'pin':
    case 'bridge':
      return `${undo.kind}:${undo.fn}`;
    case 'freeze':
      return `freeze:${undo.module}`;
    case 'await-loosely':
      return `await-loosely:${undo.calls.join(',')}`;
    case 'drop':
      if (!siteKeys.has(undo.site)) siteKeys.set(undo.site, nextSiteKey++);
      return `drop:${siteKeys.get(undo.site)}`;
  }
}
