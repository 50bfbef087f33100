import type { LoadedModule, LoadedProject } from '../analyze/load-project.js';
import type { CallSite, FunctionId, FunctionInfo, ModuleIndex } from '../analyze/model.js';
import { OffsetMap } from '../edit/offset-map.js';
import { parsePython, type SyntaxNode, type Tree } from '../parse/parse-python.js';
import { treeFromData } from '../parse/flat-tree.js';
import { SourceText } from '../parse/source-text.js';
import type { Site } from '../plan/edits.js';
import type { Propagation, ResolvedCall } from '../plan/propagate.js';
import type { Undo } from '../plan/revisions.js';
import { canHostAwaiter } from '../plan/dynamic-awaits.js';
import { ArgparseDispatch } from '../plan/argparse-dispatch.js';
import { entryBodyName } from '../plan/entry-split.js';
import { ProjectSymbols, type Target } from '../plan/resolve.js';
import { PatchReach } from './patch-reach.js';
import type { ModuleOutput } from '../run.js';

/** One module as the migration would leave it, with what is needed to trace a problem back. */
export interface OutputModule {
  input: LoadedModule;
  /** The index of the output (the input's own index when the module does not change). */
  index: ModuleIndex;
  /**
   * The blocking calls left in functions that stay sync: the input's sites there (a function the
   * migration leaves sync keeps its text, so its sites are the input's).
   */
  sites: Site[];
  changed: boolean;
  /** For changed modules only: the output's text and the way back to input offsets. */
  source?: SourceText;
  offsets?: OffsetMap;
  appliedSites: ReadonlySet<Site>;
}

/**
 * The project as the migration would leave it, indexed again as a whole: the self-check reads the
 * output, not the plan, so a mistake anywhere between planning and editing shows.
 */
export class OutputProject {
  readonly modules: OutputModule[];
  readonly symbols: ProjectSymbols;
  /** Changed modules whose output asyncshift could not index again (a bug), with why. */
  readonly unreadable: { module: OutputModule; reason: string }[] = [];
  private readonly byName = new Map<string, OutputModule>();
  private readonly trees = new Map<OutputModule, Tree>();
  private readonly targets = new Map<CallSite, Target>();

  constructor(readonly input: LoadedProject, readonly propagation: Propagation, outputs: ReadonlyMap<string, ModuleOutput>) {
    this.modules = input.modules.map((module) => {
      const output = outputs.get(module.index.module);
      if (!output || output.outcome.status !== 'changed') {
        return { input: module, index: module.index, sites: module.sites, changed: false, appliedSites: new Set() };
      }
      const source = new SourceText(output.text);
      const outcome = input.reindex(module.relativePath, output.text, false);
      const sites = module.sites.filter((site) => !site.scope || !propagation.asyncBodies.has(site.scope));
      const changed: OutputModule = {
        input: module, index: outcome.kind === 'indexed' ? outcome.index : module.index, sites, changed: true, source,
        offsets: new OffsetMap(output.edits, module.source!.lineEnding), appliedSites: output.plan.appliedSites,
      };
      if (outcome.kind !== 'indexed') this.unreadable.push({ module: changed, reason: outcome.reason });
      if (outcome.kind === 'indexed' && outcome.tree) this.trees.set(changed, treeFromData(output.text, outcome.tree));
      return changed;
    });
    for (const module of this.modules) this.byName.set(module.index.module, module);
    this.symbols = new ProjectSymbols(this.modules.map((m) => ({ index: m.index, names: input.namesOf(m.input.relativePath) })));
  }

  private dispatch_?: ArgparseDispatch;
  private patchReach_?: PatchReach;

  /** What the tests' patches are in force for (patch-reach.ts), read once for the rules that ask. */
  get patchReach(): PatchReach {
    return this.patchReach_ ??= new PatchReach(this.input.symbols, (name) => this.moduleNamed(name)?.input.source?.text);
  }

  /** A line of the input at an offset of a module's output (the migration may have added lines above it: imports, stand-ins). */
  inputLine(module: OutputModule, offset: number, outputLine: number): number {
    if (!module.offsets || !module.input.source) return outputLine;
    return module.input.source.position(module.offsets.toOriginal(offset)).line;
  }

