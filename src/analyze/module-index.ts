import { EnclosingNodes } from '../parse/enclosing-nodes.js';
import type { SyntaxNode, Tree, TreeCursor } from '../parse/parse-python.js';
import type { SourceText } from '../parse/source-text.js';
import type { CallInContext, ProjectView, Transform, TransformContext, TransformOptions } from '../../transforms/define-transform.js';
import type { Site } from '../plan/edits.js';
import type { ProjectFacts } from '../plan/project-facts.js';
import { readCallableAssertion } from './callable-assertions.js';
import { readCallbackParameters } from './callback-parameters.js';
import { awaitNeedsParentheses, classifyCallUsage, followsIn, sameNode, span, SYNC_CONSUMERS, testedForTruthOnly, UNPACKING_TARGETS } from './call-usage.js';
import { classDecoratorFacts, functionDecoratorFacts, handedOutCall } from './decorators.js';
import { collectImports } from './imports.js';
import { assertedClassAfter, narrowingsAfter, narrowingsOf } from './narrowing.js';
import { returnedFunction } from './returned-functions.js';
import { annotationType, commonType, elementsType } from './type-sources.js';
import type {
  Binding, CallSite, ClassInfo, Decorator, DecoratorFacts, FunctionId, FunctionInfo, FunctionReference, ModuleIndex,
  CallArguments, CallableResult, IteratorAnnotation, ModuleAlternative, NameRef, Parameter, PatchedName, SyncOnlyReason, TypeSource,
} from './model.js';
import { COMPUTED_RECEIVER, nameRecord, own } from './model.js';
import { isPackageInit, isScript, isTestModule, resolveRelativeModule } from './module-names.js';
import { QualifiedNames } from './qualified-names.js';
import { attributesShownBefore } from './receiver-uses.js';
import { bindingScope, buildFunctionScope, loopElements, parameterName, type FunctionScope, type LoopElement } from './scopes.js';
import { readStopIterationGuards, readWithStatement } from './statements.js';
import {
  catchesStopIteration, escapeRegExp, generatorFactsOf, attributeName, getattrParts, methodCallerParts, isMainGuard, LITERAL_TYPES, literalReturnType, stopIterationRaises,
} from './syntax-facts.js';
import { patchStatementOf, replacesWithAutoMock, TestDoubleReader } from './test-doubles.js';

export interface IndexedModule {
  index: ModuleIndex;
  sites: Site[];
}

/**
 * The walk's pending work, run depth-first in source order from an explicit stack: generated code
 * nests deeper than the call stack allows. A step is a node to visit or work that must run between
 * two subtrees (after a function's defaults, before its body).
 */
type WalkStep = { node: SyntaxNode; context: WalkContext } | ((then: WalkStep[]) => void) | PausedWalk;

/** A cursor walk of a subtree, paused at a node whose own steps run first (see walkSubtree). */
interface PausedWalk {
  cursor: TreeCursor;
  context: WalkContext;
  depth: number;
  /** The types of the nodes above the cursor, from the subtree's root down. */
  parents: string[];
}

const NO_NARROWINGS: readonly Narrowed[] = [];
/** Node types whose visit changes the context of what they hold: visited as nodes, not by the cursor. */
const CONTEXT_NODES = new Set(['decorated_definition', 'function_definition', 'class_definition', 'lambda', 'generator_expression']);

interface WalkContext {
  scope?: FunctionScope;
  functionId: FunctionId | null;
  classInfo?: ClassInfo;
  syncOnly?: SyncOnlyReason;
  entry: boolean;
  generator?: { node: SyntaxNode };
  /** `isinstance` facts in force here (narrowing.ts). */
  narrowed?: readonly Narrowed[];
}

/** `x` is an instance of the class written `type` while the walk is inside what the check covers. */
interface Narrowed {
  name: string;
  owner: FunctionScope;
  type: TypeSource;
}

const KEEP_SYNC_COMMENT = /#\s*asyncshift:\s*keep-sync/;

/** In refOf: `a.b.c` written without spaces, comments or non-ASCII letters; its head, and the rest. */
const DOTTED_NAME = /^([A-Za-z_]\w*)((?:\.[A-Za-z_]\w*)+)$/;
/** Heads of a dotted text that are no names (`None.__class__`). */
const NOT_NAMES = new Set(['None', 'True', 'False']);

/** In refOf: a call between attribute names (`a.b().c`). */
const CALL_LAYER = Symbol('call');
const MAX_CALL_LAYERS = 64;

/** Operators whose result keeps a string's or a path's type: `/`, `+`, `%`, `*`. */
const DERIVING_OPERATORS = new Set(['/', '+', '%', '*']);

function derivingOperation(node: SyntaxNode | null | undefined): boolean {
  return node?.type === 'binary_operator' && DERIVING_OPERATORS.has(node.childForFieldName('operator')?.type ?? '');
}

const COMPREHENSIONS = ['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression'];

/**
 * `class Compressor(with_metaclass(ABCMeta, Base))`: six's (or future's, or a project's own copy of)
 * helper makes a temporary class whose bases are the helper's arguments after the metaclass (found
 * on barman, where every such class was taken to derive from one asyncshift cannot resolve).
 */
function basesThroughMetaclassHelper(base: SyntaxNode): SyntaxNode[] | undefined {
  if (base.type !== 'call' || !/(^|\.)with_metaclass$/.test(base.childForFieldName('function')?.text ?? '')) return undefined;
  const args = base.childForFieldName('arguments')?.namedChildren ?? [];
  if (args.some((arg) => arg.type === 'keyword_argument' || arg.type === 'list_splat' || arg.type === 'dictionary_splat')) return undefined;
  return args.filter((arg) => arg.type !== 'comment').slice(1);
}

/** The attributes an unpacking target binds, at any depth (`(a.x, (b.y, c)) = ...`, `*a.rest`). */
function unpackedAttributes(target: SyntaxNode): SyntaxNode[] {
  const found: SyntaxNode[] = [];
  for (const child of target.namedChildren) {
    if (child.type === 'attribute') found.push(child);
    else if (UNPACKING_TARGETS.has(child.type) || child.type === 'list_splat_pattern' || child.type === 'parenthesized_expression') found.push(...unpackedAttributes(child));
  }
  return found;
}

/** Parent node types in which a bare function name is a value handed on (a callback), not a call. */
const VALUE_POSITIONS = new Set([
  'argument_list', 'keyword_argument', 'assignment', 'pair', 'list', 'tuple', 'set', 'return_statement',
  'conditional_expression', 'boolean_operator', 'expression_list', 'parenthesized_expression', 'yield',
  'dictionary', 'lambda', 'default_parameter', 'typed_default_parameter',
]);

/**
 * Reads one parsed module into a ModuleIndex: bindings, functions, classes, call sites, references,
 * plus the sites the enabled transforms propose. The tree is not kept.
 */
export function indexModule(options: {
  tree: Tree;
  source: SourceText;
  file: string;
  module: string;
  /** Every function and method name defined in the project (references to others are ignored). */
  projectFunctionNames: ReadonlySet<string>;
  transforms: readonly Transform[];
  transformOptions: TransformOptions;
  /** Every module name of the project: names inside them are project code, not a library's. */
  projectModules?: ReadonlySet<string>;
  /** See TransformContext.packageDepth. */
  packageDepth?: number;
  /** Cross-module facts, for transforms that follow objects across modules (see TransformContext.project). */
  project?: ProjectFacts;
  /** Ids of every transform in the run, when `transforms` holds only some of them (see TransformContext.enabled). */
  enabled?: ReadonlySet<string>;
}): IndexedModule {
  return new ModuleIndexer(options).run();
}

/** Patch targets that keep every new thread from starting. */
const STOPS_THREADS = /^threading\.Thread(\.start)?$/;

class ModuleIndexer {
  private readonly index: ModuleIndex;
  private readonly root: SyntaxNode;
  private readonly callsInContext: CallInContext[] = [];
  private readonly functionIds = new Map<number, FunctionId>();
  private readonly usedIds = new Set<string>();
  private importedNames = new Set<string>();
  private readonly classesByNode = new Map<number, ClassInfo>();
  private readonly scopesByNode = new Map<number, FunctionScope>();
  /** The function scope each entry of callsInContext was found in (undefined at module level). */
  private readonly callScopes: (FunctionScope | undefined)[] = [];
  private readonly testDoubles: TestDoubleReader;
  /** In a test module, module-level names given another name as they are (`patch = mock.patch`), for the test doubles. */
  private readonly moduleAliases = new Map<string, NameRef>();
  /** Module variables first set to `None` (`_client = None`), to be filled in by functions that declare them `global`. */
  private readonly noneAtModuleLevel = new Set<string>();
  /** Module variables declared with a type (`_client: Client | None = None`): what they hold whatever rebinds them. */
  private readonly annotatedAtModuleLevel = new Set<string>();
  /** `python -m pkg` runs `__main__.py`, and users run a script by path: their top level is an entry, not a sync-only context. */
  private readonly mainModule: boolean;
  /** Definitions in walk order, read as decorators once every nested function has its id. */
  private readonly definitions: { node: SyntaxNode; info: FunctionInfo | ClassInfo }[] = [];

  constructor(private readonly options: Parameters<typeof indexModule>[0]) {
    const { file, module } = options;
    this.root = options.tree.rootNode;
    this.mainModule = file.endsWith('__main__.py') || isScript(file, options.source.text, options.packageDepth);
    this.index = {
      module,
      file,
      isPackageInit: isPackageInit(file),
      isTestModule: isTestModule(file),
      bindings: nameRecord(),
      imports: [],
      identifierUses: nameRecord(),
      functions: [],
      classes: [],
      calls: [],
      references: [],
      withStatements: [],
      stopIterationGuards: [],
      testDoubles: [],
      importInsertion: { index: 0, before: [] },
    };
    this.testDoubles = new TestDoubleReader(this.index.bindings, (node, scope) => this.refOf(node, scope), (index) => this.line(index), this.moduleAliases);
  }

  run(): IndexedModule {
    const imports = collectImports(this.root, this.index.module, this.index.isPackageInit, this.options.source);
    this.index.imports = imports.statements;
    this.index.importInsertion = imports.insertion;
    if (imports.starImports.length > 0) this.index.starImports = imports.starImports;
    Object.assign(this.index.bindings, imports.bindings);
    this.importedNames = new Set(Object.keys(imports.bindings));
    this.collectModuleBindings(this.root);
    this.walk(this.root, { functionId: null, entry: this.mainModule, syncOnly: this.mainModule ? undefined : 'module level' });
    this.typeVariablesSetThroughGlobal();
    this.countOtherUses();
    readCallbackParameters(this.options.source.text, this.index.functions, this.index.calls);
    this.readDecorators();
    this.namePatchesOn();
    const replaced = replacedAttributes(this.options.source.text);
    if (replaced) this.index.replacedAttributes = replaced;
    if (this.index.isTestModule) {
      const onOtherObjects = replacedAttributes(this.options.source.text, true);
      if (onOtherObjects) this.index.replacedByTests = onOtherObjects;
    }
    const sites = this.runTransforms();
    return { index: this.index, sites };
  }

  /** A project function's name, or an alias it was imported under (`from pkg.__main__ import main as _main`). */
  private namesAProjectFunction(name: string): boolean {
    if (this.options.projectFunctionNames.has(name)) return true;
    const binding = this.importedNames.has(name) ? own(this.index.bindings, name) : undefined;
    return binding?.kind === 'from-import' && this.options.projectFunctionNames.has(binding.name);
  }

  /** An imported project module (`from pkg.languages import docker`): handed on as a value, its functions go with it. */
  private namesAProjectModule(name: string): boolean {
    const binding = this.importedNames.has(name) ? own(this.index.bindings, name) : undefined;
    if (binding?.kind === 'module') return !!this.options.projectModules?.has(binding.module);
    return binding?.kind === 'from-import' && !!this.options.projectModules?.has(`${binding.module}.${binding.name}`);
  }

