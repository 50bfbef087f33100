import type { CallInContext, TransformContext } from '../define-transform.js';
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import { moduleFunctions } from './connection-parameters.js';
import { deleteStatement, enclosingFunction, indentAt, lineStart } from './syntax.js';
import type { Edit, ImportRequest, Site } from '../../src/plan/edits.js';

export const TRANSFORM_ID = 'psycopg2-asyncpg';

/** Qualified names of a psycopg2 connection, however it was obtained. */
const CONNECTION = /^psycopg2\.(connect|extensions\.connection|pool\.(Simple|Threaded|Persistent|Abstract)ConnectionPool\(\)\.getconn)\(\)$/;
const POOL = /^psycopg2\.pool\.(Simple|Threaded|Persistent|Abstract)ConnectionPool\(\)$/;
const CURSOR = /^psycopg2\.extensions\.cursor\(\)$|^psycopg2\.extras\.(Real)?Dict(Cursor)?\(\)$/;

/** A statement that talks to the server over connection `conn` (its text), for transaction ranges. */
export interface DatabaseOperation {
  statement: SyntaxNode;
  node: SyntaxNode;
  conn: string;
  write: boolean;
  /** Server-side cursors live only inside a transaction. */
  needsTransaction?: boolean;
  /** The last statement (a later sibling of `statement`) the operation spans, when it spans several. */
  lastStatement?: SyntaxNode;
  /** A call handing the connection to a function that commits or rolls back on it (its name). */
  endsTransactions?: string;
}

/** A line inserted after a statement; its indentation is settled when every edit is known. */
interface LineAfter {
  statement: SyntaxNode;
  line: string;
  edit: Edit;
}

/** Shared state of one module's planning: the context, the sites found, the operations seen. */
export class Planner {
  readonly sites: Site[] = [];
  readonly operations: DatabaseOperation[] = [];
  /** `with conn.cursor() as cur:` statements whose header is removed (their body moves out). */
  readonly cursorBlocks: SyntaxNode[] = [];
  /** `with psycopg2.connect() as conn:` statements that become a transaction block on the new connection. */
  readonly connectionBlocks: { statement: SyntaxNode; conn: string }[] = [];
  private readonly deletedLines: Edit[] = [];
  private readonly keptScopes = new Set<string>();
  /** Unannotated parameters that receive a psycopg2 connection from every caller in the module (`fnStart:name`). */
  private readonly connectionParameters = new Set<string>();
  /** Functions that hand one connection to each other: they change together (pairs of scopes). */
  private readonly links: [string, string][] = [];
  private readonly linesAfter: LineAfter[] = [];
  readonly text: string;
  private readonly callsByStart = new Map<number, CallInContext>();

  constructor(readonly context: TransformContext) {
    this.text = context.source.text;
    for (const call of context.calls) this.callsByStart.set(call.node.startIndex * 1e6 + call.node.endIndex, call);
  }

  callOf(node: SyntaxNode): CallInContext | undefined {
    return this.callsByStart.get(node.startIndex * 1e6 + node.endIndex);
  }

  isConnection(node: SyntaxNode | null | undefined): boolean {
    if (!node) return false;
    if (node.type === 'identifier' && this.isConnectionParameter(node)) return true;
    return this.isConnectionValue(this.context.qualifiedName(node));
  }

  /** A qualified name read as a value (`psycopg2.connect()`) that is a psycopg2 connection. */
  isConnectionValue(value: string | undefined): boolean {
    return CONNECTION.test(value ?? '');
  }

  /** A function defined at the top level of this module under a name nothing else binds there. */
  isModuleFunction(name: string): boolean {
    this.moduleFunctionNames ??= new Set(moduleFunctions(this.context.root).keys());
    return this.moduleFunctionNames.has(name);
  }

  private moduleFunctionNames?: Set<string>;

  /** A name that is a followed connection parameter of its function. */
  private isConnectionParameter(name: SyntaxNode): boolean {
    const fn = enclosingFunction(name);
    return !!fn && this.connectionParameters.has(`${fn.startIndex}:${name.text}`);
  }

  /** Treats parameter `name` of `fn` as a psycopg2 connection (its callers in the module pass one). */
  followConnectionParameter(fn: SyntaxNode, name: string): void {
    this.connectionParameters.add(`${fn.startIndex}:${name}`);
  }

  isFollowedConnectionParameter(fn: SyntaxNode, name: string): boolean {
    return this.connectionParameters.has(`${fn.startIndex}:${name}`);
  }

