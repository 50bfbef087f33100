import type { SyntaxNode, Tree } from '../parse/parse-python.js';
import type { SourceText } from '../parse/source-text.js';
import type { CallInContext, Transform, TransformContext, TransformOptions } from '../../transforms/define-transform.js';
import type { Site } from '../plan/edits.js';
import { awaitNeedsParentheses, classifyCallUsage, sameNode, span } from './call-usage.js';
import { collectImports } from './imports.js';
import type {
  Binding, CallSite, ClassInfo, Decorator, FunctionId, FunctionInfo, FunctionReference, ModuleIndex,
  NameRef, Parameter, SyncOnlyReason, TypeSource,
} from './model.js';
import { isPackageInit, isTestModule } from './module-names.js';
import { bindingScope, buildFunctionScope, parameterName, type FunctionScope } from './scopes.js';

export interface IndexedModule {
  index: ModuleIndex;
  sites: Site[];
}

interface WalkContext {
  scope?: FunctionScope;
  functionId: FunctionId | null;
  classInfo?: ClassInfo;
  syncOnly?: SyncOnlyReason;
  entry: boolean;
  generator?: { node: SyntaxNode };
}

const KEEP_SYNC_COMMENT = /#\s*asyncshift:\s*keep-sync/;

/** Parent node types in which a bare function name is a value handed on (a callback), not a call. */
const VALUE_POSITIONS = new Set([
  'argument_list', 'keyword_argument', 'assignment', 'pair', 'list', 'tuple', 'set', 'return_statement',
  'conditional_expression', 'boolean_operator', 'expression_list', 'parenthesized_expression', 'yield',
  'dictionary', 'lambda',
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
}): IndexedModule {
  return new ModuleIndexer(options).run();
}

class ModuleIndexer {
  private readonly index: ModuleIndex;
  private readonly root: SyntaxNode;
  private readonly callsInContext: CallInContext[] = [];
  private readonly functionIds = new Map<number, FunctionId>();
  private readonly usedIds = new Set<string>();
  private importedNames = new Set<string>();

  constructor(private readonly options: Parameters<typeof indexModule>[0]) {
    const { file, module, source } = options;
    this.root = options.tree.rootNode;
    const isMainModule = file.endsWith('__main__.py');
    this.index = {
      module,
      file,
      isPackageInit: isPackageInit(file),
      isTestModule: isTestModule(file),
      bindings: {},
      imports: [],
      identifierUses: {},
      functions: [],
      classes: [],
      calls: [],
      references: [],
      importInsertion: { index: 0, before: [] },
      lineEnding: source.lineEnding,
    };
    this.mainModule = isMainModule;
  }

  private readonly mainModule: boolean;

  run(): IndexedModule {
    const imports = collectImports(this.root, this.index.module, this.index.isPackageInit, this.options.source);
    this.index.imports = imports.statements;
    this.index.importInsertion = imports.insertion;
    Object.assign(this.index.bindings, imports.bindings);
    this.importedNames = new Set(Object.keys(imports.bindings));
    this.collectModuleBindings(this.root);
    this.visitChildren(this.root, { functionId: null, entry: this.mainModule, syncOnly: this.mainModule ? undefined : 'module level' });
    const sites = this.runTransforms();
    return { index: this.index, sites };
  }

  // ---- module-level bindings -------------------------------------------------------------------

