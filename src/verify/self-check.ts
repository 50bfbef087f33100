import type { LoadedProject } from '../analyze/load-project.js';
import type { FunctionId } from '../analyze/model.js';
import type { Propagation } from '../plan/propagate.js';
import type { Undo } from '../plan/revisions.js';
import type { ModuleOutput } from '../run.js';
import { OutputProject } from './output-project.js';
import { SELF_CHECK_RULES } from './rules/index.js';

/** A problem in the migrated output, and the decision whose undoing removes it. */
export interface Finding {
  rule: string;
  /** The module the problem is in (left unchanged when nothing else helps). */
  module: string;
  file: string;
  line: number;
  message: string;
  /** The decisions whose undoing removes it, in order of preference: the first not yet undone is taken. */
  undo: Undo[];
  /** A blocking call left in sync code: the function holding it, where the reason it stays sync continues. */
  blockedIn?: FunctionId;
  /**
   * The functions whose await of the call is the problem: while every one of them stays sync for
   * its own reasons, the undo is not needed (run.ts relaxes it).
   */
  awaitedIn?: FunctionId[];
}

export interface SelfCheckRule {
  id: string;
  /** What it finds, and why that output would not run as before. */
  doc: { what: string; why: string };
  check(output: OutputProject): Finding[];
}

/**
 * The verify stage over the whole output: every changed module is indexed again together with the
 * rest of the project, and each rule looks for what would not run as before (DESIGN.md, "Verify the
 * whole output, then undo").
 */
export function selfCheck(input: { project: LoadedProject; propagation: Propagation; outputs: ReadonlyMap<string, ModuleOutput> }): Finding[] {
  if (![...input.outputs.values()].some((output) => output.outcome.status === 'changed')) return [];
  const output = new OutputProject(input.project, input.propagation, input.outputs);
  const unreadable: Finding[] = output.unreadable.map(({ module, reason }) => ({
    rule: 'output-indexes', module: module.index.module, file: module.input.relativePath, line: 1,
    message: `the migrated module could not be indexed again (${reason})`, undo: [{ kind: 'freeze', module: module.index.module }],
  }));
  return [...unreadable, ...SELF_CHECK_RULES.flatMap((rule) => rule.check(output))];
}