  // ---- module-level bindings -------------------------------------------------------------------

  /**
   * A module variable that functions rebind (`global _setter` then `_setter = ProcTitleSetter(prefix)`)
   * holds what every binding says, `None` aside: one type when they agree (a variable set to `None`
   * and filled in by `init()`), none when they do not.
   */
  private typeVariablesSetThroughGlobal(): void {
    const rebound = new Map<string, (TypeSource | undefined)[]>();
    for (const scope of this.scopesByNode.values()) {
      for (const name of scope.moduleGlobals) {
        const types = rebound.get(name) ?? rebound.set(name, []).get(name)!;
        for (const value of scope.boundValues.get(name) ?? []) {
          if (value?.type !== 'none') types.push(value ? this.typeOfValue(value, scope) : undefined);
        }
      }
    }
    for (const [name, types] of rebound) {
      const binding = own(this.index.bindings, name);
      if (binding?.kind !== 'variable') continue;
      // Set to a dotted name and rebound elsewhere: no longer an alias of it.
      delete binding.alias;
      if (types.length === 0 || this.annotatedAtModuleLevel.has(name)) continue;
      const declared = binding.type ?? (this.noneAtModuleLevel.has(name) ? types[0] : undefined);
      this.index.bindings[name] = { kind: 'variable', type: commonType([declared, ...types]) };
    }
  }

  /** Module-level assignments, also inside `if`/`try`/`with` blocks, in source order. */
  private collectModuleBindings(root: SyntaxNode): void {
    const pending = [...root.namedChildren].reverse();
    for (let statement = pending.pop(); statement; statement = pending.pop()) {
      switch (statement.type) {
        case 'expression_statement': {
          const assignment = statement.namedChildren[0];
          if (assignment?.type === 'assignment') {
            const left = assignment.childForFieldName('left');
            const right = assignment.childForFieldName('right');
            if (left?.type === 'identifier') {
              const previous = own(this.index.bindings, left.text);
              const annotation = assignment.childForFieldName('type');
              // What the code declares (`languages: dict[str, Language] = {...}`) before what the value says.
              const type = (annotation ? this.annotationType(annotation, undefined) : undefined) ?? this.typeOfValue(right, undefined);
              const dotted = right && (right.type === 'identifier' || right.type === 'attribute') ? this.refOf(right, undefined) : null;
              const alias = type ? null : dotted;
              // `try: import yaml` / `except ImportError: yaml = None`: None has no attribute to call,
              // so whatever reaches a function through the name reaches it through the import.
              const optionalImport = right?.type === 'none' && (previous?.kind === 'module' || previous?.kind === 'from-import'
                || (previous?.kind === 'ambiguous' && !!previous.alternatives));
              if (!optionalImport) {
                this.index.bindings[left.text] = previous ? boundAgain(previous, alias)
                  : alias ? { kind: 'variable', alias } : { kind: 'variable', type };
              }
              if (!previous && right?.type === 'none') this.noneAtModuleLevel.add(left.text);
              if (!previous && annotation) this.annotatedAtModuleLevel.add(left.text);
              if (dotted && this.index.isTestModule && !previous) this.moduleAliases.set(left.text, dotted);
            }
          }
          break;
        }
        case 'if_statement':
        case 'try_statement':
        case 'with_statement':
        case 'block':
        case 'else_clause':
        case 'elif_clause':
        case 'except_clause':
        case 'finally_clause':
          pending.push(...[...statement.namedChildren].reverse());
          break;
        // Functions and classes are bound when visited, with their ids.
      }
    }
  }

  // ---- the walk --------------------------------------------------------------------------------

  /** Visits the children of `root`, depth-first in source order, without recursion. */
  private walk(root: SyntaxNode, context: WalkContext): void {
    const stack: WalkStep[] = [];
    const then: WalkStep[] = [];
    this.visitChildren(root, context, then);
    for (;;) {
      for (let i = then.length - 1; i >= 0; i--) stack.push(then[i]);
      then.length = 0;
      const step = stack.pop();
      if (!step) return;
      if (typeof step === 'function') {
        this.activeNarrowings = NO_NARROWINGS;
        step(then);
      }
      else if ('cursor' in step) this.walkSubtree(step.cursor, step.context, step.depth, true, stack, step.parents);
      else this.walkSubtree(step.node.walk(), step.context, 0, false, stack);
    }
  }

  /**
   * Visits a subtree with a tree cursor, making node objects only where there is something to record.
   * A node that changes the context of its children is visited as a node: the cursor walk pauses on
   * the stack under its steps.
   * `depth` counts from the subtree's root; `resume` moves past the node the walk paused on.
   */
  private walkSubtree(cursor: TreeCursor, context: WalkContext, depth: number, resume: boolean, stack: WalkStep[], parents: string[] = []): void {
    const text = this.options.source.text;
    this.activeNarrowings = context.narrowed ?? NO_NARROWINGS;
    let descend = !resume;
    for (;;) {
      if (descend) {
        const type = cursor.nodeType;
        descend = cursor.nodeIsNamed;
        if (descend && (CONTEXT_NODES.has(type) || (type === 'if_statement' && context.functionId === null && !context.classInfo && isMainGuard(cursor.currentNode))
          || (context.scope && (type === 'if_statement' || type === 'block') && this.mentionsIsinstance(cursor.startIndex, cursor.endIndex))
          || (type === 'try_statement' && context.functionId && catchesStopIteration(cursor.currentNode)))) {
          const then: WalkStep[] = [];
          this.visit(cursor.currentNode, context, then);
          stack.push({ cursor, context, depth, parents });
          for (let i = then.length - 1; i >= 0; i--) stack.push(then[i]);
          return;
        }
        if (descend) {
          switch (type) {
            case 'identifier': {
              const start = cursor.startIndex;
              const end = cursor.endIndex;
              const name = text.slice(start, end);
              if (this.importedNames.has(name)) (this.index.identifierUses[name] ??= []).push({ start, end });
              if ((this.namesAProjectFunction(name) || this.namesAProjectModule(name)) && mayBeValue(parents, depth)) this.recordReference(cursor.currentNode, name, context);
              descend = false;
              break;
            }
            case 'attribute': {
              const name = lastName(text, cursor.endIndex);
              if ((name === undefined || this.options.projectFunctionNames.has(name)) && mayBeValue(parents, depth)) this.recordAttributeReference(cursor.currentNode, context);
              break;
            }
            case 'import_statement':
            case 'import_from_statement':
            case 'future_import_statement':
              descend = false;
              break;
            case 'assignment': {
              const left = cursor.currentNode.childForFieldName('left');
              if (left?.type === 'attribute' || (left && UNPACKING_TARGETS.has(left.type))) this.recordAttributeWrite(cursor.currentNode, context);
              if (left && UNPACKING_TARGETS.has(left.type)) this.visitOwnFacts(cursor.currentNode, context);
              // Typed later, where the name is used: with the narrowings in force here.
              if (context.narrowed?.length) {
                const right = cursor.currentNode.childForFieldName('right');
                if (right) this.narrowingsAtValue.set(right.startIndex, context.narrowed);
              }
              break;
            }
            case 'call':
            case 'for_statement':
            case 'for_in_clause':
            case 'with_statement':
            case 'try_statement':
            case 'with_item':
            case 'comparison_operator':
            case 'list_splat':
              this.visitOwnFacts(cursor.currentNode, context);
              break;
          }
        }
        if (descend && cursor.gotoFirstChild()) {
          parents[depth++] = type;
          continue;
        }
      }
      descend = true;
      for (;;) {
        if (depth === 0) return;
        if (cursor.gotoNextSibling()) break;
        cursor.gotoParent();
        depth--;
      }
    }
  }

  /**
   * `try: prompt(...) except StopIteration:` — a StopIteration cannot leave a coroutine (PEP 479 turns
   * it into RuntimeError), so the calls in the body stay sync for the handler to still see it.
   */
  private visitStopIterationTry(node: SyntaxNode, context: WalkContext, then: WalkStep[]): void {
    readStopIterationGuards(node, this.index);
    const body = node.childForFieldName('body');
    for (const child of node.namedChildren) {
      then.push({ node: child, context: body && child.startIndex === body.startIndex ? { ...context, syncOnly: 'try catching StopIteration' } : context });
    }
  }

  /** `then` receives, in order, what must be visited next (the node's subtrees, in their contexts). */
  private visitChildren(node: SyntaxNode, context: WalkContext, then: WalkStep[]): void {
    if (node.type === 'block' && context.scope && this.mentionsIsinstance(node.startIndex, node.endIndex)) return this.visitNarrowingBlock(node, context, then);
    for (const child of node.namedChildren) then.push({ node: child, context });
  }

  /** A node that changes the context of its children: `then` receives its subtrees, in their contexts. */
  private visit(node: SyntaxNode, context: WalkContext, then: WalkStep[]): void {
    this.activeNarrowings = context.narrowed ?? NO_NARROWINGS;
    switch (node.type) {
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        return;
      case 'decorated_definition':
        return this.visitDecorated(node, context, then);
      case 'function_definition':
        return this.visitFunction(node, [], context, then);
      case 'class_definition':
        return this.visitClass(node, context, then);
      case 'lambda':
        return this.visitChildren(node, { ...context, syncOnly: 'lambda', generator: undefined }, then);
      case 'if_statement':
        if (context.functionId === null && !context.classInfo && isMainGuard(node)) {
          const consequence = node.childForFieldName('consequence');
          const condition = node.childForFieldName('condition');
          if (condition) then.push({ node: condition, context });
          if (consequence) this.visitChildren(consequence, { ...context, entry: true, syncOnly: undefined }, then);
          for (const alternative of node.childrenForFieldName('alternative')) then.push({ node: alternative, context });
          return;
        }
        if (context.scope) return this.visitNarrowingIf(node, context, then);
        break;
      case 'block':
        if (context.scope) return this.visitNarrowingBlock(node, context, then);
        break;
      case 'generator_expression':
        return this.visitGenerator(node, context, then);
      case 'try_statement':
        return this.visitStopIterationTry(node, context, then);
    }
    // walkSubtree hands only the nodes above here; any other is visited as it would walk it.
    this.visitOwnFacts(node, context);
    this.visitChildren(node, context, then);
  }

  // ---- isinstance narrowing (narrowing.ts) ----------------------------------------------------

  /** The narrowings of the context the walk records facts in; rootOf reads them. */
  private activeNarrowings: readonly Narrowed[] = NO_NARROWINGS;
  private isinstanceAt?: number[];