  private collectModuleBindings(node: SyntaxNode): void {
    for (const statement of node.namedChildren) {
      switch (statement.type) {
        case 'function_definition':
        case 'class_definition':
        case 'decorated_definition':
          break; // bound when visited, with their ids
        case 'expression_statement': {
          const assignment = statement.namedChildren[0];
          if (assignment?.type === 'assignment') {
            const left = assignment.childForFieldName('left');
            const right = assignment.childForFieldName('right');
            if (left?.type === 'identifier') {
              const previous = this.index.bindings[left.text];
              const annotation = assignment.childForFieldName('type');
              const type = this.typeOfValue(right, undefined) ?? (annotation ? this.annotationType(annotation, undefined) : undefined);
              this.index.bindings[left.text] = previous ? { kind: 'ambiguous' } : { kind: 'variable', type };
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
          this.collectModuleBindings(statement);
          break;
      }
    }
  }

  // ---- the walk --------------------------------------------------------------------------------

  private visitChildren(node: SyntaxNode, context: WalkContext): void {
    for (const child of node.namedChildren) this.visit(child, context);
  }

  private visit(node: SyntaxNode, context: WalkContext): void {
    switch (node.type) {
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        return;
      case 'decorated_definition':
        return this.visitDecorated(node, context);
      case 'function_definition':
        return this.visitFunction(node, [], context);
      case 'class_definition':
        return this.visitClass(node, [], context);
      case 'lambda':
        return this.visitChildren(node, { ...context, syncOnly: 'lambda', generator: undefined });
      case 'if_statement':
        if (context.functionId === null && !context.classInfo && isMainGuard(node)) {
          const consequence = node.childForFieldName('consequence');
          const condition = node.childForFieldName('condition');
          if (condition) this.visit(condition, context);
          if (consequence) this.visitChildren(consequence, { ...context, entry: true, syncOnly: undefined });
          for (const alternative of node.childrenForFieldName('alternative')) this.visit(alternative, context);
          return;
        }
        break;
      case 'generator_expression':
        return this.visitGenerator(node, context);
      case 'call':
        this.recordCall(node, context);
        break;
      case 'identifier':
        this.recordIdentifier(node, context);
        return;
      case 'attribute':
        this.recordAttributeReference(node, context);
        break;
    }
    this.visitChildren(node, context);
  }

  private visitGenerator(node: SyntaxNode, context: WalkContext): void {
    // The first iterable is evaluated in the enclosing scope; everything else runs lazily inside.
    const firstClause = node.namedChildren.find((child) => child.type === 'for_in_clause');
    const firstIterable = firstClause?.childForFieldName('right');
    for (const child of node.namedChildren) {
      if (child === firstClause && firstIterable) {
        for (const part of child.namedChildren) {
          if (sameNode(part, firstIterable)) this.visit(part, context);
          else this.visit(part, { ...context, generator: { node } });
        }
      } else {
        this.visit(child, { ...context, generator: { node } });
      }
    }
  }

  private visitDecorated(node: SyntaxNode, context: WalkContext): void {
    const decorators = node.namedChildren.filter((child) => child.type === 'decorator');
    for (const decorator of decorators) this.visitChildren(decorator, { ...context, syncOnly: 'decorator', generator: undefined });
    const definition = node.childForFieldName('definition');
    if (definition?.type === 'function_definition') this.visitFunction(definition, decorators, context, node);
    else if (definition?.type === 'class_definition') this.visitClass(definition, decorators, context);
  }

  private visitClass(node: SyntaxNode, _decorators: SyntaxNode[], context: WalkContext): void {
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
      methods: {},
      attributeTypes: {},
    };
    for (const base of baseNodes) {
      const ref = this.refOf(base, context.scope);
      if (ref) {
        info.bases.push(ref);
        info.baseSpans.push(span(base));
      }
    }
    if (superclasses) this.visitChildren(superclasses, { ...context, syncOnly: 'class body', generator: undefined });
    this.index.classes.push(info);
    if (!context.functionId && !context.classInfo) this.index.bindings[name] = { kind: 'class', id };
    const body = node.childForFieldName('body');
    if (body) {
      this.collectClassAnnotations(body, info, context.scope);
      this.visitChildren(body, { scope: context.scope, functionId: null, classInfo: info, syncOnly: 'class body', entry: false });
    }
  }

  private collectClassAnnotations(body: SyntaxNode, info: ClassInfo, scope: FunctionScope | undefined): void {
    for (const statement of body.namedChildren) {
      const assignment = statement.type === 'expression_statement' ? statement.namedChildren[0] : undefined;
      if (assignment?.type !== 'assignment') continue;
      const left = assignment.childForFieldName('left');
      const annotation = assignment.childForFieldName('type');
      if (left?.type === 'identifier' && annotation) {
        const type = this.annotationType(annotation, scope);
        if (type) info.attributeTypes[left.text] = type;
      }
    }
  }

  private visitFunction(node: SyntaxNode, decoratorNodes: SyntaxNode[], context: WalkContext, decorated?: SyntaxNode): void {
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
    const scope = buildFunctionScope(node, context.scope, methodKind);
    const body = node.childForFieldName('body');
    const parametersNode = node.childForFieldName('parameters');
    const returnTypeNode = node.childForFieldName('return_type');
    const defKeyword = node.children.find((token) => token.type === 'def');
    const outer = decorated ?? node;
    const generatorFacts = body ? generatorFactsOf(body) : { isGenerator: false, returnsValue: false, returnCalls: [] as SyntaxNode[] };
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
      parameters: this.parametersOf(parametersNode, scope),
      indent: this.options.source.indentationAt(outer.startIndex),
      isAsync: node.children.some((token) => token.type === 'async'),
      isGenerator: generatorFacts.isGenerator,
      returnsValueFromGenerator: generatorFacts.isGenerator && generatorFacts.returnsValue,
      decorators,
      keepSync: KEEP_SYNC_COMMENT.test(this.headerText(outer, body)),
      returnType: returnTypeNode ? this.annotationType(returnTypeNode, context.scope) : this.returnTypeFromCalls(generatorFacts.returnCalls, scope),
      stopIterationRaises: body ? stopIterationRaises(body) : [],
      nestedIn: context.functionId ?? undefined,
    };
    this.index.functions.push(info);
    if (inClass) inClass.methods[name] = id;
    else if (!context.functionId) this.index.bindings[name] = { kind: 'function', id };

    // Defaults and annotations are evaluated where the `def` runs, not inside the function.
    for (const parameter of parametersNode?.namedChildren ?? []) {
      const value = parameter.childForFieldName('value');
      if (value) this.visit(value, { ...context, syncOnly: 'default argument', generator: undefined });
    }
    if (inClass && methodKind === 'instance' && scope.receiverName && body) this.collectSelfAttributes(body, scope, inClass);
    if (body) this.visitChildren(body, { scope, functionId: id, syncOnly: undefined, entry: false });
  }

  private headerText(outer: SyntaxNode, body: SyntaxNode | null): string {
    const text = this.options.source.text;
    const headerEnd = body ? text.indexOf('\n', body.startIndex > 0 ? text.lastIndexOf(':', body.startIndex) : outer.startIndex) : outer.endIndex;
    const lineBefore = text.slice(text.lastIndexOf('\n', outer.startIndex - 2) + 1, outer.startIndex);
    return lineBefore + text.slice(outer.startIndex, headerEnd === -1 ? outer.endIndex : headerEnd);
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
      if (parameter.type === 'list_splat_pattern') {
        keywordOnly = true;
        parameters.push({ name, kind: 'var-positional' });
      } else if (parameter.type === 'dictionary_splat_pattern') {
        parameters.push({ name, kind: 'var-keyword' });
      } else {
        parameters.push({ name, kind: keywordOnly ? 'keyword-only' : 'positional', annotation });
      }
    }
    return parameters;
  }

