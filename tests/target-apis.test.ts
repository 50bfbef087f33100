import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { acceptsKeyword, TARGET_APIS, unacceptedKeywords } from '../transforms/shared/target-apis.js';
import { SYSTEM_PYTHON } from './helpers/python.js';

/**
 * The table of target APIs is checked against the installed packages (httpx 0.23.3, asyncpg 0.27,
 * aiofiles 23.1): every keyword it lists binds in the real signature, and every positional count
 * fits. The newer releases it also covers are not installed here.
 */
const INTROSPECT = String.raw`
import inspect, json, sys, importlib
table = json.loads(sys.stdin.read())
problems = []
for target, spec in table.items():
    parts = target.split('.')
    obj = None
    for cut in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module('.'.join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            obj = getattr(obj, name)
        break
    if inspect.isclass(obj):
        obj = obj.__init__
    params = [p for p in inspect.signature(obj).parameters.values() if p.name not in ('self', 'cls')]
    if target.startswith('aiofiles.os.'):
        params += [inspect.Parameter(n, inspect.Parameter.KEYWORD_ONLY) for n in ('loop', 'executor')]
    by_keyword = {p.name for p in params if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    var_keyword = any(p.kind == p.VAR_KEYWORD for p in params)
    for keyword in spec['keywords']:
        if keyword not in by_keyword and not var_keyword:
            problems.append(f'{target}: {keyword}= is not accepted')
    positional = [p for p in params if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    var_positional = any(p.kind == p.VAR_POSITIONAL for p in params)
    count = spec['positional']
    if count is None and not var_positional:
        problems.append(f'{target}: takes no *args')
    if count is not None and count > len(positional) and not var_positional:
        problems.append(f'{target}: takes {len(positional)} positional arguments, not {count}')
print(json.dumps(problems))
`;

describe('target API table', () => {
  it('lists only keywords and positional counts the installed httpx, asyncpg and aiofiles accept', () => {
    const table = Object.fromEntries(Object.entries(TARGET_APIS).map(([target, spec]) => [target, { keywords: spec.keywords, positional: Number.isFinite(spec.positional) ? spec.positional : null }]));
    const result = spawnSync(SYSTEM_PYTHON, ['-c', INTROSPECT], { input: JSON.stringify(table), encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual([]);
  });

  it('leaves out keywords that only some targeted versions accept', () => {
    expect(acceptsKeyword('httpx.AsyncClient', 'proxies')).toBe(false); // removed in httpx 0.28
    expect(acceptsKeyword('httpx.AsyncClient', 'proxy')).toBe(false); // added in httpx 0.26
    expect(acceptsKeyword('asyncpg.connect', 'target_session_attrs')).toBe(false); // added in asyncpg 0.28
    expect(unacceptedKeywords('asyncpg.connect', ['host', 'sslcert', 'dbname'])).toEqual(['sslcert', 'dbname']);
    expect(acceptsKeyword('no.such.target', 'x')).toBe(false);
  });
});