  /**
   * `fn` shares a connection with functions of other modules (it hands one to them, or receives one
   * from them): they keep psycopg2 code or migrate together.
   */
  linkAcross(fn: SyntaxNode, ids: string[]): void {
    const scope = this.functionScope(fn);
    if (scope === null) return;
    const linked = this.crossLinks.get(scope) ?? this.crossLinks.set(scope, new Set()).get(scope)!;
    for (const id of ids) if (id !== scope) linked.add(id);
  }

  private readonly crossLinks = new Map<string, Set<string>>();

  /** `caller` hands a connection to `callee`: both keep psycopg2 code or both migrate. */
  link(caller: SyntaxNode, callee: SyntaxNode): void {
    const a = this.functionScope(caller);
    const b = this.functionScope(callee);
    if (a !== null && b !== null && a !== b) this.links.push([a, b]);
  }

  functionScope(fn: SyntaxNode): string | null {
    return this.scopeOf(fn.childForFieldName('body') ?? fn);
  }

  /**
   * `line` on a line of its own after `statement`, indented like the statement ends up (after the
   * transaction blocks and removed `with conn.cursor()` headers around it are settled).
   */
  lineAfter(statement: SyntaxNode, line: string): Edit {
    const edit: Edit = { start: statement.endIndex, end: statement.endIndex, text: '' };
    this.linesAfter.push({ statement, line, edit });
    return edit;
  }

  isPool(node: SyntaxNode | null | undefined): boolean {
    return !!node && POOL.test(this.context.qualifiedName(node) ?? '');
  }

  isCursorType(node: SyntaxNode | null | undefined): boolean {
    return !!node && CURSOR.test(this.context.qualifiedName(node) ?? '');
  }

  scopeOf(node: SyntaxNode): string | null {
    return this.context.scopeOf(node);
  }

  /** Removes a statement with its line, remembering the line so that re-indentation skips it. */
  deleteStatement(statement: SyntaxNode): Edit | undefined {
    const removal = deleteStatement(this.text, statement);
    if (removal) this.deletedLines.push(removal);
    return removal;
  }

  markDeleted(removal: Edit): void {
    this.deletedLines.push(removal);
  }

  /** Whether the line starting at `start` is removed by another edit. */
  isDeletedLine(start: number): boolean {
    return this.deletedLines.some((removal) => start >= removal.start && start < removal.end);
  }

  /** Whether [start, end) (an insertion when equal) would land inside text another planned edit replaces. */
  overlapsReplacement(start: number, end: number): boolean {
    return this.sites.some((site) => site.edits.some((edit) => edit.end > edit.start
      && (start === end ? edit.start < start && start < edit.end : edit.start < end && start < edit.end)));
  }

  line(node: SyntaxNode): number {
    return node.startPosition.row + 1;
  }

  /** A conversion at `node`: applied only when its function turns async (every one here awaits). */
  add(node: SyntaxNode, edits: Edit[], options: { call?: SyntaxNode; imports?: ImportRequest[]; releases?: string[]; review?: string; code?: string; seed?: boolean } = {}): void {
    const call = options.call ? this.callOf(options.call) : undefined;
    this.sites.push({
      transform: TRANSFORM_ID,
      scope: call?.site.scope ?? this.scopeOf(node),
      line: this.line(node),
      call: call?.site,
      awaitCall: !!call,
      edits,
      imports: options.imports ?? [],
      seed: options.seed ?? true,
      releases: options.releases,
      review: options.review ? { code: options.code ?? 'AS300', message: options.review } : undefined,
    });
  }

  /** A review item with no edit: reported when the function turns async. */
  review(node: SyntaxNode, code: string, message: string): void {
    const line = this.line(node);
    if (this.sites.some((site) => site.line === line && site.review?.code === code && site.review.message === message)) return;
    this.add(node, [], { review: message, code, seed: false });
  }

  /**
   * Keeps every psycopg2 statement of a function as it is: a cursor there is used in a way that is
   * not converted, so converting its connection (or anything else on it) would leave code that
   * calls psycopg2 cursor methods on an asyncpg connection. The function stays correct psycopg2 code.
   */
  keepFunction(fn: SyntaxNode): void {
    const scope = this.functionScope(fn);
    if (scope !== null) this.keptScopes.add(scope);
  }