  private collectSelfAttributes(body: SyntaxNode, scope: FunctionScope, info: ClassInfo): void {
    for (const assignment of body.descendantsOfType('assignment')) {
      const left = assignment.childForFieldName('left');
      if (left?.type !== 'attribute') continue;
      const object = left.childForFieldName('object');
      const attribute = left.childForFieldName('attribute')?.text;
      if (object?.type !== 'identifier' || object.text !== scope.receiverName || !attribute) continue;
      const type = this.typeOfValue(assignment.childForFieldName('right'), scope)
        ?? (assignment.childForFieldName('type') ? this.annotationType(assignment.childForFieldName('type')!, scope) : undefined);
      if (!type) continue;
      info.attributeTypes[attribute] = attribute in info.attributeTypes && JSON.stringify(info.attributeTypes[attribute]) !== JSON.stringify(type)
        ? { kind: 'call', callee: { root: { kind: 'unknown' }, path: [] } }
        : type;
    }
  }

  private returnTypeFromCalls(calls: SyntaxNode[], scope: FunctionScope): TypeSource | undefined {
    if (calls.length === 0) return undefined;
    const types = calls.map((call) => this.typeOfValue(call, scope));
    const first = types[0];
    if (!first || types.some((type) => JSON.stringify(type) !== JSON.stringify(first))) return undefined;
    return first;
  }