  /**
   * An awaited call of the output as Revisions names it for an `await-loosely` undo (its module, and
   * where its callee starts in the input); undefined where the helper cannot go (canHostAwaiter).
   */
  looseAwaitKey(module: OutputModule, call: CallSite): string | undefined {
    if (!canHostAwaiter(module.input.index)) return undefined;
    return `${module.index.module}:${module.offsets ? module.offsets.toOriginal(call.calleeSpan.start) : call.calleeSpan.start}`;
  }

  /** argparse dispatch in the output (`args.func(args)` → its handlers), read when a rule first asks. */
  get dispatch(): ArgparseDispatch {
    return this.dispatch_ ??= new ArgparseDispatch(this.symbols, this.modules.map((module) => module.index));
  }

  /** The output's syntax tree of a changed module: the one its indexing kept, or parsed when a rule first asks. */
  treeOf(module: OutputModule): Tree | undefined {
    if (!module.source) return undefined;
    let tree = this.trees.get(module);
    if (!tree) this.trees.set(module, tree = parsePython(module.source.text));
    return tree;
  }

  /** What a call of the output reaches: several rules ask about every call, resolved once here. */
  targetOf(module: OutputModule, call: CallSite): Target {
    if (!call.callee) return { kind: 'unknown' };
    let target = this.targets.get(call);
    if (!target) this.targets.set(call, target = this.symbols.resolve(call.callee, module.index, call.scope));
    return target;
  }

  /**
   * What the migration took a call of the output to reach, inferred receivers included (AS124): the
   * planner's target for the input call the output call came from. Unknown where nothing maps back.
   */
  plannedTarget(module: OutputModule, call: CallSite): Target {
    const original = module.offsets ? module.offsets.toOriginal(call.calleeSpan.start) : call.calleeSpan.start;
    this.plannedCalls ??= this.callsByCalleeStart();
    return this.plannedCalls.get(module.input.index)?.get(original)?.target ?? { kind: 'unknown' };
  }

  /** What a call reaches, taking the planner's target where the output's resolver knows none (an inferred receiver). */
  targetOrPlanned(module: OutputModule, call: CallSite): Target {
    const resolved = this.targetOf(module, call);
    return resolved.kind === 'unknown' ? this.plannedTarget(module, call) : resolved;
  }

  private plannedCalls?: Map<ModuleIndex, Map<number, ResolvedCall>>;

  private callsByCalleeStart(): Map<ModuleIndex, Map<number, ResolvedCall>> {
    const byModule = new Map<ModuleIndex, Map<number, ResolvedCall>>();
    for (const call of this.propagation.calls) {
      (byModule.get(call.module) ?? byModule.set(call.module, new Map()).get(call.module)!).set(call.site.calleeSpan.start, call);
    }
    return byModule;
  }

  moduleNamed(name: string): OutputModule | undefined {
    return this.byName.get(name);
  }

  /** The function as it was before the migration. */
  before(id: FunctionId): FunctionInfo | undefined {
    return this.input.symbols.functions.get(id);
  }

  after(id: FunctionId): FunctionInfo | undefined {
    return this.symbols.functions.get(id);
  }

  /** The input function whose code an output function holds: itself, or the entry point whose body moved into it (plan/entry-split.ts). */
  inputFunction(id: FunctionId): FunctionId {
    if (this.input.symbols.functions.has(id)) return id;
    this.movedEntryBodies ??= this.entryBodies();
    return this.movedEntryBodies.get(id) ?? id;
  }

  private movedEntryBodies?: Map<FunctionId, FunctionId>;

  private entryBodies(): Map<FunctionId, FunctionId> {
    const moved = new Map<FunctionId, FunctionId>();
    for (const id of this.propagation.splitEntries) {
      const entry = this.before(id)!;
      const qualname = [...entry.qualname.split('.').slice(0, -1), entryBodyName(entry)].join('.');
      const body = this.moduleNamed(entry.module)?.index.functions.find((fn) => fn.qualname === qualname);
      if (body) moved.set(body.id, id);
    }
    return moved;
  }

