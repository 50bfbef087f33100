import type { CallSite } from '../../analyze/model.js';
import { acceptsCall, TARGET_APIS } from '../../../transforms/shared/target-apis.js';
import type { OutputModule, OutputProject } from '../output-project.js';
import type { Finding, SelfCheckRule } from '../self-check.js';

/**
 * A call the migration now sends to httpx, asyncpg or aiofiles with a keyword, or a number of
 * positional arguments, that the target API does not take in every version asyncshift supports
 * (transforms/shared/target-apis.ts): a TypeError on the first run. It catches keywords carried over
 * from requests or psycopg2 (`verify=` on a request, `allow_redirects=`, `connection_factory=`) when
 * a receiver changed library under a call nobody rewrote. The subprocess helper takes `**kwargs` as
 * subprocess does, so its calls are not judged here. Undo: drop the conversion that wrote the call,
 * else keep its function sync, else leave the module unchanged.
 */
export const targetKeywords: SelfCheckRule = {
  id: 'target-keywords',
  doc: {
    what: 'a call to httpx, asyncpg or aiofiles with a keyword or argument count that API does not accept',
    why: 'the call raises TypeError: got an unexpected keyword argument',
  },
  check(output) {
    const findings: Finding[] = [];
    for (const module of output.modules) {
      if (!module.changed || !module.source) continue;
      for (const site of module.index.calls) {
        if (site.operand || !site.callee || site.passes?.spread) continue;
        const target = targetApi(output, module, site);
        if (!target || targetBefore(output, module, site) === target) continue;
        const positional = site.passes?.positional.length ?? 0;
        const keywords = Object.keys(site.passes?.keywords ?? {});
        if (acceptsCall(target, positional, keywords)) continue;
        findings.push({
          rule: this.id, module: module.index.module, file: module.input.relativePath, line: site.line,
          message: `${module.input.relativePath}:${site.line} calls ${target} with ${describeArguments(target, positional, keywords)}, which it does not accept`,
          undo: output.undoAtCall(module, site),
        });
      }
    }
    return findings;
  },
};

/** The TARGET_APIS entry a call in the output reaches. */
function targetApi(output: OutputProject, module: OutputModule, site: CallSite): string | undefined {
  const resolved = output.targetOf(module, site);
  return resolved.kind === 'external' ? apiNamed(resolved.name) : undefined;
}

/** What the same call reached before the migration (undefined when it cannot be found or was not a target). */
function targetBefore(output: OutputProject, module: OutputModule, site: CallSite): string | undefined {
  if (!module.offsets || output.written(module, site.calleeSpan.start)) return undefined;
  const start = module.offsets.toOriginal(site.calleeSpan.start);
  const end = module.offsets.toOriginal(site.calleeSpan.end);
  const before = module.input.index.calls.find((call) => call.calleeSpan.start === start && call.calleeSpan.end === end);
  if (!before?.callee) return undefined;
  const resolved = output.input.symbols.resolve(before.callee, module.input.index, before.scope);
  return resolved.kind === 'external' ? apiNamed(resolved.name) : undefined;
}

/**
 * A resolved name as TARGET_APIS spells it: `httpx.AsyncClient().get` (a method on a client object)
 * is `httpx.AsyncClient.get`, a method on what `asyncpg.connect()` returns is `asyncpg.Connection`'s.
 */
function apiNamed(resolved: string): string | undefined {
  const name = resolved
    .replace(/^asyncpg\.(connect|(connection\.)?Connection)\(\)\./, 'asyncpg.Connection.')
    .replace(/^asyncpg\.(create_pool|(pool\.)?Pool)\(\)\./, 'asyncpg.Pool.')
    .replace(/^httpx\.AsyncClient\(\)\./, 'httpx.AsyncClient.');
  return Object.hasOwn(TARGET_APIS, name) ? name : undefined;
}

function describeArguments(target: string, positional: number, keywords: readonly string[]): string {
  const signature = TARGET_APIS[target];
  const rejected = keywords.filter((keyword) => !signature.keywords.includes(keyword));
  if (rejected.length > 0) return rejected.map((keyword) => `${keyword}=`).join(', ');
  if (positional > signature.positional) return `${positional} positional arguments`;
  return `no ${(signature.required ?? []).filter((name) => !keywords.includes(name)).join(', ')}`;
}