  // ---- calls and references --------------------------------------------------------------------

  private recordCall(node: SyntaxNode, context: WalkContext): void {
    const callee = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (!callee || !args) return;
    let ref = this.refOf(callee, context.scope);
    let dynamic: string | undefined;
    if (!ref) {
      if (callee.type === 'subscript') dynamic = 'a function looked up in a container';
      else if (callee.type === 'call' && callee.childForFieldName('function')?.text === 'getattr') dynamic = 'getattr()';
      else dynamic = 'a computed callee';
    }
    if (ref && ref.root.kind === 'call-result' && ref.path.length === 0) ref = null;
    const generator = context.generator ? this.generatorInfo(context.generator.node) : undefined;
    const site: CallSite = {
      span: span(node),
      calleeSpan: span(callee),
      argsSpan: span(args),
      callee: ref,
      dynamic,
      scope: context.functionId,
      syncOnly: context.syncOnly,
      entry: context.entry || undefined,
      needsParens: awaitNeedsParentheses(node),
      inGenerator: generator,
      usage: classifyCallUsage(node, (index) => this.options.source.indentationAt(index)),
      line: this.line(node.startIndex),
    };
    this.index.calls.push(site);
    this.callsInContext.push({ node, site });
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

  private recordIdentifier(node: SyntaxNode, context: WalkContext): void {
    if (this.importedNames.has(node.text)) (this.index.identifierUses[node.text] ??= []).push(span(node));
    this.recordReference(node, node.text, context);
  }

  private recordAttributeReference(node: SyntaxNode, context: WalkContext): void {
    const attribute = node.childForFieldName('attribute')?.text;
    if (attribute) this.recordReference(node, attribute, context);
  }

  private recordReference(node: SyntaxNode, lastName: string, context: WalkContext): void {
    if (!this.options.projectFunctionNames.has(lastName)) return;
    const parent = node.parent;
    if (!parent || !VALUE_POSITIONS.has(parent.type)) return;
    if (parent.type === 'keyword_argument' && !sameNode(parent.childForFieldName('value'), node)) return;
    if (parent.type === 'assignment' && !sameNode(parent.childForFieldName('right'), node)) return;
    if (parent.type === 'lambda' && !sameNode(parent.childForFieldName('body'), node)) return;
    const ref = this.refOf(node, context.scope);
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
    this.index.references.push(reference);
  }

  // ---- names -----------------------------------------------------------------------------------

  /** The NameRef of an expression, or null when it is not a plain dotted name. */
  refOf(node: SyntaxNode, scope: FunctionScope | undefined): NameRef | null {
    switch (node.type) {
      case 'identifier':
        return { root: this.rootOf(node.text, scope), path: [] };
      case 'attribute': {
        const object = node.childForFieldName('object');
        const attribute = node.childForFieldName('attribute');
        if (!object || !attribute) return null;
        const base = this.refOf(object, scope);
        return base ? { root: base.root, path: [...base.path, attribute.text] } : null;
      }
      case 'call': {
        const callee = node.childForFieldName('function');
        if (callee?.type === 'identifier' && callee.text === 'super' && !bindingScope(scope, 'super')) return { root: { kind: 'super' }, path: [] };
        const calleeRef = callee ? this.refOf(callee, scope) : null;
        return calleeRef ? { root: { kind: 'call-result', callee: calleeRef }, path: [] } : null;
      }
      case 'parenthesized_expression':
        return node.namedChildren.length === 1 ? this.refOf(node.namedChildren[0], scope) : null;
      case 'type':
        return node.namedChildren[0] ? this.refOf(node.namedChildren[0], scope) : null;
      case 'string': {
        // A quoted annotation: "Client".
        const content = node.text.replace(/^[rbuRBU]*['"]{1,3}|['"]{1,3}$/g, '');
        if (!/^[A-Za-z_][\w.]*$/.test(content)) return null;
        const [head, ...rest] = content.split('.');
        return { root: this.rootOf(head, scope), path: rest };
      }
      default:
        return null;
    }
  }

  private rootOf(name: string, scope: FunctionScope | undefined): NameRef['root'] {
    const owner = bindingScope(scope, name);
    if (!owner) return { kind: 'global', name };
    if (owner.receiverName === name && owner.receiverKind) return { kind: owner.receiverKind };
    const nested = owner.nestedDefs.get(name);
    if (nested) {
      const id = this.functionIds.get(nested.startIndex);
      return id ? { kind: 'local-def', id } : { kind: 'unknown' };
    }
    return { kind: 'local-var', name, type: this.localType(name, owner) };
  }

  private localType(name: string, owner: FunctionScope): TypeSource | undefined {
    const annotation = owner.parameterAnnotations.get(name);
    if (annotation) return this.annotationType(annotation, owner.parent);
    const value = owner.assignedFrom.get(name);
    if (!value || value === 'many') return undefined;
    // Avoid infinite recursion on `x = x.y()`; types of values are computed in the owner's scope.
    return this.typeOfValue(value, owner);
  }

  private typeOfValue(value: SyntaxNode | null | undefined, scope: FunctionScope | undefined): TypeSource | undefined {
    const literal = value ? LITERAL_TYPES[value.type] : undefined;
    if (literal) return { kind: 'literal', type: literal };
    if (value?.type !== 'call') return undefined;
    const callee = value.childForFieldName('function');
    if (!callee) return undefined;
    if (callee.type === 'identifier' && scope?.assignedFrom.get(callee.text) === value) return undefined;
    const ref = this.refOf(callee, scope);
    return ref ? { kind: 'call', callee: ref } : undefined;
  }

  private annotationType(annotation: SyntaxNode, scope: FunctionScope | undefined): TypeSource | undefined {
    let node: SyntaxNode | undefined = annotation.type === 'type' ? annotation.namedChildren[0] : annotation;
    // Optional[Client] / Client | None: take the one class named.
    if (node?.type === 'binary_operator') node = node.namedChildren.find((child) => child.text !== 'None');
    if (node?.type === 'generic_type' || node?.type === 'subscript') {
      const head = node.namedChildren[0]?.text ?? '';
      if (!/Optional$/.test(head)) return undefined;
      node = node.namedChildren[1]?.namedChildren[0] ?? node.namedChildren[1];
    }
    const ref = node ? this.refOf(node, scope) : null;
    return ref ? { kind: 'annotation', ref } : undefined;
  }

  // ---- transforms ------------------------------------------------------------------------------

  private runTransforms(): Site[] {
    const relevant = this.options.transforms.filter((transform) => transform.mentions.test(this.options.source.text));
    if (relevant.length === 0) return [];
    const scopes = new Map<number, FunctionScope>();
    const qualifiedName = (node: SyntaxNode): string | undefined => this.qualifiedName(node, scopes);
    for (const call of this.callsInContext) {
      const callee = call.node.childForFieldName('function');
      if (callee) call.qualifiedName = qualifiedName(callee);
    }
    const context: TransformContext = {
      file: this.index.file,
      module: this.index.module,
      source: this.options.source,
      root: this.root,
      calls: this.callsInContext,
      qualifiedName,
      moduleAlias: (module) => Object.entries(this.index.bindings)
        .find(([, binding]) => binding.kind === 'module' && binding.module === module)?.[0],
      options: this.options.transformOptions,
    };
    return relevant.flatMap((transform) => transform.findSites(context));
  }

  /** The external dotted name an expression refers to, honouring imports, aliases and shadowing. */
  private qualifiedName(node: SyntaxNode, scopes: Map<number, FunctionScope>): string | undefined {
    if (node.type === 'attribute') {
      const object = node.childForFieldName('object');
      const attribute = node.childForFieldName('attribute');
      const base = object ? this.qualifiedName(object, scopes) : undefined;
      return base && attribute ? `${base}.${attribute.text}` : undefined;
    }
    if (node.type !== 'identifier') return undefined;
    if (this.isLocallyBound(node, scopes)) return undefined;
    const binding: Binding | undefined = this.index.bindings[node.text];
    if (!binding) return BUILTINS.has(node.text) ? `builtins.${node.text}` : undefined;
    if (binding.kind === 'module') return binding.module;
    if (binding.kind === 'from-import') return `${binding.module}.${binding.name}`;
    return undefined;
  }

  private isLocallyBound(node: SyntaxNode, scopes: Map<number, FunctionScope>): boolean {
    const chain: SyntaxNode[] = [];
    for (let current = node.parent; current; current = current.parent) {
      if (current.type === 'function_definition') chain.unshift(current);
    }
    let scope: FunctionScope | undefined;
    for (const fn of chain) {
      let built = scopes.get(fn.startIndex);
      if (!built) {
        built = buildFunctionScope(fn, scope, undefined);
        scopes.set(fn.startIndex, built);
      }
      scope = built;
    }
    return !!bindingScope(scope, node.text);
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

const LITERAL_TYPES: Record<string, string> = {
  dictionary: 'dict', dictionary_comprehension: 'dict', list: 'list', list_comprehension: 'list',
  set: 'set', set_comprehension: 'set', tuple: 'tuple', string: 'str', concatenated_string: 'str',
  integer: 'int', float: 'float', true: 'bool', false: 'bool',
};

const BUILTINS = new Set(['open', 'input', 'print', 'next', 'iter', 'sorted', 'list', 'map', 'filter']);

function isMainGuard(node: SyntaxNode): boolean {
  const condition = node.childForFieldName('condition');
  if (condition?.type !== 'comparison_operator') return false;
  const parts = condition.namedChildren.map((child) => child.text.replace(/'/g, '"'));
  return parts.length === 2 && parts.includes('__name__') && parts.includes('"__main__"');
}

/** Whether a body yields (outside nested functions), and whether it returns a value. */
function generatorFactsOf(body: SyntaxNode): { isGenerator: boolean; returnsValue: boolean; returnCalls: SyntaxNode[] } {
  let isGenerator = false;
  let returnsValue = false;
  const returnCalls: SyntaxNode[] = [];
  const walk = (node: SyntaxNode): void => {
    for (const child of node.namedChildren) {
      if (child.type === 'function_definition' || child.type === 'class_definition' || child.type === 'lambda' || child.type === 'decorated_definition') continue;
      if (child.type === 'yield') isGenerator = true;
      if (child.type === 'return_statement') {
        const value = child.namedChildren[0];
        if (value && value.text !== 'None') returnsValue = true;
        if (value?.type === 'call') returnCalls.push(value);
      }
      if (child.type === 'generator_expression' || child.type === 'list_comprehension' || child.type === 'set_comprehension' || child.type === 'dictionary_comprehension') {
        walk(child);
        continue;
      }
      walk(child);
    }
  };
  walk(body);
  return { isGenerator, returnsValue, returnCalls };
}

function stopIterationRaises(body: SyntaxNode): { start: number; end: number }[] {
  const spans: { start: number; end: number }[] = [];
  for (const statement of body.descendantsOfType('raise_statement')) {
    const raised = statement.namedChildren[0];
    const name = raised?.type === 'call' ? raised.childForFieldName('function') : raised;
    if (name?.type === 'identifier' && name.text === 'StopIteration') spans.push(span(name));
  }
  return spans;
}
