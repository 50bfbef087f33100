import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { TARGET_APIS } from '../transforms/shared/target-apis.js';
import { migrateFiles } from './helpers/project.js';
import { SYSTEM_PYTHON } from './helpers/python.js';

/**
 * Must-change and must-not-change cases for what real code adds to requests → httpx: exception
 * classes rewritten in step with the calls their `try` makes (never a tuple nested in an except
 * tuple), exceptions built only in a form httpx accepts, values requests reads differently from
 * httpx, and keywords httpx does not take.
 */
const select = { select: ['requests-httpx'] };
const migrate = (source: string) => migrateFiles({ 'app.py': source }, select);

/** Except clauses and isinstance()/pytest.raises() tuples that hold a tuple, found by Python's own parser. */
function nestedExceptTuples(source: string): string[] {
  const script = String.raw`
import ast, json, sys
tree = ast.parse(sys.stdin.read())
found = []
for node in ast.walk(tree):
    types = node.type if isinstance(node, ast.ExceptHandler) else None
    if isinstance(node, ast.Call) and getattr(node.func, 'attr', getattr(node.func, 'id', '')) in ('isinstance', 'raises') and len(node.args) >= 1:
        types = node.args[-1] if getattr(node.func, 'id', '') == 'isinstance' else node.args[0]
    if isinstance(types, ast.Tuple) and any(isinstance(element, ast.Tuple) for element in types.elts):
        found.append(ast.unparse(types))
print(json.dumps(found))
`;
  const result = spawnSync(SYSTEM_PYTHON, ['-c', script], { input: source, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout);
}

describe('requests-httpx: exceptions in step with the calls (issue 13, class 8)', () => {
  const imports = 'import requests\nfrom requests.exceptions import ConnectionError as RequestsConnectionError\nfrom requests.exceptions import SSLError\n\n\n';

  it('catches httpx classes, flat in the except tuple, when every call of the try became an httpx call', () => {
    const out = migrate(`${imports}def fetch(url):\n    try:\n        r = requests.get(url, timeout=5)\n        r.raise_for_status()\n        return r.text\n    except (RequestsConnectionError, SSLError):\n        return None\n    except requests.HTTPError as e:\n        return e.response.status_code\n`).after['app.py'];
    expect(out).toContain('    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout, httpx.ConnectError):\n');
    expect(out).toContain('    except httpx.HTTPStatusError as e:\n');
    expect(nestedExceptTuples(out)).toEqual([]);
  });

  it('keeps requests classes when the calls of the try stay on requests', () => {
    const out = migrate(`${imports}def fetch(url):\n    try:\n        return requests.get(url, hooks={"response": print}).text\n    except (RequestsConnectionError, SSLError):\n        return None\n\n\ndef other(url):\n    return requests.get(url).text\n`).after['app.py'];
    expect(out).toContain('    except (RequestsConnectionError, SSLError):\n');
    expect(out).toContain('await asyncio.to_thread(requests.get, url, hooks={"response": print})');
  });

  it('catches both families, flat, when the try calls code that may raise either (a project function, a session it does not own)', () => {
    const out = migrate(`${imports}def fetch(url):\n    return requests.get(url).text\n\n\ndef outer(url, session):\n    try:\n        session.get(url)\n        return fetch(url)\n    except (RequestsConnectionError, ValueError):\n        return "down"\n    except requests.HTTPError:\n        return "bad"\n`).after['app.py'];
    expect(out).toContain('    except (RequestsConnectionError, httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout, ValueError):\n');
    expect(out).toContain('    except (requests.HTTPError, httpx.HTTPStatusError):\n');
    expect(out).toMatch(/^import requests$/m); // still used
    expect(nestedExceptTuples(out)).toEqual([]);
  });

  it('changes a handler of a session\'s calls only with the session', () => {
    const client = 'import requests\n\n\nclass Api:\n    def __init__(self):\n        self.session = requests.Session()\n\n    def get(self, path):\n        try:\n            return self.session.get(path).json()\n        except requests.Timeout:\n            return None\n';
    expect(migrateFiles({ 'api.py': client }, select).after['api.py']).toContain('        except httpx.TimeoutException:\n');
    const pinned = migrateFiles({ 'api.py': `${client}\n\nAPI = Api()\nFIRST = API.get("/x")\n` }, select).after['api.py'] ?? '';
    expect(pinned).not.toContain('httpx');
  });

  it('keeps raise sites on requests where httpx cannot build the class from the same arguments', () => {
    const tests = 'import requests\nfrom unittest import mock\n\n\nclass FakeResponse:\n    def raise_for_status(self):\n        raise requests.exceptions.HTTPError()\n\n\n'
      + 'def fail(u):\n    r = requests.get(u)\n    if r.status_code == 502:\n        raise requests.ConnectionError("down")\n    if r.status_code == 503:\n        raise requests.ConnectionError\n    if r.status_code == 500:\n        raise requests.HTTPError("bad", response=r)\n    return mock.Mock(side_effect=requests.Timeout)\n';
    const migration = migrate(tests);
    const out = migration.after['app.py'];
    expect(out).toContain('        raise requests.exceptions.HTTPError()\n');
    expect(out).toContain('        raise httpx.ConnectError("down")\n');
    expect(out).toContain('        raise requests.ConnectionError\n');
    expect(out).toContain('        raise requests.HTTPError("bad", response=r)\n');
    expect(out).toContain('mock.Mock(side_effect=requests.Timeout)');
    expect(migration.result.reviews.filter((item) => item.code === 'AS404').map((item) => item.line)).toEqual([15, 17, 18]);
  });

  it('turns pytest.raises around a project call into a check for either family', () => {
    const out = migrateFiles({
      'app.py': 'import requests\n\n\ndef fetch(u):\n    r = requests.get(u)\n    r.raise_for_status()\n    return r.text\n',
      'test_app.py': 'import pytest\nimport requests\n\nimport app\n\n\ndef test_fetch():\n    with pytest.raises(requests.HTTPError):\n        app.fetch("http://127.0.0.1:9/x")\n',
    }, select).after['test_app.py'];
    expect(out).toContain('    with pytest.raises((requests.HTTPError, httpx.HTTPStatusError)):\n        await app.fetch("http://127.0.0.1:9/x")\n');
  });
});

describe('requests-httpx: values requests reads differently from httpx (issue 13, class 9)', () => {
  it('sends literal numbers and booleans in headers as requests did, and keeps a header unset with None on requests', () => {
    const migration = migrate('import requests\n\n\ndef f(u):\n    a = requests.get(u, headers={"X-Count": 5, "X-Ratio": 0.5, "X-Flag": True, "Accept": "text/plain"})\n    b = requests.get(u, headers={"Authorization": None})\n    return a, b\n');
    const out = migration.after['app.py'];
    expect(out).toContain('await client.get(u, headers={"X-Count": "5", "X-Ratio": "0.5", "X-Flag": "True", "Accept": "text/plain"})');
    expect(out).toContain('b = await asyncio.to_thread(requests.get, u, headers={"Authorization": None})');
  });

  it('leaves out None form and query values and writes booleans as requests did', () => {
    const migration = migrate('import requests\n\n\ndef f(u, page):\n    requests.get(u, params={"page": page, "q": None, "all": True})\n    requests.post(u, data={"dry": False, "note": None})\n');
    const out = migration.after['app.py'];
    expect(out).toContain('await client.get(u, params={"page": page, "all": "True"})');
    expect(out).toContain('await client.post(u, data={"dry": "False"})');
    expect(migration.result.reviews.filter((item) => item.code === 'AS401').length).toBe(2);
  });

  it('leaves values it cannot see as they are', () => {
    const out = migrate('import requests\n\n\ndef f(u, headers, n):\n    return requests.get(u, headers=headers, params={"n": n}).text\n').after['app.py'];
    expect(out).toContain('await client.get(u, headers=headers, params={"n": n})');
  });

  it('behaves like requests for those values, checked against the installed requests and httpx', () => {
    const script = String.raw`
import httpx, requests
sent = requests.Request('GET', 'http://x/', params={"page": 2, "q": None, "all": True}, data={"dry": False, "note": None}).prepare()
converted = httpx.Request('GET', 'http://x/', params={"page": 2, "all": "True"}, data={"dry": "False"})
assert str(converted.url) == sent.url, (converted.url, sent.url)
assert converted.read().decode() == sent.body, (converted.read(), sent.body)
print("ok")
`;
    const result = spawnSync(SYSTEM_PYTHON, ['-c', script], { encoding: 'utf8' });
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('ok');
  });
});

describe('requests-httpx: keywords httpx does not take (issue 13)', () => {
  it('writes only keywords the httpx client and its methods accept', () => {
    const out = migrate('import requests\nfrom requests.auth import HTTPBasicAuth\n\n\ndef f(u):\n'
      + '    requests.get(u, params={"a": "1"}, headers={"b": "2"}, cookies={"c": "3"}, auth=HTTPBasicAuth("u", "p"), timeout=3, allow_redirects=False, verify=False, cert="c.pem")\n'
      + '    requests.post(u, data="raw", json=None, files={"f": b"x"}, stream=False)\n'
      + '    requests.head(u)\n    requests.delete(u, json={})\n').after['app.py'];
    const calls = [...out.matchAll(/(httpx\.AsyncClient|client\.\w+)\(([^\n]*)\)/g)];
    expect(calls.length).toBeGreaterThan(6);
    for (const [, callee, args] of calls) {
      const target = callee === 'httpx.AsyncClient' ? callee : `httpx.AsyncClient.${callee.split('.')[1]}`;
      for (const keyword of topLevel(args).matchAll(/(?:^|,\s*)(\w+)=/g)) expect(TARGET_APIS[target].keywords, `${target}(${keyword[1]}=)`).toContain(keyword[1]);
    }
  });

  it('keeps a call with a keyword httpx has no counterpart for on requests', () => {
    const out = migrate('import requests\n\n\ndef f(u):\n    return requests.get(u, proxies={"https": "http://p"}).text\n').after['app.py'];
    expect(out).toContain('await asyncio.to_thread(requests.get, u, proxies={"https": "http://p"})');
  });
});

/** The argument text with whatever sits inside nested brackets or strings blanked out. */
function topLevel(args: string): string {
  let depth = 0;
  let quote = '';
  let out = '';
  for (const c of args) {
    if (quote) quote = c === quote ? '' : quote;
    else if (c === '"' || c === "'") quote = c;
    else if ('([{'.includes(c)) depth++;
    else if (')]}'.includes(c)) depth--;
    out += depth > 0 || quote || c === '"' || c === "'" ? ' ' : c;
  }
  return out;
}
