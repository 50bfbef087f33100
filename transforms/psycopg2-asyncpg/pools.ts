import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Planner } from './planner.js';
import { enclosingFunction, ownDescendants } from './syntax.js';

/**
 * A pool and the functions that use it change together. An asyncpg pool must be created with
 * `await` inside the running loop, and its `acquire()` hands out asyncpg connections: converting the
 * pool but not one of its users (or the reverse) would leave psycopg2 calls on asyncpg objects. So
 * every site in a function that builds or uses a pool (`self.pool` of one class, or one module or
 * local name) is applied only if all of them turn async; a pool built where nothing can be awaited
 * (module level, `__init__`, another dunder) keeps the whole group psycopg2 code, with a review item.
 */
const CONSTRUCTOR = /^psycopg2\.pool\.(Simple|Threaded)ConnectionPool$/;
const METHOD = /^psycopg2\.pool\.\w+ConnectionPool\(\)\.(getconn|putconn|closeall)$/;

interface PoolGroup {
  scopes: Set<string>;
  /** Where the pool is built; null at module level. */
  builtIn: (SyntaxNode | null)[];
  users: SyntaxNode[];
}

export function groupPoolUsers(planner: Planner): void {
  const groups = new Map<string, PoolGroup>();
  const groupOf = (key: string) => groups.get(key) ?? groups.set(key, { scopes: new Set(), builtIn: [], users: [] }).get(key)!;
  for (const call of planner.context.calls) {
    const name = call.qualifiedName ?? '';
    if (CONSTRUCTOR.test(name)) {
      const assignment = call.node.parent;
      const target = assignment?.type === 'assignment' ? assignment.childForFieldName('left') : undefined;
      const key = target ? poolKey(target) : undefined;
      if (!key) continue;
      const group = groupOf(key);
      const fn = enclosingFunction(call.node) ?? null;
      group.builtIn.push(fn);
      const scope = planner.scopeOf(call.node);
      if (scope) group.scopes.add(scope);
    } else if (METHOD.test(name)) {
      const callee = call.node.childForFieldName('function')!;
      const key = poolKey(callee.childForFieldName('object')!);
      const scope = planner.scopeOf(call.node);
      if (!key || !scope) continue;
      const group = groupOf(key);
      group.scopes.add(scope);
      group.users.push(call.node);
    }
  }
  for (const group of groups.values()) {
    if (group.builtIn.length === 0) continue; // a pool handed in from elsewhere: its users convert on their own
    const together = [...group.scopes];
    const syncOnly = group.builtIn.find((fn) => fn === null || /^__\w+__$/.test(fn.childForFieldName('name')!.text));
    if (syncOnly !== undefined) {
      for (const user of group.users) {
        const fn = enclosingFunction(user);
        if (fn) planner.keepFunction(fn);
        planner.review(user, 'AS311', `the pool is built ${syncOnly === null ? 'at module level' : `in ${syncOnly.childForFieldName('name')!.text}()`}, where asyncpg.create_pool() cannot be awaited: build it inside the running event loop (a startup handler, or lazily in an async function) to migrate this code`);
      }
      continue;
    }
    for (const site of planner.sites) {
      if (site.scope !== null && group.scopes.has(site.scope)) site.together = [...new Set([...(site.together ?? []), ...together])];
    }
  }
}

/** `self.pool` in a method of one class, or a plain name (module-level or local). */
function poolKey(node: SyntaxNode): string | undefined {
  if (node.type === 'attribute' && node.childForFieldName('object')?.type === 'identifier' && node.childForFieldName('object')!.text === 'self') {
    let cls: SyntaxNode | null = node.parent;
    while (cls && cls.type !== 'class_definition') cls = cls.parent;
    return cls ? `${cls.startIndex}:${node.text}` : undefined;
  }
  if (node.type !== 'identifier') return undefined;
  const fn = enclosingFunction(node);
  const local = fn && ownDescendants(fn.childForFieldName('body')!, ['assignment']).some((assignment) => assignment.childForFieldName('left')?.text === node.text);
  return local ? `${fn.startIndex}:${node.text}` : `module:${node.text}`;
}
