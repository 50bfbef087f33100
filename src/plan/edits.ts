import type { CallSite, FunctionId, Span } from '../analyze/model.js';

/**
 * A range edit on one file. `start === end` inserts. Inserts at one index keep the order in which
 * they are listed; `order` breaks ties between producers (lower first).
 */
export interface Edit {
  start: number;
  end: number;
  text: string;
  order?: number;
  /** For insertions at one index: the length of the construct, so outer ones open first and close last. */
  nest?: number;
  role?: 'open' | 'close';
  /** Insertions with the same key are made once (`async ` before a `with` shared by two calls). */
  key?: string;
}

export type ImportRequest = { module: string } | { from: string; name: string };

export interface ReviewItem {
  code: string;
  file: string;
  line: number;
  message: string;
}

/** A conversion a transform proposes at one place; applied only where its scope ends up async. */
export interface Site {
  transform: string;
  scope: FunctionId | null;
  line: number;
  /** The call the site converts; the engine awaits it when `awaitCall` is set. */
  call?: CallSite;
  awaitCall: boolean;
  edits: Edit[];
  imports: ImportRequest[];
  /** The conversion awaits, so its function must become async. */
  seed: boolean;
  /** The conversion is a `to_thread` bridge (counted apart in the summary). */
  bridge?: boolean;
  /** Reported whenever the site is applied. */
  review?: { code: string; message: string };
  /**
   * Test support for a transform's conversions (a stand-in the tests need for what it now calls):
   * applied, whatever the colour of its own scope, when that transform converts a call anywhere.
   */
  follows?: string;
  /**
   * Functions that change together with this site: when set, the site is applied only if every one
   * of them ends up async, whatever its own scope (a client built in a sync `__init__` changes with
   * the methods that use it, and not at all when one of them stays sync).
   */
  together?: FunctionId[];
  /**
   * Where the call starts whose conversion (by the same transform) makes what this site rewrites (a
   * response's `.ok`): the site is withdrawn with that conversion.
   */
  madeByCall?: number;
  /**
   * The transform whose conversion of this call this bridge stands behind: in force only where the
   * self-check withdrew that conversion because a test patches what it stops calling (patched-calls).
   */
  fallbackOf?: string;
  /**
   * The fallback of a `together` group: applied only when at least one of these functions stays
   * sync (and the site's own scope is async), e.g. a to_thread bridge for a call that is converted
   * when the whole group migrates.
   */
  unlessTogether?: FunctionId[];
  /**
   * A review-only marker: the code of this site's function cannot change, so no site of its
   * `together` group applies (joined across modules for transforms that follow objects there).
   */
  keepsFamily?: boolean;
  /** Import bindings (by local name) that this conversion stops using. */
  releases?: string[];
  /**
   * Code this site moves into a sync function run by `asyncio.to_thread` (a whole `with` block):
   * calls inside stay sync (their callees are pinned) and no other edit touches the region.
   */
  syncRegion?: Span;
  /**
   * The conversion belongs with the rest of its function (the object it rewrites is used elsewhere
   * in it, e.g. a database connection): a block holding it never moves into a thread.
   */
  tiedToFunction?: boolean;
  /**
   * With `syncRegion`: when code in the region calls a project function that would become async,
   * the site is withdrawn (not applied, nothing in the region pinned) and that call is awaited as
   * usual. For bridges that do not seed: moving the block must never pin the code that makes its
   * function async.
   */
  givesWayToAwaits?: boolean;
  /** Files the converted code needs (a generated helper module); created once, never overwritten. */
  newFiles?: NewFile[];
}

/** A file to create, by path relative to the project root (forward slashes). */
export interface NewFile {
  path: string;
  text: string;
}
