import type { FunctionId } from '../analyze/model.js';
import type { Site } from './edits.js';

/**
 * Families of functions that hand one library object to each other, across modules (a psycopg2
 * connection from a fixture to the tests and to the functions they call): for the transforms that
 * follow objects there, the `together` groups of their sites that share a function form one family.
 * A family with a `keepsFamily` marker keeps all its code as it is (its review items stay); any other
 * family changes only as a whole: each site applies when every function of the family that it
 * converts ends up async.
 */
export function joinSiteFamilies(sitesByModule: readonly Site[][], transforms: ReadonlySet<string>): void {
  const parent = new Map<FunctionId, FunctionId>();
  const find = (id: FunctionId): FunctionId => {
    let root = id;
    while (parent.has(root) && parent.get(root) !== root) root = parent.get(root)!;
    parent.set(id, root);
    return root;
  };
  const union = (a: FunctionId, b: FunctionId) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra !== rb) parent.set(ra, rb);
  };
  const followed = sitesByModule.flatMap((sites) => sites.filter((site) => transforms.has(site.transform) && site.scope));
  for (const site of followed) for (const member of site.together ?? []) union(site.scope!, member);

  const held = new Set<FunctionId>();
  const converting = new Map<FunctionId, Set<FunctionId>>();
  const size = new Map<FunctionId, Set<FunctionId>>();
  for (const site of followed) {
    const root = find(site.scope!);
    for (const member of [site.scope!, ...site.together ?? []]) (size.get(root) ?? size.set(root, new Set()).get(root)!).add(member);
    if (site.keepsFamily) held.add(root);
    else if (converts(site)) (converting.get(root) ?? converting.set(root, new Set()).get(root)!).add(site.scope!);
  }
  for (const sites of sitesByModule) {
    const kept = sites.filter((site) => {
      if (!transforms.has(site.transform) || !site.scope) return true;
      const root = find(site.scope);
      if (held.has(root)) return !converts(site) && !site.keepsFamily;
      if ((size.get(root)?.size ?? 1) > 1) site.together = [...(converting.get(root) ?? [site.scope])].sort();
      return !site.keepsFamily;
    });
    sites.splice(0, sites.length, ...kept);
  }
}

/** The site changes code or makes its function async (not a review item or a link alone). */
function converts(site: Site): boolean {
  return site.edits.length > 0 || site.seed || site.awaitCall;
}
