import type { CallInContext, TransformContext } from '../define-transform.js';
import type { SyntaxNode } from '../../src/parse/parse-python.js';
import { deleteStatement } from './syntax.js';
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
}

/** Shared state of one module's planning: the context, the sites found, the operations seen. */
export class Planner {
  readonly sites: Site[] = [];
  readonly operations: DatabaseOperation[] = [];
  /** `with conn.cursor() as cur:` statements whose header is removed (their body moves out). */
  readonly cursorBlocks: SyntaxNode[] = [];
  private readonly deletedLines: Edit[] = [];
  private readonly keptScopes = new Set<string>();
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
    return !!node && CONNECTION.test(this.context.qualifiedName(node) ?? '');
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
    this.add(node, [], { review: message, code, seed: false });
  }

  /**
   * Keeps every psycopg2 statement of a function as it is: a cursor there is used in a way that is
   * not converted, so converting its connection (or anything else on it) would leave code that
   * calls psycopg2 cursor methods on an asyncpg connection. The function stays correct psycopg2 code.
   */
  keepFunction(fn: SyntaxNode): void {
    const scope = this.scopeOf(fn.childForFieldName('body') ?? fn);
    if (scope !== null) this.keptScopes.add(scope);
  }

  /** The sites, without the edits planned in functions kept as psycopg2 code (their reviews stay). */
  finish(): Site[] {
    const reviewOnly = (site: Site) => site.edits.length === 0 && !site.awaitCall && !site.seed;
    return this.sites.filter((site) => reviewOnly(site) || site.scope === null || !this.keptScopes.has(site.scope));
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