  /** Does `isinstance` occur in [start, end)? Only such ifs and blocks are visited node by node. */
  private mentionsIsinstance(start: number, end: number): boolean {
    if (!this.isinstanceAt) {
      this.isinstanceAt = [];
      const text = this.options.source.text;
      for (let at = text.indexOf('isinstance'); at !== -1; at = text.indexOf('isinstance', at + 1)) this.isinstanceAt.push(at);
    }
    const positions = this.isinstanceAt;
    let low = 0;
    let high = positions.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (positions[middle] < start) low = middle + 1;
      else high = middle;
    }
    return low < positions.length && positions[low] < end;
  }

  private narrowedContext(context: WalkContext, found: ReturnType<typeof narrowingsOf>): WalkContext {
    const scope = context.scope;
    if (!scope || found.length === 0) return context;
    const added: Narrowed[] = [];
    for (const { name, cls } of found) {
      const owner = bindingScope(scope, name.split('.')[0]);
      const ref = this.refOf(cls, scope);
      if (owner && ref) added.push({ name, owner, type: { kind: 'annotation', ref } });
    }
    return added.length > 0 ? { ...context, narrowed: [...(context.narrowed ?? []), ...added] } : context;
  }

  /** `if isinstance(x, C):` — `x` is a `C` in the consequence. */
  private visitNarrowingIf(node: SyntaxNode, context: WalkContext, then: WalkStep[]): void {
    const condition = node.childForFieldName('condition');
    const consequence = node.childForFieldName('consequence');
    if (condition) then.push({ node: condition, context });
    if (consequence) then.push({ node: consequence, context: this.narrowedContext(context, narrowingsOf(condition)) });
    for (const alternative of node.childrenForFieldName('alternative')) then.push({ node: alternative, context });
  }

  /** `assert isinstance(x, C)` or `if not isinstance(x, C): return` — `x` is a `C` further down the block. */
  private visitNarrowingBlock(node: SyntaxNode, context: WalkContext, then: WalkStep[]): void {
    let current = context;
    for (const child of node.namedChildren) {
      then.push({ node: child, context: current });
      current = this.narrowedContext(current, narrowingsAfter(child));
    }
  }

  /** `self._response.connection` inside `if isinstance(self._response, HTTPResponse):`: the attribute as a typed value. */
  private narrowedAttribute(head: string, path: readonly string[], scope: FunctionScope | undefined): NameRef | undefined {
    if (this.activeNarrowings.length === 0 || !scope) return undefined;
    const owner = bindingScope(scope, head);
    const name = `${head}.${path[0]}`;
    const type = owner ? this.narrowedType(name, owner) : undefined;
    return type ? { root: { kind: 'local-var', name, type }, path: path.slice(1) } : undefined;
  }

  /** The narrowings in force where a value is assigned (`x = self.conn.sock` inside `if isinstance(self.conn, ...)`). */
  private readonly narrowingsAtValue = new Map<number, readonly Narrowed[]>();

  /** An assigned value's type, read with the narrowings in force where it is assigned rather than those where its name is used. */
  private typeAssigned(value: SyntaxNode, typeOf: () => TypeSource | undefined): TypeSource | undefined {
    const atUse = this.activeNarrowings;
    this.activeNarrowings = this.narrowingsAtValue.get(value.startIndex) ?? NO_NARROWINGS;
    try {
      return typeOf();
    } finally {
      this.activeNarrowings = atUse;
    }
  }

  private narrowedType(name: string, owner: FunctionScope): TypeSource | undefined {
    const narrowings = this.activeNarrowings;
    for (let i = narrowings.length - 1; i >= 0; i--) {
      if (narrowings[i].owner === owner && narrowings[i].name === name) return narrowings[i].type;
    }
    return undefined;
  }

  /** What a call, a loop, a `with` or a `try` records about itself (its children are walked after). */
  private visitOwnFacts(node: SyntaxNode, context: WalkContext): void {
    switch (node.type) {
      case 'call':
        this.recordCall(node, context);
        this.recordCallOperand(node, context);
        break;
      case 'for_statement':
      case 'for_in_clause':
        this.recordOperand(node.childForFieldName('right'), context);
        break;
      // Iterations with no async form, recorded so that an object's `__next__` stays sync for them.
      case 'assignment':
        if (UNPACKING_TARGETS.has(node.childForFieldName('left')?.type ?? '')) this.recordOperand(node.childForFieldName('right'), context);
        break;
      case 'comparison_operator':
        for (const operand of node.namedChildren) if (followsIn(operand)) this.recordOperand(operand, context);
        break;
      case 'list_splat':
        this.recordOperand(node.namedChildren[0], context);
        break;
      case 'with_statement':
        readWithStatement(node, this.root, this.options.source, this.index);
        break;
      case 'try_statement':
        readStopIterationGuards(node, this.index);
        break;
      case 'with_item': {
        const value = node.childForFieldName('value');
        this.recordOperand(value?.type === 'as_pattern' ? value.namedChildren[0] : value, context);
        break;
      }
    }
  }

  private visitGenerator(node: SyntaxNode, context: WalkContext, then: WalkStep[]): void {
    // The first iterable is evaluated in the enclosing scope; everything else runs lazily inside.
    const firstClause = node.namedChildren.find((child) => child.type === 'for_in_clause');
    const firstIterable = firstClause?.childForFieldName('right');
    const inside = { ...context, generator: { node } };
    for (const child of node.namedChildren) {
      if (child === firstClause && firstIterable) {
        // The clause itself is not visited: its iterated name is recorded here.
        this.recordOperand(firstIterable, context);
        for (const part of child.namedChildren) then.push({ node: part, context: sameNode(part, firstIterable) ? context : inside });
      } else {
        then.push({ node: child, context: inside });
      }
    }
  }

  private visitDecorated(node: SyntaxNode, context: WalkContext, then: WalkStep[]): void {
    const decorators = node.namedChildren.filter((child) => child.type === 'decorator');
    for (const decorator of decorators) this.visitChildren(decorator, { ...context, syncOnly: 'decorator', generator: undefined }, then);
    const definition = node.childForFieldName('definition');
    if (definition?.type === 'function_definition') then.push((next) => this.visitFunction(definition, decorators, context, next, node));
    else if (definition?.type === 'class_definition') {
      for (const decorator of decorators) {
        const expression = decorator.namedChildren[0];
        const base = expression?.type === 'attribute' && expression.childForFieldName('attribute')?.text === 'register' ? expression.childForFieldName('object') : null;
        const ref = base ? this.refOf(base, context.scope) : null;
        if (ref) (this.index.classRegistrations ??= []).push(ref);
      }
      then.push((next) => this.visitClass(definition, context, next));
    }
  }

  private visitClass(node: SyntaxNode, context: WalkContext, then: WalkStep[]): void {
    const name = node.childForFieldName('name')?.text ?? '?';
    const qualname = context.classInfo ? `${context.classInfo.qualname}.${name}` : context.functionId ? `${this.qualnameOf(context.functionId)}.${name}` : name;
    const id = this.uniqueId(`${this.index.module}:${qualname}`);
    const superclasses = node.childForFieldName('superclasses');
    const baseNodes = (superclasses?.namedChildren ?? []).filter((child) => child.type !== 'keyword_argument');
    const info: ClassInfo = {
      id,
      module: this.index.module,
      name,
      qualname,
      line: this.line(node.startIndex),
      bases: [],
      baseSpans: [],
      methods: nameRecord(),
      attributeTypes: nameRecord(),
    };
    for (const base of baseNodes.flatMap((node) => basesThroughMetaclassHelper(node) ?? [node])) {
      // `PaginatedListBase[T]`: the generic class itself is the base.
      const named = base.type === 'subscript' ? base.childForFieldName('value') ?? base : base;
      const ref = this.refOf(named, context.scope);
      if (ref) {
        info.bases.push(ref);
        info.baseSpans.push(span(named));
      }
    }
    if (superclasses) this.visitChildren(superclasses, { ...context, syncOnly: 'class body', generator: undefined }, then);
    then.push((next) => {
      this.index.classes.push(info);
      this.definitions.push({ node, info });
      this.classesByNode.set(node.startIndex, info);
      if (!context.functionId && !context.classInfo) this.index.bindings[name] = { kind: 'class', id };
      const body = node.childForFieldName('body');
      if (body) {
        this.collectClassAnnotations(body, info, context.scope);
        this.visitChildren(body, { scope: context.scope, functionId: null, classInfo: info, syncOnly: 'class body', entry: false }, next);
      }
    });
  }

  private collectClassAnnotations(body: SyntaxNode, info: ClassInfo, scope: FunctionScope | undefined): void {
    for (const statement of body.namedChildren) {
      const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const annotation = assignment.childForFieldName('type');
      if (left?.type === 'identifier') (info.assignedAttributes ??= []).push(left.text);
      // `perf = None` declares a slot that others fill; `processes = set()` holds what the value is;
      // any other unannotated value may be anything.
      const right = assignment.childForFieldName('right');
      if (left?.type === 'identifier' && !annotation && right?.type !== 'none') {
        const valueType = right?.type === 'call' ? this.typeOfValue(right, scope) : undefined;
        const known = info.classValueTypes && own(info.classValueTypes, left.text);
        if (valueType && (!known || JSON.stringify(known) === JSON.stringify(valueType))) (info.classValueTypes ??= {})[left.text] = valueType;
        else (info.untypedAttributes ??= []).push(left.text);
      }
      if (left?.type === 'identifier' && annotation) {
        const type = this.annotationType(annotation, scope);
        if (type) info.attributeTypes[left.text] = type;
      }
    }
  }

  private visitFunction(node: SyntaxNode, decoratorNodes: SyntaxNode[], context: WalkContext, then: WalkStep[], decorated?: SyntaxNode): void {
    const name = node.childForFieldName('name')?.text ?? '?';
    const inClass = context.classInfo;
    const qualname = inClass ? `${inClass.qualname}.${name}` : context.functionId ? `${this.qualnameOf(context.functionId)}.${name}` : name;
    const id = this.uniqueId(`${this.index.module}:${qualname}`);
    this.functionIds.set(node.startIndex, id);
    const decorators: Decorator[] = decoratorNodes.map((decorator) => {
      const expression = decorator.namedChildren[0];
      const target = expression?.type === 'call' ? expression.childForFieldName('function') : expression;
      return { ref: target ? this.refOf(target, context.scope) : null, text: decorator.text, span: span(decorator) };
    });
    const decoratorNames = decorators.map((decorator) => decorator.ref?.path.at(-1) ?? (decorator.ref?.root.kind === 'global' ? decorator.ref.root.name : ''));
    const methodKind = !inClass ? undefined
      : decoratorNames.includes('staticmethod') ? 'static'
        : decoratorNames.includes('classmethod') || name === '__new__' || name === '__init_subclass__' || name === '__class_getitem__' ? 'class'
          : 'instance';
    const scope = buildFunctionScope(node, context.scope, methodKind,
      (level, rest) => resolveRelativeModule(this.index.module, this.index.isPackageInit, level, rest));
    this.scopesByNode.set(node.startIndex, scope);
    const body = node.childForFieldName('body');
    const parametersNode = node.childForFieldName('parameters');
    const returnTypeNode = node.childForFieldName('return_type');
    const defKeyword = node.children.find((token) => token.type === 'def');
    const outer = decorated ?? node;
    const generatorFacts = generatorFactsOf(scope);
    const info: FunctionInfo = {
      id,
      module: this.index.module,
      name,
      qualname,
      classId: inClass?.id,
      line: this.line(node.startIndex),
      span: span(outer),
      defKeyword: defKeyword?.startIndex ?? node.startIndex,
      nameSpan: span(node.childForFieldName('name') ?? node),
      parametersText: parametersNode?.text ?? '()',
      returnAnnotationText: returnTypeNode ? ` -> ${returnTypeNode.text}` : '',
      parametersEnd: parametersNode?.endIndex ?? (node.childForFieldName('name') ?? node).endIndex,
      literalReturn: returnTypeNode || generatorFacts.isGenerator ? undefined : literalReturnType(scope.returns, body),
      parameters: this.parametersOf(parametersNode, scope),
      indent: this.options.source.indentationAt(outer.startIndex),
      isAsync: node.children.some((token) => token.type === 'async'),
      isGenerator: generatorFacts.isGenerator,
      returnsValueFromGenerator: generatorFacts.isGenerator && generatorFacts.returnsValue,
      returnsSelf: generatorFacts.returnsSelf,
      decorators,
      keepSync: KEEP_SYNC_COMMENT.test(this.headerText(outer, body)),
      returnType: returnTypeNode ? this.annotationType(returnTypeNode, context.scope)
        : this.returnTypeFromCalls(generatorFacts.isGenerator ? generatorFacts.yieldedValues : generatorFacts.returnCalls, scope),
      iteratorAnnotation: returnTypeNode ? this.iteratorAnnotation(returnTypeNode) : undefined,
      // Only `__next__` turns its `raise StopIteration` into `StopAsyncIteration`.
      stopIterationRaises: body && name === '__next__' ? stopIterationRaises(body) : [],
      nestedIn: context.functionId ?? undefined,
    };
    this.index.functions.push(info);
    this.definitions.push({ node, info });
    if (inClass) inClass.methods[name] = id;
    else if (!context.functionId) this.bindModuleFunction(name, info);

    // Defaults and annotations are evaluated where the `def` runs, not inside the function.
    for (const parameter of parametersNode?.namedChildren ?? []) {
      const value = parameter.childForFieldName('value');
      if (value) then.push({ node: value, context: { ...context, syncOnly: 'default argument', generator: undefined } });
      const annotation = parameter.childForFieldName('type');
      if (annotation) then.push(() => this.recordImportUses(annotation));
    }
    then.push(() => {
      if (returnTypeNode) this.recordImportUses(returnTypeNode);
      // `self.x = ...` in a method, and `cls.x = ...` in a classmethod (unittest's setUpClass).
      if (inClass && (methodKind === 'instance' || methodKind === 'class') && scope.receiverName && body) this.collectSelfAttributes(body, scope, inClass);
    });
    if (body) this.visitChildren(body, { scope, functionId: id, syncOnly: undefined, entry: false }, then);
  }

  private headerText(outer: SyntaxNode, body: SyntaxNode | null): string {
    const text = this.options.source.text;
    const headerEnd = body ? text.indexOf('\n', body.startIndex > 0 ? text.lastIndexOf(':', body.startIndex) : outer.startIndex) : outer.endIndex;
    const lineBefore = text.slice(text.lastIndexOf('\n', outer.startIndex - 2) + 1, outer.startIndex);
    return lineBefore + text.slice(outer.startIndex, headerEnd === -1 ? outer.endIndex : headerEnd);
  }

  /** `-> Callable[[A, B], R]` (typing or collections.abc): where `R` and `Callable` are written. */
  private callableResult(returnType: SyntaxNode): CallableResult | undefined {
    const generic = this.genericAnnotation(returnType);
    const match = generic && /^(typing|collections\.abc)\.Callable$/.exec(generic.qualified);
    if (!generic || !match || generic.args.length !== 2) return undefined;
    return { result: span(generic.args[1]), head: span(generic.head), module: match[1], bare: generic.head.type === 'identifier' };
  }

  private iteratorAnnotation(returnType: SyntaxNode): IteratorAnnotation | undefined {
    const generic = this.genericAnnotation(returnType);
    const match = generic && /^(typing|collections\.abc)\.(Iterator|Iterable|Generator)$/.exec(generic.qualified);
    if (!generic || !match) return undefined;
    const { head, args } = generic;
    const name = head.type === 'attribute' ? head.childForFieldName('attribute')! : head;
    const kind = match[2] as IteratorAnnotation['kind'];
    const generatorReturn = kind === 'Generator' && args.length === 3 ? { start: args[1].endIndex, end: args[2].endIndex } : undefined;
    return { name: span(name), module: match[1], bare: head.type === 'identifier', kind, generatorReturn };
  }

  /** `-> Head[A, B]`: the head as written, its qualified name, and the arguments. */
  private genericAnnotation(returnType: SyntaxNode): { head: SyntaxNode; qualified: string; args: SyntaxNode[] } | undefined {
    const generic = returnType.namedChildren[0];
    if (!generic || (generic.type !== 'generic_type' && generic.type !== 'subscript')) return undefined;
    const head = generic.type === 'subscript' ? generic.childForFieldName('value') : generic.namedChildren[0];
    if (!head) return undefined;
    const ref = this.refOf(head, undefined);
    const qualified = ref ? new QualifiedNames(this.index.bindings, this.classesByNode, this.scopesByNode, this.options.projectModules, undefined, this.enclosing()).ofRef(ref) : undefined;
    if (!qualified) return undefined;
    const args = generic.type === 'subscript' ? generic.childrenForFieldName('subscript') : generic.namedChildren[1]?.namedChildren ?? [];
    return { head, qualified, args };
  }

  private parametersOf(node: SyntaxNode | null, scope: FunctionScope): Parameter[] {
    const parameters: Parameter[] = [];
    let keywordOnly = false;
    for (const parameter of node?.namedChildren ?? []) {
      if (parameter.type === 'positional_separator') {
        parameters.push({ name: '/', kind: 'positional-only-marker' });
        continue;
      }
      if (parameter.type === 'keyword_separator') {
        keywordOnly = true;
        parameters.push({ name: '*', kind: 'keyword-only-marker' });
        continue;
      }
      const name = parameterName(parameter);
      if (!name) continue;
      const annotationNode = parameter.childForFieldName('type');
      const annotation = annotationNode ? this.refOf(annotationNode.namedChildren[0] ?? annotationNode, scope.parent) ?? undefined : undefined;
      // `*emails: str` is a typed parameter around the splat.
      const shape = parameter.type === 'typed_parameter' ? parameter.namedChildren[0]?.type ?? parameter.type : parameter.type;
      if (shape === 'list_splat_pattern') {
        keywordOnly = true;
        parameters.push({ name, kind: 'var-positional' });
      } else if (shape === 'dictionary_splat_pattern') {
        parameters.push({ name, kind: 'var-keyword' });
      } else {
        const rebound = scope.assignedFrom.has(name) ? { rebound: true } : {};
        const optional = parameter.type === 'default_parameter' || parameter.type === 'typed_default_parameter' ? { optional: true } : {};
        const callableResult = annotationNode ? this.callableResult(annotationNode) : undefined;
        parameters.push({ name, kind: keywordOnly ? 'keyword-only' : 'positional', annotation, ...rebound, ...optional,
          ...(annotationNode ? { annotated: true } : {}), ...(callableResult ? { callableResult } : {}) });
      }
    }
    return parameters;
  }

  private collectSelfAttributes(body: SyntaxNode, scope: FunctionScope, info: ClassInfo): void {
    for (const assignment of body.descendantsOfType('assignment')) {
      const left = assignment.childForFieldName('left');
      // `self.reader, self.writer = connect()`: bound to values of no known type.
      if (left && UNPACKING_TARGETS.has(left.type)) {
        for (const target of unpackedAttributes(left)) {
          const object = target.childForFieldName('object');
          if (object?.type === 'identifier' && object.text === scope.receiverName) (info.untypedAttributes ??= []).push(target.childForFieldName('attribute')!.text);
        }
      }
      if (left?.type !== 'attribute') continue;
      const object = left.childForFieldName('object');
      const attribute = left.childForFieldName('attribute')?.text;
      if (object?.type !== 'identifier' || object.text !== scope.receiverName || !attribute) continue;
      (info.assignedAttributes ??= []).push(attribute);
      const right = assignment.childForFieldName('right');
      const asserted = assertedClassAfter(assignment, left.text);
      const assertedRef = asserted && this.refOf(asserted, scope);
      // What the code declares (`self.bot: TeleBot = bot`) comes before what the value says (`bot: str`).
      const declared = assignment.childForFieldName('type');
      const type = (assertedRef ? { kind: 'call' as const, callee: assertedRef } : undefined)
        ?? (declared ? this.annotationType(declared, scope) : undefined)
        ?? this.typeOfAssignedValue(right, scope);
      if (!type) {
        if (right?.type !== 'none') (info.untypedAttributes ??= []).push(attribute);
        continue;
      }
      const known = Object.hasOwn(info.attributeTypes, attribute) ? info.attributeTypes[attribute] : undefined;
      // A declared type (`manager: ServerManager = None` in the class body) holds whatever is assigned;
      // two assignments of different kinds of value leave it unknown.
      if (known?.kind === 'annotation') continue;
      info.attributeTypes[attribute] = known && JSON.stringify(known) !== JSON.stringify(type) && type.kind !== 'annotation'
        ? { kind: 'call', callee: { root: { kind: 'unknown' }, path: [] } }
        : type;
    }
  }

  /** `self.pool.perf = self.perf`, `pool.perf = Perf()`: what another object's attribute is set to. */
  private recordAttributeWrite(assignment: SyntaxNode, context: WalkContext): void {
    const left = assignment.childForFieldName('left');
    if (left && UNPACKING_TARGETS.has(left.type)) {
      // `pool.perf, pool.size = make()`: written, with values of no known type.
      for (const target of unpackedAttributes(left)) {
        const object = target.childForFieldName('object')!;
        const ref = object.type === 'identifier' && object.text === context.scope?.receiverName ? null : this.refOf(object, context.scope);
        if (ref) (this.index.attributeWrites ??= []).push({ object: ref, attribute: target.childForFieldName('attribute')!.text, scope: context.functionId, line: this.line(assignment.startIndex) });
      }
      return;
    }
    if (this.index.isTestModule) {
      const double = this.testDoubles.readAssignment(assignment, context.scope, context.functionId);
      if (double) this.index.testDoubles.push(double);
    }
    const object = left?.childForFieldName('object');
    const attribute = left?.childForFieldName('attribute')?.text;
    if (!object || !attribute || (object.type === 'identifier' && object.text === context.scope?.receiverName)) return;
    const ref = this.refOf(object, context.scope);
    if (!ref) return;
    const type = this.typeOfAssignedValue(assignment.childForFieldName('right'), context.scope);
    (this.index.attributeWrites ??= []).push({ object: ref, attribute, ...(type ? { type } : {}), scope: context.functionId, line: this.line(assignment.startIndex) });
  }

  /** What an attribute is set to: a local's type (`self.queue = queue` keeps its annotation), a value's, another attribute's. */
  private typeOfAssignedValue(right: SyntaxNode | null, scope: FunctionScope | undefined): TypeSource | undefined {
    const fromLocal = right?.type === 'identifier' && scope && bindingScope(scope, right.text) === scope ? this.localType(right.text, scope) ?? this.parameterSource(right.text, scope) : undefined;
    return fromLocal ?? this.typeOfValue(right, scope) ?? this.typeOfAttributeValue(right, scope);
  }

  /** The one type every returned (or yielded) value has: `Client(...)`, or a local holding one. */
  private returnTypeFromCalls(values: SyntaxNode[], scope: FunctionScope): TypeSource | undefined {
    if (values.length === 0) return undefined;
    const types = values.map((value) => value.type === 'identifier' && value.text === scope.receiverName && scope.receiverKind === 'self'
      ? { kind: 'self-instance' as const }
      : value.type === 'identifier' && bindingScope(scope, value.text) === scope
        ? this.localType(value.text, scope)
        : this.typeOfExpression(value, scope));
    return commonType(types);
  }

  // ---- calls and references --------------------------------------------------------------------

  /** `operator.methodcaller`, or `methodcaller` imported from operator (asked of every call: the bindings first, the text last). */
  private isMethodCaller(callee: SyntaxNode | null): boolean {
    if (callee?.type === 'attribute') return own(this.index.bindings, 'operator')?.kind === 'module' && callee.text === 'operator.methodcaller';
    const binding = callee?.type === 'identifier' ? own(this.index.bindings, 'methodcaller') : undefined;
    return binding?.kind === 'from-import' && binding.module === 'operator' && binding.name === 'methodcaller' && callee!.text === 'methodcaller';
  }

  /** `getattr(obj, name)`, Python's own: not a function of that name the module defines or imports. */
  private callsBuiltinGetattr(node: SyntaxNode): boolean {
    if (node.type !== 'call') return false;
    const callee = node.childForFieldName('function');
    return callee?.type === 'identifier' && callee.text === 'getattr' && !own(this.index.bindings, 'getattr');
  }

  /**
   * `method = getattr(self, action, None)` … `method(*args)` (gunicorn's DirtyApp): a local that holds
   * a method looked up by a computed name, then called, is called as `getattr(self, action)(...)` is.
   */
  private lookupHeldIn(name: string, scope: FunctionScope | undefined): ReturnType<typeof getattrParts> {
    const assigned = scope && bindingScope(scope, name) === scope ? scope.assignedFrom.get(name) : undefined;
    if (!assigned || assigned === 'many' || !this.callsBuiltinGetattr(assigned)) return undefined;
    const parts = getattrParts(assigned);
    return parts?.literal === undefined ? parts : undefined;
  }

  private recordCall(node: SyntaxNode, context: WalkContext): void {
    const callee = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!callee || !args) return;
    let ref = this.refOf(callee, context.scope);
    let dynamic: string | undefined;
    let dynamicTarget: CallSite['dynamicTarget'];
    let computedMethod: string | undefined;
    if (this.callsBuiltinGetattr(node)) this.recordGetattrReference(node, context);
    if (this.isMethodCaller(callee)) this.recordMethodCallerReference(node, args, context);
    const lookup = this.callsBuiltinGetattr(callee) ? getattrParts(callee)
      : callee.type === 'identifier' ? this.lookupHeldIn(callee.text, context.scope) : undefined;
    const byName = callee.type === 'call' && this.isMethodCaller(callee.childForFieldName('function')) ? methodCallerParts(callee, args) : undefined;
    if (byName) {
      // `operator.methodcaller("copy")(records)` is `records.copy()`.
      const receiver = byName.object ? this.refOf(byName.object, context.scope) : null;
      if (byName.literal !== undefined && receiver) ref = { root: receiver.root, path: [...receiver.path, byName.literal] };
      else {
        ref = null;
        dynamic = 'operator.methodcaller()';
        dynamicTarget = { receiver, pattern: byName.pattern };
      }
    } else if (lookup) {
      const receiver = this.refOf(lookup.object, context.scope);
      if (lookup.literal !== undefined && receiver) ref = { root: receiver.root, path: [...receiver.path, lookup.literal] };
      else {
        ref = null;
        dynamic = 'getattr()';
        dynamicTarget = { receiver, pattern: lookup.pattern };
      }
    } else if (!ref) {
      // Only a computed callee that could be a project function is worth a reviewer's time.
      const name = callee.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
      if (callee.type === 'subscript') dynamic = 'a function looked up in a container';
      else if (name && this.options.projectFunctionNames.has(name)) computedMethod = name;
    }
    if (ref && ref.root.kind === 'call-result' && ref.path.length === 0) ref = null;
    const generator = context.generator ? this.generatorInfo(context.generator.node) : undefined;
    const usage = classifyCallUsage(node, (index) => this.options.source.indentationAt(index));
    // `next(pages())` in that `try` becomes `await anext(pages())`, its handler StopAsyncIteration.
    const syncOnly = context.syncOnly === 'try catching StopIteration' && usage.kind === 'next' ? undefined : context.syncOnly;
    const site: CallSite = {
      span: span(node),
      calleeSpan: span(callee),
      argsSpan: span(args),
      callee: ref,
      dynamic,
      dynamicTarget,
      ...(computedMethod ? { computedMethod } : {}),
      scope: context.functionId,
      syncOnly,
      entry: context.entry || undefined,
      needsParens: awaitNeedsParentheses(node),
      inGenerator: generator,
      usage,
      line: this.line(node.startIndex),
      passes: this.argumentsOf(args, context.scope),
    };
    const shown = this.receiverShown(node, callee, ref, context);
    if (shown.length > 0) site.receiverHas = shown;
    this.index.calls.push(site);
    this.callsInContext.push({ node, site });
    this.callScopes.push(context.scope);
    if (context.functionId) this.recordAssertedCall(node, site, context);
    if (this.index.isTestModule) {
      this.index.testDoubles.push(...this.testDoubles.read(node, ref, context.scope, context.functionId));
      const patched = ref ? this.testDoubles.patchedPath(node, ref, context.scope) : undefined;
      if (patched) this.recordPatch(node, patched, context);
    }
  }

  /**
   * `if windows: def _unlink(...)` / `else: _unlink = os.unlink`: calls through the name may reach
   * something else than a function (ambiguous). Assignments and imports are bound before any `def`
   * (collectBindings); a name defined by several `def`s is the last (the definitions share one colour).
   */
  private bindModuleFunction(name: string, info: FunctionInfo): void {
    const previous = own(this.index.bindings, name);
    this.index.bindings[name] = !previous || previous.kind === 'function' ? { kind: 'function', id: info.id } : { kind: 'ambiguous' };
  }

  /** A string argument that is a call of a project function's name: code something may run (ModuleIndex.codeStringCalls). */
  private recordCodeString(value: SyntaxNode | null): void {
    if (value?.type !== 'string' || value.namedChildren.some((part) => part.type === 'interpolation')) return;
    const code = value.namedChildren.filter((part) => part.type === 'string_content').map((part) => part.text).join('');
    const name = CODE_STRING_CALL.exec(code)?.[1];
    if (!name || !this.namesAProjectFunction(name)) return;
    (this.index.codeStringCalls ??= []).push({ name, code: value.text, line: this.line(value.startIndex) });
  }

  /** `start_info.copy()` on a local of unknown type, a project method's name: what earlier statements show it has (receiver-uses.ts). */
  private receiverShown(node: SyntaxNode, callee: SyntaxNode, ref: NameRef | null, context: WalkContext): string[] {
    if (!ref || ref.root.kind !== 'local-var' || ref.path.length !== 1 || !context.scope) return [];
    if (callee.type !== 'attribute' || callee.childForFieldName('object')?.type !== 'identifier') return [];
    if (!this.options.projectFunctionNames.has(ref.path[0])) return [];
    // Only a name of this function, which no other code can bind again between two of its statements.
    const name = ref.root.name;
    if (bindingScope(context.scope, name) !== context.scope || this.declaresNonlocal(context.scope)) return [];
    return attributesShownBefore(node, name, context.scope.node);
  }

  private readonly nonlocalDeclarations = new Map<FunctionScope, boolean>();

  /** Whether a function holds a `nonlocal` statement: a nested function may then rebind its names. */
  private declaresNonlocal(scope: FunctionScope): boolean {
    let found = this.nonlocalDeclarations.get(scope);
    if (found === undefined) this.nonlocalDeclarations.set(scope, found = /\bnonlocal\b/.test(scope.node.text));
    return found;
  }

  /**
   * `self.assertRaises(E, f, x)`: also a call of `f`, so that `f` may turn async (the statement then
   * takes its `with` form); `f` is not recorded as a function handed on as a value.
   */
  private recordAssertedCall(node: SyntaxNode, assertion: CallSite, context: WalkContext): void {
    const read = readCallableAssertion(node, assertion.calleeSpan, this.options.source.text, (index) => this.options.source.indentationAt(index));
    const callee = read && this.refOf(read.callable, context.scope);
    if (!read || !callee) return;
    this.assertedCallables.add(read.callable.startIndex);
    const passes: CallArguments = { positional: read.positional.map((value) => this.refOf(value, context.scope)), keywords: nameRecord() };
    for (const { name, value } of read.keywords) passes.keywords[name] = this.refOf(value, context.scope);
    this.index.calls.push({
      ...assertion,
      calleeSpan: span(read.callable),
      callee,
      dynamic: undefined,
      dynamicTarget: undefined,
      needsParens: false,
      usage: read.usage,
      passes: passes.positional.length > 0 || Object.keys(passes.keywords).length > 0 ? passes : undefined,
    });
  }

  /** Callables that assertions call (recordAssertedCall): calls, not values handed on. */
  private readonly assertedCallables = new Set<number>();

  /** A patched name, with the function it is written in or the definition it decorates (named after the walk). */
  private recordPatch(node: SyntaxNode, path: string, context: WalkContext): void {
    const patch: PatchedName = { path, line: this.line(node.startIndex), at: node.startIndex };
    if (replacesWithAutoMock(node)) {
      patch.auto = true;
      // Keywords go to the mock's class (`wraps=`, `return_value=`, `**config`): only a bare target is rewritten.
      const args = node.childForFieldName('arguments');
      if (args?.type === 'argument_list' && args.namedChildren.every((arg) => !/^(keyword_argument|dictionary_splat|list_splat)$/.test(arg.type))) patch.argumentsClose = args.endIndex - 1;
    }
    // A patch written as a statement of its own (`monkeypatch.setattr(...)`) holds with the others of its block.
    const written = patchStatementOf(node);
    if (written) patch.scoped = true;
    const statement = written?.statement ?? (node.parent?.type === 'expression_statement' ? node.parent.parent : undefined);
    if (statement) patch.statement = statement.startIndex;
    (this.index.patchedNames ??= []).push(patch);
    const decorated = decoratedDefinition(node);
    if (decorated) this.patchesOn.push({ patch, decorated });
    else if (context.functionId) patch.inFunction = context.functionId;
  }

  private readonly patchesOn: { patch: PatchedName; decorated: SyntaxNode }[] = [];

  /** Names what decorated patches cover, and the tests that run with `threading.Thread.start` patched out. */
  private namePatchesOn(): void {
    for (const { patch, decorated } of this.patchesOn) {
      if (decorated.type === 'function_definition') patch.inFunction = this.functionIds.get(decorated.startIndex);
      if (decorated.type === 'class_definition') patch.onClass = this.classesByNode.get(decorated.startIndex)?.id;
    }
    for (const patch of this.index.patchedNames ?? []) {
      if (!STOPS_THREADS.test(patch.path) || (!patch.inFunction && !patch.onClass)) continue;
      const stopped = (this.index.threadsStopped ??= { functions: [], classes: [] });
      if (patch.inFunction) stopped.functions.push(patch.inFunction);
      if (patch.onClass) stopped.classes.push(patch.onClass);
    }
  }

  private argumentsOf(args: SyntaxNode, scope: FunctionScope | undefined): CallArguments | undefined {
    const passes: CallArguments = { positional: [], keywords: nameRecord() };
    let splatted = false;
    for (const argument of args.type === 'argument_list' ? args.namedChildren : []) {
      if (argument.type === 'list_splat' || argument.type === 'dictionary_splat') {
        splatted ||= argument.type === 'list_splat';
        passes.spread = true;
        continue;
      }
      if (argument.type === 'keyword_argument') {
        const name = argument.childForFieldName('name')?.text;
        const value = argument.childForFieldName('value');
        this.recordCodeString(value);
        const ref = value ? this.refOf(value, scope) : null;
        if (name) passes.keywords[name] = ref;
        const called = name && value?.type === 'call' ? this.refOf(value.childForFieldName('function')!, scope) : null;
        if (called) (passes.keywordCalls ??= nameRecord())[name!] = called;
        const forwarded = name && value?.type === 'lambda' ? this.lambdaForwarding(value, scope) : undefined;
        if (forwarded) (passes.keywordLambdas ??= nameRecord())[name!] = forwarded;
      } else if (!splatted && argument.type !== 'comment') {
        this.recordCodeString(argument);
        const ref = this.refOf(argument, scope);
        passes.positional.push(ref);
      }
    }
    // A call passing only literals still passes them: its parameters are not left to their defaults.
    return passes.spread || passes.positional.length > 0 || Object.keys(passes.keywords).length > 0 ? passes : undefined;
  }

  /** `lambda args: main(args, parser)`: the name it calls (none of its own parameters), and where that call starts. */
  private lambdaForwarding(lambda: SyntaxNode, scope: FunctionScope | undefined): { callee: NameRef; call: number } | undefined {
    const body = lambda.childForFieldName('body');
    const callee = body?.type === 'call' ? body.childForFieldName('function') : undefined;
    if (!body || !callee || (callee.type !== 'identifier' && callee.type !== 'attribute')) return undefined;
    const parameters = new Set((lambda.childForFieldName('parameters')?.namedChildren ?? []).map((parameter) => parameterName(parameter)));
    let root = callee;
    while (root.type === 'attribute') root = root.childForFieldName('object')!;
    if (root.type !== 'identifier' || parameters.has(root.text)) return undefined;
    const ref = this.refOf(callee, scope);
    return ref ? { callee: ref, call: body.startIndex } : undefined;
  }

  /** `next(it)`, `iter(pager)`, `list(it)`: the argument is an iterated operand. */
  private recordCallOperand(node: SyntaxNode, context: WalkContext): void {
    const callee = node.childForFieldName('function');
    const name = callee?.type === 'identifier' ? callee.text : callee?.type === 'attribute' ? callee.childForFieldName('attribute')?.text : undefined;
    if (!name || !(name === 'next' || name === 'iter' || SYNC_CONSUMERS.has(name))) return;
    this.recordOperand(node.childForFieldName('arguments')?.namedChildren[0], context);
  }

  /** A name (not a call) that a statement iterates or enters: its type decides `async for`/`async with`. */
  private recordOperand(node: SyntaxNode | null | undefined, context: WalkContext): void {
    if (!node || (node.type !== 'identifier' && node.type !== 'attribute')) return;
    const ref = this.refOf(node, context.scope);
    if (!ref || (ref.root.kind === 'global' && ref.path.length === 0 && own(this.index.bindings, ref.root.name)?.kind !== 'variable')) return;
    this.index.calls.push({
      span: span(node),
      calleeSpan: span(node),
      argsSpan: { start: node.endIndex, end: node.endIndex },
      callee: ref,
      scope: context.functionId,
      // `next(it)` in that `try` becomes `await anext(it)` and its handler catches StopAsyncIteration.
      syncOnly: context.syncOnly === 'try catching StopIteration' ? undefined : context.syncOnly,
      entry: context.entry || undefined,
      needsParens: false,
      inGenerator: context.generator ? this.generatorInfo(context.generator.node) : undefined,
      usage: classifyCallUsage(node, (index) => this.options.source.indentationAt(index)),
      line: this.line(node.startIndex),
      operand: true,
    });
  }

  /** After the walk: how often each `it = g()` variable is used other than by iteration. */
  private countOtherUses(): void {
    const text = this.options.source.text;
    const functions = new Map(this.index.functions.map((fn) => [fn.id, fn]));
    const iterated = new Map<string, number>();
    // Counted once per function: a long function assigns many calls' results.
    const wordsByFunction = new Map<FunctionId, Map<string, number>>();
    for (const other of this.index.calls) {
      if (other.operand && other.scope && other.callee?.root.kind === 'local-var' && other.callee.path.length === 0) {
        const key = `${other.scope}|${other.callee.root.name}`;
        iterated.set(key, (iterated.get(key) ?? 0) + 1);
      }
    }
    for (const call of this.index.calls) {
      if (call.usage.kind !== 'assigned' || !call.scope) continue;
      // Only a project function can be a generator that turns async: other values need no count.
      const root = call.callee?.root;
      const calleeName = call.callee?.path.at(-1)
        ?? (root?.kind === 'global' ? root.name : root?.kind === 'local-def' ? root.id.split(/[:.]/).at(-1) : undefined);
      if (!calleeName || !this.options.projectFunctionNames.has(calleeName)) continue;
      const fn = functions.get(call.scope);
      if (!fn) continue;
      const name = call.usage.name;
      const body = () => text.slice(fn.span.start, fn.span.end);
      let mentions: number;
      if (/^\w+$/.test(name)) {
        let words = wordsByFunction.get(fn.id);
        if (!words) wordsByFunction.set(fn.id, words = wordCounts(body()));
        mentions = words.get(name) ?? 0;
      } else {
        // A name with letters beyond ASCII, which `\w` does not read as one word.
        mentions = body().match(new RegExp(`(?<![\\w.])${escapeRegExp(name)}(?!\\w)`, 'g'))?.length ?? 0;
      }
      call.usage.otherUses = mentions - 1 - (iterated.get(`${call.scope}|${name}`) ?? 0);
    }
  }

  /** Inner definitions first, so that a factory sees the decorator it returns. */
  private readDecorators(): void {
    const facts = new Map<number, DecoratorFacts>();
    const reading = {
      idOf: (node: SyntaxNode) => this.functionIds.get(node.startIndex),
      factsOf: (node: SyntaxNode) => facts.get(node.startIndex),
      refOf: (node: SyntaxNode, fn: SyntaxNode) => this.refOf(node, this.scopesByNode.get(fn.startIndex)),
      line: (index: number) => this.line(index),
    };
    for (const { node, info } of [...this.definitions].reverse()) {
      const returns = node.type === 'function_definition' ? this.scopesByNode.get(node.startIndex)?.returns : undefined;
      const factory = returns?.length ? returnedFunction(node, returns, reading.idOf, (annotation) => this.callableResult(annotation)) : undefined;
      if (factory) (info as FunctionInfo).returnsFunction = factory;
      const handsOut = node.type === 'function_definition' ? handedOutCall(node, reading) : undefined;
      if (handsOut) (info as FunctionInfo).handsOutCallOf = handsOut;
      const read = node.type === 'class_definition' ? classDecoratorFacts(node, reading) : functionDecoratorFacts(node, reading);
      if (!read) continue;
      facts.set(node.startIndex, read);
      info.asDecorator = read;
    }
  }

  private generatorInfo(node: SyntaxNode): CallSite['inGenerator'] {
    const parent = node.parent;
    const parenthesized = parent?.type !== 'call';
    let consumerCall = parent?.type === 'call' ? parent : parent?.type === 'argument_list' && parent.namedChildren.length === 1 ? parent.parent : null;
    let consumer: string | undefined;
    const callee = consumerCall?.childForFieldName('function');
    if (callee?.type === 'identifier') consumer = callee.text;
    else if (callee?.type === 'attribute') consumer = callee.childForFieldName('attribute')?.text;
    if (!consumer) consumerCall = null;
    return { span: span(node), parenthesized, consumer };
  }

  /** Uses of imported names in annotations keep those imports alive. */
  private recordImportUses(node: SyntaxNode): void {
    for (const identifier of node.descendantsOfType('identifier')) {
      if (this.importedNames.has(identifier.text)) (this.index.identifierUses[identifier.text] ??= []).push(span(identifier));
    }
  }

  private recordAttributeReference(node: SyntaxNode, context: WalkContext): void {
    const attribute = node.childForFieldName('attribute')?.text;
    if (attribute) this.recordReference(node, attribute, context);
  }

  /** `getattr(records, "copy")` not called here: a reference to `records.copy`, as the attribute would be. */
  private recordGetattrReference(node: SyntaxNode, context: WalkContext): void {
    const lookup = calledHere(node) ? undefined : getattrParts(node);
    if (lookup?.literal === undefined) return;
    const receiver = this.refOf(lookup.object, context.scope);
    if (receiver) this.recordReference(node, lookup.literal, context, { root: receiver.root, path: [...receiver.path, lookup.literal] });
  }

  /** `map(operator.methodcaller("copy"), records)`: a reference to the `copy` of objects nothing here types. */
  private recordMethodCallerReference(node: SyntaxNode, args: SyntaxNode, context: WalkContext): void {
    const name = calledHere(node) ? undefined : args.namedChildren[0];
    const literal = name && name.type !== 'keyword_argument' ? attributeName(name).literal : undefined;
    if (literal) this.recordReference(node, literal, context, { root: { kind: 'unknown', byName: true }, path: [literal] });
  }

  private recordReference(node: SyntaxNode, lastName: string, context: WalkContext, written?: NameRef): void {
    if (!this.namesAProjectFunction(lastName) && !(node.type === 'identifier' && this.namesAProjectModule(lastName))) return;
    if (this.assertedCallables.has(node.startIndex)) return;
    const parent = node.parent;
    if (!parent || !VALUE_POSITIONS.has(parent.type)) return;
    if (parent.type === 'keyword_argument' && !sameNode(parent.childForFieldName('value'), node)) return;
    if (parent.type === 'assignment' && !sameNode(parent.childForFieldName('right'), node)) return;
    if (parent.type === 'lambda' && !sameNode(parent.childForFieldName('body'), node)) return;
    if ((parent.type === 'default_parameter' || parent.type === 'typed_default_parameter') && !sameNode(parent.childForFieldName('value'), node)) return;
    if (testedForTruthOnly(node)) return;
    const ref = written ?? this.refOf(node, context.scope);
    if (!ref) return;
    const argumentList = parent.type === 'keyword_argument' ? parent.parent : parent;
    const call = argumentList?.type === 'argument_list' ? argumentList.parent : null;
    const passedToNode = call?.type === 'call' ? call.childForFieldName('function') : null;
    const reference: FunctionReference = {
      ref,
      span: span(node),
      scope: context.functionId,
      line: this.line(node.startIndex),
      passedTo: passedToNode ? this.refOf(passedToNode, context.scope) ?? undefined : undefined,
    };
    const alias = this.localAliasOf(node, context.scope);
    if (alias) reference.aliasedAs = alias;
    const keyword = parent.type === 'keyword_argument' ? parent.childForFieldName('name')?.text : undefined;
    if (this.index.isTestModule && call && reference.passedTo && (keyword === 'side_effect' || keyword === 'wraps')) {
      const patched = this.testDoubles.patchedPath(call, reference.passedTo);
      if (patched) reference.standsInFor = patched;
    }
    this.index.references.push(reference);
  }

  /** Local names that hold only project functions and are only called, by scope (see FunctionReference.aliasedAs). */
  private readonly calledAliases = new Map<FunctionScope, Map<string, boolean>>();

  /** The local a function reference is assigned to, directly or as a branch of `a if c else b`, when that local is a called alias. */
  private localAliasOf(node: SyntaxNode, scope: FunctionScope | undefined): string | undefined {
    let value = node;
    if (value.parent?.type === 'conditional_expression') {
      const [consequence, , alternative] = value.parent.namedChildren;
      if (!sameNode(consequence, value) && !sameNode(alternative, value)) return undefined;
      value = value.parent;
    }
    const assignment = value.parent;
    const left = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
    if (!scope || left?.type !== 'identifier' || !sameNode(assignment!.childForFieldName('right'), value) || assignment!.childForFieldName('type')) return undefined;
    const name = left.text;
    const known = this.calledAliases.get(scope) ?? this.calledAliases.set(scope, new Map()).get(scope)!;
    if (!known.has(name)) known.set(name, this.isCalledAlias(scope, name));
    return known.get(name) ? name : undefined;
  }

  /** Every value of the local names a project function, and every other use of it in its function calls it. */
  private isCalledAlias(scope: FunctionScope, name: string): boolean {
    if (!scope.locals.has(name) || scope.parameters.has(name)) return false;
    const namesFunction = (value: SyntaxNode | undefined): boolean => !!value && (
      value.type === 'identifier' ? this.namesAProjectFunction(value.text)
        : value.type === 'attribute' && this.namesAProjectFunction(value.childForFieldName('attribute')?.text ?? ''));
    const values = scope.boundValues.get(name) ?? [];
    const ofFunctions = values.length > 0 && values.every((value) => !!value && (value.type === 'conditional_expression'
      ? namesFunction(value.namedChildren[0]) && namesFunction(value.namedChildren[2]) : namesFunction(value)));
    if (!ofFunctions) return false;
    return scope.node.descendantsOfType('identifier').every((identifier) => {
      if (identifier.text !== name) return true;
      // A nested function or lambda that calls it would call it from another scope.
      for (let outer = identifier.parent; outer && !sameNode(outer, scope.node); outer = outer.parent) {
        if (outer.type === 'function_definition' || outer.type === 'lambda' || outer.type === 'class_definition') return false;
      }
      const parent = identifier.parent;
      if (parent?.type === 'call') return sameNode(parent.childForFieldName('function'), identifier);
      if (parent?.type === 'assignment') return sameNode(parent.childForFieldName('left'), identifier);
      // `obj.name` is another object's attribute, and `f(name=...)` a keyword.
      if (parent?.type === 'attribute') return !sameNode(parent.childForFieldName('object'), identifier);
      return parent?.type === 'keyword_argument' && sameNode(parent.childForFieldName('name'), identifier);
    });
  }

  // ---- names -----------------------------------------------------------------------------------

  /**
   * The NameRef of an expression, or null when it is not a plain dotted name. Read from the outside
   * in without recursion (generated code chains thousands of attributes); more than
   * MAX_CALL_LAYERS calls in one chain is not a name worth resolving.
   */
  refOf(node: SyntaxNode, scope: FunctionScope | undefined): NameRef | null {
    if (node.type === 'attribute') {
      // Most are plain dotted names, read faster from the text than node by node.
      const dotted = DOTTED_NAME.exec(this.options.source.text.slice(node.startIndex, node.endIndex));
      if (dotted && !NOT_NAMES.has(dotted[1])) {
        const path = dotted[2].slice(1).split('.');
        return this.narrowedAttribute(dotted[1], path, scope) ?? { root: this.rootAt(dotted[1], node.startIndex, scope), path };
      }
    }
    const layers: (string | typeof CALL_LAYER)[] = [];
    let calls = 0;
    let inner: NameRef | null = null;
    for (let current: SyntaxNode | undefined = node; !inner;) {
      switch (current?.type) {
        case 'identifier':
          inner = { root: this.rootAt(current.text, current.startIndex, scope), path: [] };
          break;
        case 'attribute': {
          const object = current.childForFieldName('object');
          const attribute = current.childForFieldName('attribute');
          if (!object || !attribute) return null;
          layers.push(attribute.text);
          current = object;
          break;
        }
        case 'call': {
          const callee = current.childForFieldName('function');
          if (callee?.type === 'identifier' && callee.text === 'super' && !bindingScope(scope, 'super')) {
            inner = { root: { kind: 'super' }, path: [] };
            break;
          }
          if (!callee || ++calls > MAX_CALL_LAYERS) return null;
          layers.push(CALL_LAYER);
          current = callee;
          break;
        }
        case 'await': {
          // `(await client.fetch()).m` is what `client.fetch()` returns, and `await asyncio.to_thread(f, x)`
          // (how asyncshift bridges a call) what `f(x)` returns: a second run reads its own output as the
          // first run read the calls it rewrote.
          const awaited: SyntaxNode | undefined = current.namedChildren[0];
          if (awaited?.type !== 'call') return null;
          const bridged = this.bridgedCallable(awaited);
          if (bridged) {
            if (++calls > MAX_CALL_LAYERS) return null;
            layers.push(CALL_LAYER);
          }
          current = bridged ?? awaited;
          break;
        }
        case 'parenthesized_expression':
          if (current.namedChildren.length !== 1) return null;
          current = current.namedChildren[0];
          break;
        case 'type':
          current = current.namedChildren[0];
          break;
        case 'subscript':
        case 'binary_operator':
        case 'concatenated_string': {
          // `(base / "x").touch()`, `Path(f).parents[1].resolve()`: a receiver typed by its value.
          const type = layers.length > 0 ? this.typeOfValue(current, scope) : undefined;
          if (!type) return null;
          inner = { root: { kind: 'local-var', name: COMPUTED_RECEIVER, type }, path: [] };
          break;
        }
        case 'string': {
          if (layers.length > 0) {
            // `", ".join(names)`: a method of a string.
            inner = { root: { kind: 'local-var', name: COMPUTED_RECEIVER, type: { kind: 'literal', type: 'str' } }, path: [] };
            break;
          }
          // A quoted annotation: "Client".
          const content = current.text.replace(/^[rbuRBU]*['"]{1,3}|['"]{1,3}$/g, '');
          if (!/^[A-Za-z_][\w.]*$/.test(content)) return null;
          const [head, ...rest] = content.split('.');
          inner = { root: this.rootOf(head, scope), path: rest };
          break;
        }
        default:
          return null;
      }
    }
    let ref: NameRef = inner;
    for (let i = layers.length - 1; i >= 0; i--) {
      const layer = layers[i];
      if (layer === CALL_LAYER) ref = { root: { kind: 'call-result', callee: ref }, path: [] };
      else ref.path.push(layer);
    }
    return ref;
  }

  /** `f` in `asyncio.to_thread(f, ...)` (also with `to_thread` imported from asyncio). */
  private bridgedCallable(call: SyntaxNode): SyntaxNode | undefined {
    const callee = call.childForFieldName('function');
    if (!callee) return undefined;
    const asyncio = own(this.index.bindings, 'asyncio');
    const toThread = own(this.index.bindings, 'to_thread');
    const isToThread = callee.text === 'asyncio.to_thread' ? asyncio?.kind === 'module' && asyncio.module === 'asyncio'
      : callee.text === 'to_thread' && toThread?.kind === 'from-import' && toThread.module === 'asyncio' && toThread.name === 'to_thread';
    const first = isToThread ? call.childForFieldName('arguments')?.namedChildren[0] : undefined;
    return first && first.type !== 'keyword_argument' && first.type !== 'list_splat' ? first : undefined;
  }

  /** The root a name written at `position` has: a comprehension's own variable there, else rootOf's. */
  private rootAt(name: string, position: number, scope: FunctionScope | undefined): NameRef['root'] {
    const root = this.rootOf(name, scope);
    if (root.kind !== 'global') return root;
    const binding = this.comprehensionVariable(name, position);
    if (!binding) return root;
    const container = this.typeOfExpression(binding.iterable, scope);
    return { kind: 'local-var', name, type: container ? elementThrough(container, binding.how) : undefined };
  }

  /**
   * `[b.run() for b in self.benchmarks]`: the innermost comprehension around `position` whose `for`
   * binds `name` (a plain name), with what it iterates; not inside that iterable, which is read
   * outside the variable's scope. The comprehensions of the module are listed once, on first use.
   */
  private comprehensionVariable(name: string, position: number): { iterable: SyntaxNode; how: LoopElement[2] } | undefined {
    if (!this.comprehensionVariables) {
      this.comprehensionVariables = new Map();
      for (const comprehension of this.root.descendantsOfType(COMPREHENSIONS)) {
        for (const clause of comprehension.namedChildren) {
          if (clause.type !== 'for_in_clause') continue;
          const left = clause.childForFieldName('left');
          const right = clause.childForFieldName('right');
          if (!left || !right) continue;
          for (const [name, iterable, how] of loopElements(left, right)) {
            const bindings = this.comprehensionVariables.get(name) ?? this.comprehensionVariables.set(name, []).get(name)!;
            bindings.push({ start: comprehension.startIndex, end: comprehension.endIndex, iterable, how });
          }
        }
      }
    }
    let found: { start: number; iterable: SyntaxNode; how: LoopElement[2] } | undefined;
    for (const binding of this.comprehensionVariables.get(name) ?? []) {
      if (position < binding.start || position >= binding.end) continue;
      if (position >= binding.iterable.startIndex && position < binding.iterable.endIndex) continue;
      if (!found || binding.start > found.start) found = binding;
    }
    return found;
  }

  private comprehensionVariables?: Map<string, { start: number; end: number; iterable: SyntaxNode; how: LoopElement[2] }[]>;

  private rootOf(name: string, scope: FunctionScope | undefined): NameRef['root'] {
    const owner = bindingScope(scope, name);
    if (!owner) return { kind: 'global', name };
    if (owner.receiverName === name && owner.receiverKind) return { kind: owner.receiverKind };
    const imported = owner.localImports.get(name);
    if (imported) return { kind: 'imported', dotted: imported };
    const nested = owner.nestedDefs.get(name);
    if (nested) {
      const id = this.functionIds.get(nested.startIndex);
      return id ? { kind: 'local-def', id } : { kind: 'unknown' };
    }
    const type = this.narrowedType(name, owner) ?? this.localType(name, owner);
    const plainParameter = !type && owner.parameters.has(name) && !owner.assignedFrom.has(name);
    // An unannotated parameter of a test or fixture may be a pytest fixture: resolved by name later.
    const fixture = plainParameter && this.index.isTestModule ? true : undefined;
    const parameterOf = plainParameter ? this.functionIds.get(owner.node.startIndex) : undefined;
    return { kind: 'local-var', name, type, ...(fixture ? { fixture } : {}), ...(parameterOf ? { parameterOf } : {}) };
  }

  /** An unannotated, never rebound parameter: its type comes from what callers pass. */
  private parameterSource(name: string, owner: FunctionScope): TypeSource | undefined {
    const fn = this.functionIds.get(owner.node.startIndex);
    return fn && owner.parameters.has(name) && !owner.assignedFrom.has(name) ? { kind: 'parameter', fn, name } : undefined;
  }

  private localType(name: string, owner: FunctionScope): TypeSource | undefined {
    const annotation = owner.annotations.get(name);
    if (annotation) return this.annotationType(annotation, owner.parent);
    const literal = owner.literalParameters.get(name);
    if (literal) return { kind: 'literal', type: literal };
    const value = owner.assignedFrom.get(name);
    if (value === 'many') return this.typeOfEveryBinding(name, owner);
    if (!value) return undefined;
    // Avoid infinite recursion on `x = x.y()` (or `a = b.f()` with `b = a.g()`): a value whose type
    // is being worked out has none yet. Types of values are computed in the owner's scope.
    if (this.valuesBeingTyped.has(value.startIndex)) return undefined;
    this.valuesBeingTyped.add(value.startIndex);
    try {
      return this.typeAssigned(value, () => this.typeOfValue(value, owner) ?? this.typeOfAttributeValue(value, owner));
    } finally {
      this.valuesBeingTyped.delete(value.startIndex);
    }
  }

  private readonly valuesBeingTyped = new Set<number>();

  /**
   * A name bound more than once: the one type every binding gives it (`None` aside), or each
   * binding's when they differ (the resolver looks for a class they share), or, for a variable only
   * `for` loops bind, the element every iterable holds.
   */
  private typeOfEveryBinding(name: string, owner: FunctionScope): TypeSource | undefined {
    const values = owner.boundValues.get(name) ?? [];
    const loops = owner.loopIterables.get(name) ?? [];
    // Bound by loops alone (`for api in apis:` ... `for api in others.values():`): what every one gives.
    if (loops.length > 0 && values.length === loops.length && values.every((value) => value === null) && !owner.parameters.has(name)) {
      // `for a in b:` ... `for b in a:`: a loop that reads the name being typed says nothing.
      if (loops.some(({ container }) => this.valuesBeingTyped.has(container.startIndex))) return undefined;
      for (const { container } of loops) this.valuesBeingTyped.add(container.startIndex);
      try {
        return commonType(loops.map(({ container, how }) => {
          const type = this.typeOfExpression(container, owner);
          return type && elementThrough(type, how);
        }));
      } finally {
        for (const { container } of loops) this.valuesBeingTyped.delete(container.startIndex);
      }
    }
    if (values.length < 2 || values.some((value) => value === null) || owner.parameters.has(name)) return undefined;
    const types: TypeSource[] = [];
    for (const value of values as SyntaxNode[]) {
      if (value.type === 'none') continue;
      if (this.valuesBeingTyped.has(value.startIndex)) return undefined;
      this.valuesBeingTyped.add(value.startIndex);
      try {
        const type = this.typeAssigned(value, () => this.typeOfValue(value, owner));
        if (!type) return undefined;
        types.push(type);
      } finally {
        this.valuesBeingTyped.delete(value.startIndex);
      }
    }
    return types.length > 1 ? commonType(types) ?? { kind: 'one-of', types } : types[0];
  }

  /** The type of an expression that is a name, an attribute, a call or a literal. */
  private typeOfExpression(node: SyntaxNode, scope: FunctionScope | undefined): TypeSource | undefined {
    if (node.type === 'identifier' || node.type === 'attribute') {
      const ref = this.refOf(node, scope);
      return ref ? { kind: 'value', ref } : undefined;
    }
    return this.typeOfValue(node, scope);
  }

  /** `boot = self.pg.bootstrap`, `self.handler = patroni.postgresql`: whatever that attribute holds. */
  private typeOfAttributeValue(value: SyntaxNode | null | undefined, scope: FunctionScope | undefined): TypeSource | undefined {
    return value?.type === 'attribute' ? this.typeOfExpression(value, scope) : undefined;
  }

  private typeOfValue(value: SyntaxNode | null | undefined, scope: FunctionScope | undefined): TypeSource | undefined {
    if (value && ['list', 'tuple', 'set', 'list_comprehension', 'set_comprehension'].includes(value.type)) {
      const container = elementsType(value, (item) => this.typeOfValue(item, scope));
      if (container) return container;
    }
    const literal = value ? LITERAL_TYPES[value.type] : undefined;
    if (literal) return { kind: 'literal', type: literal };
    // `conn = await asyncpg.connect(...)`: awaiting a call gives what the coroutine returns, and
    // `await asyncio.to_thread(f, x)` (how asyncshift bridges a call) what `f(x)` returns.
    if (value?.type === 'await') {
      const awaited = value.namedChildren[0];
      const bridged = awaited?.type === 'call' ? this.bridgedCallable(awaited) : undefined;
      if (!bridged) return this.typeOfValue(awaited, scope);
      const ref = this.refOf(bridged, scope);
      return ref ? { kind: 'call', callee: ref } : undefined;
    }
    if (value?.type === 'as_pattern') {
      const entered = this.typeOfValue(value.namedChildren[0], scope);
      return entered?.kind === 'call' ? { kind: 'entered', callee: entered.callee } : undefined;
    }
    // `lang = languages[name]` with `languages: dict[str, Language]`: one of its elements; a slice is of the same type.
    if (value?.type === 'subscript') {
      const container = value.childForFieldName('value');
      const iterable = container ? this.typeOfExpression(container, scope) : undefined;
      if (!iterable) return undefined;
      return value.childrenForFieldName('subscript').some((index) => index.type === 'slice') ? { kind: 'derived', from: iterable } : { kind: 'element', iterable };
    }
    // `DiskCache(path) if path else None`: what the branch that is not None gives, or both when they agree.
    if (value?.type === 'conditional_expression') {
      const [then, , otherwise] = value.namedChildren;
      const branches = [then, otherwise].filter((branch) => branch && branch.type !== 'none');
      return commonType(branches.map((branch) => this.typeOfExpression(branch, scope)));
    }
    if (derivingOperation(value)) {
      // `a + b + c` nests to the left: down to its first operand in a loop (generated sums run 20,000 terms).
      let left = value!.childForFieldName('left');
      while (derivingOperation(left)) left = left!.childForFieldName('left');
      const from = left ? this.typeOfExpression(left, scope) : undefined;
      return from ? { kind: 'derived', from, operator: true } : undefined;
    }
    if (value?.type !== 'call') return undefined;
    const callee = value.childForFieldName('function');
    if (!callee) return undefined;
    if (callee.type === 'identifier' && callee.text === 'iter' && !bindingScope(scope, 'iter')) {
      return this.typeOfValue(value.childForFieldName('arguments')?.namedChildren[0], scope);
    }
    if (callee.type === 'identifier' && scope?.assignedFrom.get(callee.text) === value) return undefined;
    const ref = this.refOf(callee, scope);
    return ref ? { kind: 'call', callee: ref } : undefined;
  }

  private annotationType(annotation: SyntaxNode, scope: FunctionScope | undefined): TypeSource | undefined {
    return annotationType(annotation, (node) => this.refOf(node, scope));
  }

  // ---- transforms ------------------------------------------------------------------------------

  private enclosingNodes?: EnclosingNodes;

  /** What encloses each node of this module's tree, read once when first asked. */
  private enclosing(): EnclosingNodes {
    return this.enclosingNodes ??= new EnclosingNodes(this.root);
  }

  private runTransforms(): Site[] {
    // The second stage looks at modules that receive followed objects without naming their library.
    const relevant = this.options.project ? this.options.transforms : this.options.transforms.filter((transform) => transform.mentions.test(this.options.source.text));
    if (relevant.length === 0) return [];
    const enclosing = this.enclosing();
    const project = this.options.project ? this.projectView(this.options.project, enclosing) : undefined;
    const names = new QualifiedNames(this.index.bindings, this.classesByNode, this.scopesByNode, this.options.projectModules, project?.valueOf, enclosing);
    const qualifiedName = (node: SyntaxNode): string | undefined => names.of(node);
    this.callsInContext.forEach((call, position) => {
      const callee = call.node.childForFieldName('function');
      if (callee) call.qualifiedName = names.of(callee, 0, this.callScopes[position] ?? null);
    });
    const context: TransformContext = {
      file: this.index.file,
      module: this.index.module,
      source: this.options.source,
      root: this.root,
      calls: this.callsInContext,
      qualifiedName,
      scopeOf: (node) => {
        const fn = enclosing.functionAround(node);
        return fn ? this.functionIds.get(fn.startIndex) ?? null : null;
      },
      enclosing,
      moduleAlias: (module) => Object.entries(this.index.bindings)
        .find(([, binding]) => binding.kind === 'module' && binding.module === module)?.[0],
      packageDepth: this.options.packageDepth,
      options: this.options.transformOptions,
      enabled: this.options.enabled ?? new Set(this.options.transforms.map((transform) => transform.id)),
      project: project?.view,
    };
    return relevant.flatMap((transform) => transform.findSites(context));
  }

  /** The questions a transform may ask about this module's names across the project. */
  private projectView(facts: ProjectFacts, enclosing: EnclosingNodes): { valueOf: (node: SyntaxNode) => string | undefined; view: ProjectView } {
    const module = facts.moduleNamed(this.index.module) ?? this.index;
    const callSites = new Map(this.callsInContext.map((call) => [`${call.node.startIndex}:${call.node.endIndex}`, call.site]));
    const place = (node: SyntaxNode) => {
      const fn = enclosing.functionAround(node);
      return { scope: fn ? this.scopesByNode.get(fn.startIndex) : undefined, id: fn ? this.functionIds.get(fn.startIndex) ?? null : null };
    };
    const valueOf = (node: SyntaxNode) => {
      const { scope, id } = place(node);
      const ref = node.type === 'identifier' ? { root: this.rootOf(node.text, scope), path: [] } : this.refOf(node, scope);
      return ref ? facts.valueOf(ref, module, id) : undefined;
    };
    const view: ProjectView = {
      parameterFor: (call, argument) => {
        const site = callSites.get(`${call.startIndex}:${call.endIndex}`);
        const list = call.childForFieldName('arguments')?.namedChildren ?? [];
        if (!site) return undefined;
        if (argument.parent?.type === 'keyword_argument') return facts.parameterFor(site, module, argument.parent.childForFieldName('name')!.text);
        const positional = list.filter((child) => child.type !== 'keyword_argument' && child.type !== 'comment');
        const position = positional.findIndex((child) => sameNode(child, argument));
        if (position < 0 || positional.slice(0, position).some((child) => child.type === 'list_splat' || child.type === 'dictionary_splat')) return undefined;
        return facts.parameterFor(site, module, position);
      },
      originsOf: (value) => {
        const { scope, id } = place(value);
        const root = value.type === 'identifier' ? this.rootOf(value.text, scope) : value.type === 'call' ? this.refOf(value, scope)?.root : undefined;
        return root ? facts.originsOf(root, module, id) : [];
      },
      resultTakers: (fn) => facts.resultTakers(fn),
    };
    return { valueOf, view };
  }

  // ---- helpers ---------------------------------------------------------------------------------

  private uniqueId(candidate: string): string {
    let id = candidate;
    for (let n = 2; this.usedIds.has(id); n++) id = `${candidate}#${n}`;
    this.usedIds.add(id);
    return id;
  }

  private qualnameOf(id: FunctionId): string {
    return id.slice(id.indexOf(':') + 1).replace(/#\d+$/, '');
  }

  private line(index: number): number {
    return this.options.source.position(index).line;
  }
}

/**
 * A module name bound again: ambiguous, with each way it is bound when every one is an import or a
 * dotted name (`try: from ujson import loads` / `except ImportError: loads = json.loads`).
 */
function boundAgain(previous: Binding, alias: NameRef | null): Binding {
  const earlier: ModuleAlternative[] | undefined = previous.kind === 'module' || previous.kind === 'from-import' ? [previous]
    : previous.kind === 'variable' && previous.alias ? [{ kind: 'alias', ref: previous.alias }]
    : previous.kind === 'ambiguous' ? previous.alternatives
    : undefined;
  return earlier && alias ? { kind: 'ambiguous', alternatives: [...earlier, { kind: 'alias', ref: alias }] } : { kind: 'ambiguous' };
}

/** The definition a decorator holding this node decorates (`@patch(...)` over a test or a class). */
function decoratedDefinition(node: SyntaxNode): SyntaxNode | undefined {
  for (let current = node.parent; current && current.type !== 'block'; current = current.parent) {
    if (current.type === 'decorator') return current.parent?.childForFieldName('definition') ?? undefined;
  }
  return undefined;
}

/**
 * The attribute name that ends at `end` (`b` in `a.b`), read from the text; undefined when a
 * non-ASCII letter may belong to it (the node then says).
 */
function lastName(text: string, end: number): string | undefined {
  let start = end;
  for (; start > 0; start--) {
    const c = text.charCodeAt(start - 1);
    if (c > 127) return undefined;
    if (!((c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95)) break;
  }
  return text.slice(start, end);
}

/** Whether the node under `parents` (types above it, `depth` of them known) may be a value handed on. */
function mayBeValue(parents: readonly string[], depth: number): boolean {
  return depth === 0 || VALUE_POSITIONS.has(parents[depth - 1]);
}

/**
 * Attribute names the module assigns on some object (`runner.load_hooks = Mock()`, `setattr(x, "m", f)`):
 * a method of that name may be replaced at run time, so callers must keep calling it by its own name.
 */
function replacedAttributes(text: string, notOnSelf = false): string[] | undefined {
  const names = new Set<string>();
  const assignments = notOnSelf ? /(?<!(?:^|[^\w.])(?:self|cls))\.[ \t]*([A-Za-z_]\w*)[ \t]*=(?!=)|setattr\((?!\s*(?:self|cls)\s*,)[^,()]+,\s*['"]([A-Za-z_]\w*)['"]/gm
    : /\.[ \t]*([A-Za-z_]\w*)[ \t]*=(?!=)|setattr\([^,()]+,\s*['"]([A-Za-z_]\w*)['"]/g;
  for (const match of text.matchAll(assignments)) names.add(match[1] ?? match[2]);
  return names.size > 0 ? [...names] : undefined;
}

/** How often each word (a run of `\w`, as a regex reads it) stands in `text` not right after a `.`. */
function wordCounts(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const match of text.matchAll(/\w+/g)) {
    if (text[match.index - 1] === '.') continue;
    counts.set(match[0], (counts.get(match[0]) ?? 0) + 1);
  }
  return counts;
}

/** What a loop variable holds of a container: what iterating it gives, or (through `.values()`, `.items()`) its element. */
function elementThrough(container: TypeSource, how: LoopElement[2]): TypeSource {
  return how === 'iterating' ? { kind: 'element', iterable: container, iterating: true } : { kind: 'element', iterable: container };
}

/** `f(x)` where the value is itself called at once (`getattr(obj, "m")(...)`), rather than handed on. */
function calledHere(node: SyntaxNode): boolean {
  const parent = node.parent;
  return parent?.type === 'call' && sameNode(parent.childForFieldName('function'), node);
}

/** A string that is one call of a plain name, as code passed to exec, eval, a profiler or timeit is: `go(options)`. */
const CODE_STRING_CALL = /^\s*([A-Za-z_]\w*)\s*\([^\n]*\)\s*$/;