  /**
   * The sites, without the edits planned in functions kept as psycopg2 code (their reviews stay).
   * Functions that hand a connection to each other form one group: kept together, and every site
   * in the group applies only when all of them turn async.
   */
  finish(): Site[] {
    const groups = this.changeGroups();
    for (const group of groups) {
      if (group.some((scope) => this.keptScopes.has(scope))) group.forEach((scope) => this.keptScopes.add(scope));
      for (const site of this.sites) {
        if (site.scope !== null && group.includes(site.scope)) site.together = group;
      }
    }
    for (const pending of this.linesAfter) pending.edit.text = `\n${this.finalIndent(pending.statement)}${pending.line}`;
    const reviewOnly = (site: Site) => site.edits.length === 0 && !site.awaitCall && !site.seed;
    const sites = this.sites.filter((site) => reviewOnly(site) || site.scope === null || !this.keptScopes.has(site.scope));
    return [...sites, ...this.familyMarkers(groups)];
  }

  /**
   * What the engine needs to join families across modules: each function sharing a connection with
   * other modules names them, and each function kept as psycopg2 code stops its whole family.
   */
  private familyMarkers(groups: string[][]): Site[] {
    const markers: Site[] = [];
    const groupOf = (scope: string) => groups.find((group) => group.includes(scope)) ?? [scope];
    const marker = (scope: string, together: string[], keepsFamily: boolean): Site => ({
      transform: TRANSFORM_ID, scope, line: 0, awaitCall: false, edits: [], imports: [], seed: false, together, ...(keepsFamily ? { keepsFamily } : {}),
    });
    for (const [scope, linked] of this.crossLinks) markers.push(marker(scope, [...new Set([...groupOf(scope), ...linked])], false));
    for (const scope of this.keptScopes) markers.push(marker(scope, groupOf(scope), true));
    return markers;
  }

  /**
   * Functions that must change together: linked by a connection handed over, or already grouped
   * (a pool and its users), joined transitively — a helper of a pool user changes with the whole pool.
   */
  private changeGroups(): string[][] {
    const parent = new Map<string, string>();
    const find = (scope: string): string => {
      const up = parent.get(scope) ?? scope;
      if (up === scope) return scope;
      const root = find(up);
      parent.set(scope, root);
      return root;
    };
    const pairs: [string, string][] = [...this.links];
    for (const site of this.sites) {
      const members = site.together ?? [];
      for (const member of members.slice(1)) pairs.push([members[0], member]);
    }
    for (const [a, b] of pairs) parent.set(find(a), find(b));
    const groups = new Map<string, Set<string>>();
    for (const [a, b] of pairs) {
      for (const scope of [a, b]) {
        const root = find(scope);
        (groups.get(root) ?? groups.set(root, new Set()).get(root)!).add(scope);
      }
    }
    return [...groups.values()].map((group) => [...group]);
  }

  /** The indentation of a statement's line once the planned whitespace insertions and removals at its start apply. */
  private finalIndent(statement: SyntaxNode): string {
    const start = lineStart(this.text, statement.startIndex);
    let indent = indentAt(this.text, statement.startIndex);
    for (const edit of this.sites.flatMap((site) => site.edits)) {
      if (edit.start !== start) continue;
      if (edit.end === start && /^[ \t]+$/.test(edit.text)) indent = edit.text + indent;
      else if (edit.end > start && edit.text === '' && /^[ \t]+$/.test(this.text.slice(start, edit.end))) indent = indent.slice(edit.end - start);
    }
    return indent;
  }

  /** Calls inside `node` that other edits may touch (project functions turning async): copying them is unsafe. */
  hasUnsafeCall(nodes: SyntaxNode[]): boolean {
    return nodes.some((node) => [node, ...node.descendantsOfType('call')].some((call) => {
      if (call.type !== 'call') return false;
      const callee = call.childForFieldName('function')!;
      if (callee.type === 'identifier' && SAFE_BUILTINS.has(callee.text) && !this.context.qualifiedName(callee)?.includes('.')) return false;
      const name = this.context.qualifiedName(callee);
      return !name || !SAFE_MODULES.test(name);
    }) || node.descendantsOfType(['await', 'lambda', 'yield']).length > 0);
  }
}

const SAFE_BUILTINS = new Set(['str', 'int', 'float', 'bool', 'tuple', 'list', 'dict', 'set', 'len', 'round', 'abs', 'min', 'max', 'sorted', 'sum', 'repr', 'bytes']);
const SAFE_MODULES = /^(builtins|json|datetime|decimal|uuid|math|psycopg2\.extras\.Json)\b/;