  /** Async in the output and sync before: the migration made it so. */
  turnedAsync(id: FunctionId): boolean {
    return !!this.after(id)?.isAsync && this.before(id)?.isAsync === false;
  }

  /**
   * Awaited calls of the output whose target the migration made async (`resolve` says what a call
   * reaches): the rules that keep a method sync for a test double look at these.
   */
  *awaitedTurnedAsync(resolve: (module: OutputModule, call: CallSite) => Target): Generator<{ module: OutputModule; call: CallSite; id: FunctionId }> {
    for (const module of this.modules) {
      for (const call of module.index.calls) {
        if (call.usage.kind !== 'awaited') continue;
        const target = resolve(module, call);
        if (target.kind === 'function' && this.turnedAsync(target.id)) yield { module, call, id: target.id };
      }
    }
  }

  /** The `await` expressions the migration wrote, module by changed module. */
  *writtenAwaits(): Generator<{ module: OutputModule; node: SyntaxNode; line: number }> {
    for (const module of this.modules) {
      if (!module.changed || !module.source || !module.source.text.includes('await')) continue;
      for (const node of this.treeOf(module)!.rootNode.descendantsOfType('await')) {
        // The keyword token is an `await` node too: only the expression counts.
        if (node.namedChildCount > 0 && this.written(module, node.startIndex)) yield { module, node, line: node.startPosition.row + 1 };
      }
    }
  }

  /** How to undo an await the migration wrote: as a problem at the call it awaits, else drop its conversion, else leave the module. */
  undoAwait(module: OutputModule, node: SyntaxNode): Undo[] {
    const awaited = node.namedChildren[0]!;
    const call = module.index.calls.find((site) => site.span.start === awaited.startIndex || site.span.start === awaited.startIndex + 1);
    if (call) return this.undoAtCall(module, call);
    const conversion = this.siteAt(module, node.startIndex);
    return [...(conversion ? [{ kind: 'drop' as const, site: conversion }] : []), { kind: 'freeze', module: module.index.module }];
  }

  /** Methods the migration made async, with their (changed) modules. */
  *methodsTurnedAsync(): Generator<{ module: OutputModule; fn: FunctionInfo & { classId: string } }> {
    for (const module of this.modules) {
      if (!module.changed) continue;
      for (const fn of module.index.functions) if (fn.classId && this.turnedAsync(fn.id)) yield { module, fn: fn as FunctionInfo & { classId: string } };
    }
  }

  /**
   * The applied conversion that wrote the output at `offset` of a changed module: the site whose
   * edits or call cover the corresponding input offset (the innermost one).
   */
  siteAt(module: OutputModule, offset: number): Site | undefined {
    if (!module.offsets) return undefined;
    const original = module.offsets.toOriginal(offset);
    let best: { site: Site; size: number } | undefined;
    for (const site of module.appliedSites) {
      const spans = [...site.edits, ...(site.call ? [site.call.span] : [])];
      for (const span of spans) {
        if (span.start > original || original > Math.max(span.end, span.start + 1)) continue;
        const size = span.end - span.start;
        if (!best || size < best.size) best = { site, size };
      }
    }
    return best?.site;
  }

  /**
   * How to undo a problem at a call of a changed module, narrowest first: drop the conversion that
   * wrote the call, keep its function sync, leave the module unchanged.
   */
  undoAtCall(module: OutputModule, call: CallSite): Undo[] {
    const conversion = this.siteAt(module, call.span.start) ?? this.siteAt(module, call.calleeSpan.start);
    return [
      ...(conversion ? [{ kind: 'drop' as const, site: conversion }] : []),
      ...(call.scope ? [{ kind: 'pin' as const, fn: call.scope }] : []),
      { kind: 'freeze', module: module.index.module },
    ];
  }

  /** Whether the output at `offset` was written by the migration (inside an inserted or replacing text). */
  written(module: OutputModule, offset: number): boolean {
    return !!module.offsets?.inserted(offset);
  }
}
