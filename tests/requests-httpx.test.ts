import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

const select = { select: ['requests-httpx'] };
const migrate = (source: string) => migrateFiles({ 'app.py': source }, select);
const CLIENT = 'async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client:';

/** Must-change and must-not-change cases for requests → httpx.AsyncClient, one per mapping row. */
describe('requests-httpx: module functions', () => {
  it('wraps the statement in a throw-away client and awaits the call (any import style)', () => {
    const { after } = migrateFiles({
      'a.py': 'import requests\n\n\ndef f(u):\n    r = requests.get(u)\n    return r.json()\n',
      'b.py': 'from requests import post as send\n\n\ndef f(u):\n    return send(u, json={"a": 1}).status_code\n',
      'c.py': 'import requests as rq\n\n\ndef f(u):\n    return rq.request("PUT", u, json=[]).text\n',
    }, select);
    expect(after['a.py']).toBe(`import httpx\n\n\nasync def f(u):\n    ${CLIENT}\n        r = await client.get(u)\n    return r.json()\n`);
    expect(after['b.py']).toBe(`import httpx\n\n\nasync def f(u):\n    ${CLIENT}\n        return (await client.post(u, json={"a": 1})).status_code\n`);
    expect(after['c.py']).toBe(`import httpx\n\n\nasync def f(u):\n    ${CLIENT}\n        return (await client.request("PUT", u, json=[])).text\n`);
  });

  it('converts put/patch/options like the other verbs (a positional body becomes a keyword)', () => {
    const { after } = migrate('import requests\n\n\ndef f(u):\n    requests.put(u, b"x")\n    requests.patch(u, json={})\n    requests.options(u)\n');
    expect(after['app.py']).toBe(`import httpx\n\n\nasync def f(u):\n    ${CLIENT}\n        await client.put(u, content=b"x")\n    ${CLIENT}\n        await client.patch(u, json={})\n    ${CLIENT}\n        await client.options(u)\n`);
  });

  it('re-indents a multi-line statement and wraps a for loop over the response', () => {
    const { after } = migrate('import requests\n\n\ndef f(u):\n    r = requests.post(\n        u,\n        json={},\n    )\n    for item in requests.get(u).json():\n        print(item)\n');
    expect(after['app.py']).toBe(`import httpx\n\n\nasync def f(u):\n    ${CLIENT}\n        r = await client.post(\n            u,\n            json={},\n        )\n    ${CLIENT}\n        for item in (await client.get(u)).json():\n            print(item)\n`);
  });

  it('keeps HEAD unfollowed, maps allow_redirects, and moves verify/cert/cookies to the client', () => {
    const { after } = migrate('import requests\n\n\ndef f(u):\n    a = requests.head(u)\n    b = requests.get(u, allow_redirects=False, verify=False, cert=("c.pem", "k.pem"), cookies={"k": "v"})\n    return a, b\n');
    expect(after['app.py']).toContain('a = await client.head(u, follow_redirects=False)');
    expect(after['app.py']).toContain('async with httpx.AsyncClient(follow_redirects=True, timeout=None, verify=False, cert=("c.pem", "k.pem"), cookies={"k": "v"}) as client:\n        b = await client.get(u, follow_redirects=False)');
  });

  it('moves a client setting written on its own line out of a multi-line call it re-indents (found on borgmatic: an internal error, the file left unchanged)', () => {
    const { after, result } = migrate('import requests\n\n\ndef f(u):\n    r = requests.get(\n        u,\n        verify=False,\n    )\n    return r.text\n');
    expect(result.files.map((file) => file.outcome.status)).not.toContain('failed');
    expect(after['app.py']).toBe('import httpx\n\n\nasync def f(u):\n    async with httpx.AsyncClient(follow_redirects=True, timeout=None, verify=False) as client:\n        r = await client.get(\n            u,\n        )\n    return r.text\n');
  });

  it('maps timeouts: a number or (connect, read) bounds connect and read only; a name is kept', () => {
    const { after } = migrate('import requests\n\n\ndef f(u, t):\n    requests.get(u, timeout=5)\n    requests.get(u, timeout=(3, 10))\n    requests.get(u, timeout=t)\n');
    expect(after['app.py']).toContain('await client.get(u, timeout=httpx.Timeout(None, connect=5, read=5))');
    expect(after['app.py']).toContain('await client.get(u, timeout=httpx.Timeout(None, connect=3, read=10))');
    expect(after['app.py']).toContain('await client.get(u, timeout=t)');
  });

  it('sends str/bytes bodies as content=, keeps form dicts, makes positionals keywords, and routes a body on GET through request()', () => {
    const { after } = migrate('import json\nimport requests\n\n\ndef f(u, p):\n    requests.post(u, data="raw")\n    requests.post(u, data=b"raw")\n    requests.post(u, data=json.dumps(p))\n    requests.post(u, data={"a": 1}, files={"f": b"x"}, headers={"h": "v"}, params={"q": 1}, auth=("u", "p"))\n    requests.get(u, {"q": 1})\n    requests.post(u, {"a": 1})\n    requests.delete(u, json={"id": 1})\n');
    const out = after['app.py'];
    expect(out).toContain('await client.post(u, content="raw")');
    expect(out).toContain('await client.post(u, content=b"raw")');
    expect(out).toContain('await client.post(u, content=json.dumps(p))');
    expect(out).toContain('await client.post(u, data={"a": 1}, files={"f": b"x"}, headers={"h": "v"}, params={"q": 1}, auth=("u", "p"))');
    expect(out).toContain('await client.get(u, params={"q": 1})');
    expect(out).toContain('await client.post(u, data={"a": 1})');
    expect(out).toContain('await client.request("DELETE", u, json={"id": 1})');
  });

  it('sends a name that only ever holds a serialised body as content=, and keeps data= where it may hold a mapping (found on redash)', () => {
    const { after } = migrate([
      'import json', 'import simplejson', 'import requests', '', '',
      'def call(method, url, params=None):', '    if params is not None:', '        params = simplejson.dumps(params)',
      '    return requests.request(method, url, data=params)', '', '',
      'def send(url, record):', '    payload = json.dumps(record)', '    return requests.post(url, data=payload)', '', '',
      'def maybe(url, body, raw=False):', '    if raw:', '        body = json.dumps(body)', '    return requests.post(url, data=body)', '', '',
      'def either(url, record, form):', '    payload = json.dumps(record) if record else form', '    return requests.post(url, data=payload)', '',
    ].join('\n'));
    const out = after['app.py'];
    expect(out).toContain('await client.request(method, url, content=params)');
    expect(out).toContain('await client.post(url, content=payload)');
    // `body` is the caller's mapping unless raw; `payload` may be the form.
    expect(out).toContain('await client.post(url, data=body)');
    expect(out).toContain('await client.post(url, data=payload)');
  });

  it('maps HTTPBasicAuth/HTTPDigestAuth and drops their import', () => {
    const { after } = migrate('import requests\nfrom requests.auth import HTTPBasicAuth\n\n\ndef f(u):\n    return requests.get(u, auth=HTTPBasicAuth("a", "b")).status_code\n');
    expect(after['app.py']).toBe(`import httpx\n\n\nasync def f(u):\n    ${CLIENT}\n        return (await client.get(u, auth=httpx.BasicAuth("a", "b"))).status_code\n`);
  });

  it('streams with `async with client.stream(...)` and `async for` over aiter_bytes / aiter_lines', () => {
    const { after } = migrate('import requests\n\n\ndef f(u, out):\n    with requests.get(u, stream=True, timeout=(1, 2)) as r:\n        r.raise_for_status()\n        for chunk in r.iter_content(chunk_size=1024):\n            out.write(chunk)\n\n\ndef g(u):\n    with requests.get(u, stream=True) as r:\n        return [line for line in r.iter_lines()]\n');
    expect(after['app.py']).toBe('import httpx\n\n\nasync def f(u, out):\n    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client, client.stream("GET", u, timeout=httpx.Timeout(None, connect=1, read=2)) as r:\n        r.raise_for_status()\n        async for chunk in r.aiter_bytes(chunk_size=1024):\n            out.write(chunk)\n\n\nasync def g(u):\n    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client, client.stream("GET", u) as r:\n        return [line async for line in (_line.rstrip("\\r\\n").encode(r.encoding) async for _line in r.aiter_lines())]\n');
  });

  it('reads the body first when a stream block uses .json()/.text, and bridges stream=True outside with', () => {
    const { after, result } = migrate('import requests\n\n\ndef f(u):\n    with requests.get(u, stream=True) as r:\n        return r.json()\n\n\ndef g(u):\n    r = requests.get(u, stream=True)\n    return r.raw\n');
    expect(after['app.py']).toContain('client.stream("GET", u) as r:\n        await r.aread()\n        return r.json()');
    expect(after['app.py']).toContain('r = await asyncio.to_thread(requests.get, u, stream=True)');
    expect(result.reviews.map((item) => item.code)).toContain('AS402');
  });

  it('bridges calls with no faithful form (hooks, proxies, data as pairs) and reports them', () => {
    const { after, result } = migrate('import requests\n\n\ndef f(u, h):\n    requests.get(u, hooks={"response": h})\n    requests.get(u, proxies={"http": "p"})\n    requests.post(u, data=[("a", 1)])\n');
    expect(after['app.py']).toContain('await asyncio.to_thread(requests.get, u, hooks={"response": h})');
    expect(after['app.py']).toContain('await asyncio.to_thread(requests.get, u, proxies={"http": "p"})');
    expect(after['app.py']).toContain('await asyncio.to_thread(requests.post, u, data=[("a", 1)])');
    expect(result.reviews.filter((item) => item.code === 'AS402')).toHaveLength(3);
  });

  it('bridges a call whose body is a file object, which an AsyncClient cannot read (found on redash)', () => {
    const { after, result } = migrate([
      'import requests', '', '',
      'def upload(u, path):', '    with open(path, "rb") as f:', '        r = requests.post(u, f, headers={"X": "1"})', '    return r.status_code', '', '',
      'def send(u, path):', '    body = open(path, "rb")', '    return requests.put(u, data=body).status_code', '', '',
      'def stream(u, path):', '    return requests.post(u, data=open(path, "rb")).status_code', '',
    ].join('\n'));
    expect(after['app.py']).toContain('r = await asyncio.to_thread(requests.post, u, f, headers={"X": "1"})');
    expect(after['app.py']).toContain('return (await asyncio.to_thread(requests.put, u, data=body)).status_code');
    expect(after['app.py']).toContain('return (await asyncio.to_thread(requests.post, u, data=open(path, "rb"))).status_code');
    expect(after['app.py']).not.toContain('client.post');
    expect(result.reviews.filter((item) => item.code === 'AS402' && /a file object as the body/.test(item.message))).toHaveLength(3);
  });

  it('leaves a local function named get, a shadowing parameter, and module-level calls alone', () => {
    const { after } = migrateFiles({
      'a.py': 'def get(u):\n    return u\n\n\ndef f():\n    return get("x")\n',
      'b.py': 'import requests\n\n\ndef f(requests):\n    return requests.get("x")\n',
      'c.py': 'import requests\n\nDATA = requests.get("http://x").json()\n',
    }, select);
    expect(after).toEqual({});
  });
});

describe('requests-httpx: responses', () => {
  it('rewrites ok, reason, url, is_redirect, next, close only on known responses', () => {
    const { after } = migrate('import requests\n\n\ndef f(u, other):\n    r = requests.get(u)\n    if not r.ok:\n        return r.reason\n    flag = r.ok == other.ok\n    print(r.url, r.is_redirect, r.next)\n    r.close()\n    return r.ok, other.ok, str(r.url)\n');
    const out = after['app.py'];
    expect(out).toContain('    if r.is_error:\n        return r.reason_phrase\n');
    expect(out).toContain('flag = (not r.is_error) == other.ok');
    expect(out).toContain('print(str(r.url), r.has_redirect_location, r.next_request)');
    expect(out).toContain('    await r.aclose()\n');
    expect(out).toContain('return not r.is_error, other.ok, str(r.url)');
  });

  it('keeps status_code/headers/content/text/json/links/elapsed, flags raw/request, maps iter_content(decode_unicode=True)', () => {
    const { after, result } = migrate('import requests\n\n\ndef f(u):\n    r = requests.get(u)\n    return r.status_code, r.headers["a"], r.content, r.text, r.json(), r.links, r.elapsed, r.raw, r.request.body\n\n\ndef g(u):\n    with requests.get(u, stream=True) as r:\n        parts = [t for t in r.iter_content(chunk_size=8, decode_unicode=True)]\n        return parts, r.elapsed\n');
    expect(after['app.py']).toBe(`import httpx\n\n\nasync def f(u):\n    ${CLIENT}\n        r = await client.get(u)\n    return r.status_code, r.headers["a"], r.content, r.text, r.json(), r.links, r.elapsed, r.raw, r.request.body\n\n\nasync def g(u):\n    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as client, client.stream("GET", u) as r:\n        parts = [t async for t in r.aiter_text(chunk_size=8)]\n        return parts, r.elapsed\n`);
    const messages = result.reviews.filter((item) => item.code === 'AS401').map((item) => `${item.line} ${item.message}`);
    expect(messages).toEqual([
      '6 response.raw has no httpx counterpart (use aiter_raw() inside a stream block)',
      '6 response.request is an httpx.Request (no .body, .path_url: use .content, .url.raw_path)',
      '12 response.elapsed is only known once an httpx stream is closed (RuntimeError before)',
    ]);
  });

  it('guards raise_for_status where redirects are not followed (httpx raises on 3xx) and flags a used return value', () => {
    const { after, result } = migrate('import requests\n\n\ndef f(u):\n    r = requests.get(u, allow_redirects=False)\n    r.raise_for_status()\n    return r.status_code\n\n\ndef g(u):\n    r = requests.get(u)\n    return r.raise_for_status()\n');
    expect(after['app.py']).toContain('    if r.is_error: r.raise_for_status()\n');
    expect(result.reviews.some((item) => /raise_for_status\(\) is None on httpx 0\.23/.test(item.message))).toBe(true);
  });

  it('uses iter_bytes on a response that is already read, and flags a response that escapes', () => {
    const { after, result } = migrate('import requests\n\n\ndef f(u):\n    r = requests.get(u)\n    return b"".join(r.iter_content(64))\n\n\ndef g(u):\n    r = requests.get(u)\n    return r\n');
    expect(after['app.py']).toContain('return b"".join(r.iter_bytes(64))');
    expect(result.reviews.some((item) => item.code === 'AS401' && /leaves this function/.test(item.message))).toBe(true);
  });
});

describe('requests-httpx: sessions', () => {
  const CLASS = 'import requests\nfrom requests.adapters import HTTPAdapter\n\n\nclass Api:\n    def __init__(self, token):\n        self.session = requests.Session()\n        self.session.verify = "ca.pem"\n        self.session.cert = ("c.pem", "k.pem")\n        self.session.trust_env = False\n        self.session.mount("https://", HTTPAdapter(max_retries=3))\n        self.session.headers.update({"X": token})\n        self.session.params = {"v": 1}\n\n    def get(self, path):\n        return self.session.get(path).json()\n\n    def remove(self, path):\n        return self.session.delete(path, data=b"x").status_code\n\n    def close(self):\n        self.session.close()\n';

  it('turns a Session attribute into an AsyncClient with settings hoisted and retries on the transport', () => {
    const { after } = migrate(CLASS);
    expect(after['app.py']).toBe('import httpx\n\n\nclass Api:\n    def __init__(self, token):\n        self.session = httpx.AsyncClient(follow_redirects=True, timeout=None, verify="ca.pem", cert=("c.pem", "k.pem"), trust_env=False, transport=httpx.AsyncHTTPTransport(retries=3, verify="ca.pem", cert=("c.pem", "k.pem")))\n        self.session.headers.update({"X": token})\n        self.session.params = {"v": 1}\n\n    async def get(self, path):\n        return (await self.session.get(path)).json()\n\n    async def remove(self, path):\n        return (await self.session.request("DELETE", path, content=b"x")).status_code\n\n    async def close(self):\n        await self.session.aclose()\n');
  });

  it('keeps the whole session on requests when one user must stay sync, and bridges its calls in methods that still become async', () => {
    const source = CLASS.replace('        return self.session.delete(path, data=b"x").status_code\n', '        try:\n            return self.session.delete(path, data=b"x").status_code\n        except requests.HTTPError:\n            return None\n');
    const { after, result } = migrate(`${source}\n\nAPI = Api("t")\nFIRST = API.get("/x")\n`);
    expect(after['app.py']).toBe('import asyncio\n\nimport requests\nfrom requests.adapters import HTTPAdapter\n\n\nclass Api:\n    def __init__(self, token):\n        self.session = requests.Session()\n        self.session.verify = "ca.pem"\n        self.session.cert = ("c.pem", "k.pem")\n        self.session.trust_env = False\n        self.session.mount("https://", HTTPAdapter(max_retries=3))\n        self.session.headers.update({"X": token})\n        self.session.params = {"v": 1}\n\n    def get(self, path):\n        return self.session.get(path).json()\n\n    async def remove(self, path):\n        try:\n            return (await asyncio.to_thread(self.session.delete, path, data=b"x")).status_code\n        except requests.HTTPError:\n            return None\n\n    async def close(self):\n        await asyncio.to_thread(self.session.close)\n\n\nAPI = Api("t")\nFIRST = API.get("/x")\n');
    expect(result.reviews.map((item) => `${item.code} ${item.line}`)).toEqual(['AS101 15', 'AS402 20', 'AS402 25']);
  });

  it('bridges every call when the session has a Retry adapter, proxies, or escapes', () => {
    const { after, result } = migrate('import requests\nfrom urllib3.util import Retry\nfrom requests.adapters import HTTPAdapter\n\n\nclass Api:\n    def __init__(self):\n        self.session = requests.Session()\n        self.session.mount("https://", HTTPAdapter(max_retries=Retry(total=3)))\n\n    def get(self, path):\n        return self.session.get(path).json()\n');
    expect(after['app.py']).toContain('return (await asyncio.to_thread(self.session.get, path)).json()');
    expect(after['app.py']).toContain('self.session = requests.Session()');
    expect(result.reviews.find((item) => item.code === 'AS402')?.message).toMatch(/only HTTPAdapter\(max_retries=<int>\)/);
  });

  it('converts `with requests.Session() as s` and a local session closed by hand', () => {
    const { after } = migrate('import requests\n\n\ndef f(u):\n    with requests.Session() as s:\n        s.headers["A"] = "b"\n        return s.get(u).text\n\n\ndef g(u):\n    s = requests.session()\n    s.max_redirects = 3\n    try:\n        return s.post(u, json={}).ok\n    finally:\n        s.close()\n');
    expect(after['app.py']).toBe('import httpx\n\n\nasync def f(u):\n    async with httpx.AsyncClient(follow_redirects=True, timeout=None) as s:\n        s.headers["A"] = "b"\n        return (await s.get(u)).text\n\n\nasync def g(u):\n    s = httpx.AsyncClient(follow_redirects=True, timeout=None, max_redirects=3)\n    try:\n        return not (await s.post(u, json={})).is_error\n    finally:\n        await s.aclose()\n');
  });

  it('keeps cookies/auth/headers as client attributes (auth classes mapped) and per-request cookies', () => {
    const { after } = migrate('import requests\n\n\ndef f(u, jar):\n    s = requests.Session()\n    s.cookies = jar\n    s.auth = requests.auth.HTTPDigestAuth("a", "b")\n    s.headers["X"] = "1"\n    try:\n        return s.get(u, cookies={"c": "1"}).json()\n    finally:\n        s.close()\n');
    expect(after['app.py']).toBe('import httpx\n\n\nasync def f(u, jar):\n    s = httpx.AsyncClient(follow_redirects=True, timeout=None)\n    s.cookies = jar\n    s.auth = httpx.DigestAuth("a", "b")\n    s.headers["X"] = "1"\n    try:\n        return (await s.get(u, cookies={"c": "1"})).json()\n    finally:\n        await s.aclose()\n');
  });

  it('bridges a session with proxies, per-call verify, received as a parameter, used as a value, or using prepare_request/send', () => {
    const { after, result } = migrate('import requests\n\n\ndef proxied(u):\n    s = requests.Session()\n    s.proxies = {"https": "http://proxy"}\n    return s.get(u).text\n\n\ndef per_call_tls(u):\n    s = requests.Session()\n    return s.get(u, verify=False).text\n\n\ndef given(s: requests.Session, u):\n    return s.get(u).text\n\n\ndef escapes(u, sink):\n    s = requests.Session()\n    sink(s)\n    return s.get(u).text\n\n\ndef prepared(u):\n    s = requests.Session()\n    req = s.prepare_request(requests.Request("GET", u))\n    return s.send(req).text\n');
    expect(after['app.py']).toBe('import asyncio\n\nimport requests\n\n\nasync def proxied(u):\n    s = requests.Session()\n    s.proxies = {"https": "http://proxy"}\n    return (await asyncio.to_thread(s.get, u)).text\n\n\nasync def per_call_tls(u):\n    s = requests.Session()\n    return (await asyncio.to_thread(s.get, u, verify=False)).text\n\n\nasync def given(s: requests.Session, u):\n    return (await asyncio.to_thread(s.get, u)).text\n\n\nasync def escapes(u, sink):\n    s = requests.Session()\n    sink(s)\n    return (await asyncio.to_thread(s.get, u)).text\n\n\nasync def prepared(u):\n    s = requests.Session()\n    req = await asyncio.to_thread(s.prepare_request, requests.Request("GET", u))\n    return (await asyncio.to_thread(s.send, req)).text\n');
    const reasons = result.reviews.filter((item) => item.code === 'AS402').map((item) => `${item.line} ${item.message.split(':')[0]}`);
    expect(reasons).toEqual([
      '7 Session.proxies (httpx takes proxies at construction, in a form that changed in httpx 0.28)',
      '12 verify= on a call (httpx takes it only when the client is built)',
      '16 the session comes from elsewhere (a parameter or another module)',
      '22 the session escapes (s is used as a value at line 21)',
      '27 Session.prepare_request() has no faithful httpx.AsyncClient form; Session.send() has no faithful httpx.AsyncClient form',
      '28 Session.prepare_request() has no faithful httpx.AsyncClient form; Session.send() has no faithful httpx.AsyncClient form',
    ]);
  });

  it('bridges a session a caller may inject (found on python-bugzilla: its calls were neither converted, bridged nor reported)', () => {
    const { after, result } = migrate([
      'import requests', '', '',
      'class Defaulted:',
      '    def __init__(self, session=None):',
      '        self.session = session or requests.Session()', '',
      '    def fetch(self, u):',
      '        return self.session.get(u).text', '', '',
      'class Replaced:',
      '    def __init__(self, requests_session=None):',
      '        self._session = requests_session',
      '        if not self._session:',
      '            self._session = requests.Session()', '',
      '    def call(self, *args, **kwargs):',
      '        return self._session.request(*args, **kwargs)', '', '',
      'def local(u, s=None):',
      '    s = s if s else requests.Session()',
      '    return s.post(u).status_code', '', '',
      'def fetch(url, session=None):',
      '    if session is None:',
      '        session = requests.Session()',
      '    return session.get(url).text', '',
    ].join('\n'));
    expect(after['app.py']).toContain('    return (await asyncio.to_thread(session.get, url)).text');
    expect(after['app.py']).toContain('return (await asyncio.to_thread(self.session.get, u)).text');
    expect(after['app.py']).toContain('return await asyncio.to_thread(self._session.request, *args, **kwargs)');
    expect(after['app.py']).toContain('return (await asyncio.to_thread(s.post, u)).status_code');
    expect(after['app.py']).toContain('self.session = session or requests.Session()');
    const reasons = result.reviews.filter((item) => item.code === 'AS402').map((item) => `${item.line} ${item.message.split(':')[0]}`);
    expect(reasons).toEqual([
      '9 the session may be one the caller passes (session), which stays a requests.Session',
      '19 the session may be one the caller passes (requests_session), which stays a requests.Session; positional arguments through `*args`',
      '24 the session may be one the caller passes (s), which stays a requests.Session',
      '30 the session may be one the caller passes (session), which stays a requests.Session',
    ]);
    expect(result.blockingCalls).toMatchObject({ converted: 4, left: 0 });
  });

  it('keeps an injected session\'s caller sync when a method of the same name turns async (the bridge would hand that method to a thread)', () => {
    const { after, result } = migrate('import requests\n\n\nclass Client:\n    def __init__(self, requests_session=None):\n        self._session = requests_session or requests.Session()\n\n    def request(self, *args, **kwargs):\n        return self._session.request(*args, **kwargs)\n');
    expect(after['app.py']).toBeUndefined();
    expect(result.blockingCalls).toMatchObject({ converted: 0, left: 1 });
    expect(result.blockingCalls.leftCalls[0].cause).toMatch(/hands on a method of that name, on an object of unknown type/);
  });

  it('leaves alone a call through a name that also holds a value of another kind', () => {
    const source = 'import requests\n\nfrom .stores import Store\n\n\nclass Either:\n    def __init__(self, session=None):\n        self.http = session or requests.Session()\n\n    def offline(self):\n        self.http = Store()\n\n    def fetch(self, u):\n        return self.http.get(u)\n';
    const { after, result } = migrate(source);
    expect(after['app.py']).toBeUndefined();
    expect(result.reviews).toEqual([]);
  });

  it('bridges a module-level session (it would be bound to one event loop)', () => {
    const { after, result } = migrate('import requests\n\nSESSION = requests.Session()\n\n\ndef f(u):\n    return SESSION.get(u).json()\n');
    expect(after['app.py']).toContain('return (await asyncio.to_thread(SESSION.get, u)).json()');
    expect(result.reviews.find((item) => item.code === 'AS402')?.message).toMatch(/bound to the first event loop/);
  });
});

describe('requests-httpx: exceptions and tests', () => {
  it('maps caught, tested and raised exceptions by meaning (HTTPError → HTTPStatusError)', () => {
    const { after } = migrate('import requests\nfrom requests.exceptions import ConnectionError, HTTPError\n\n\ndef f(u):\n    try:\n        return requests.get(u).json()\n    except HTTPError:\n        return None\n    except (ConnectionError, requests.Timeout, requests.exceptions.ConnectTimeout, requests.ReadTimeout):\n        return 1\n    except requests.TooManyRedirects:\n        return 2\n    except requests.exceptions.InvalidURL as e:\n        return isinstance(e, requests.RequestException)\n    except requests.exceptions.JSONDecodeError:\n        raise requests.exceptions.ConnectionError("down")\n');
    expect(after['app.py']).toBe(`import json\n\nimport httpx\n\n\nasync def f(u):\n    try:\n        ${CLIENT}\n            return (await client.get(u)).json()\n    except httpx.HTTPStatusError:\n        return None\n    except (httpx.NetworkError, httpx.RemoteProtocolError, httpx.ProxyError, httpx.ConnectTimeout, httpx.TimeoutException, httpx.ConnectTimeout, httpx.ReadTimeout):\n        return 1\n    except httpx.TooManyRedirects:\n        return 2\n    except httpx.InvalidURL as e:\n        return isinstance(e, httpx.HTTPError)\n    except json.JSONDecodeError:\n        raise httpx.ConnectError("down")\n`);
  });

  it('maps MissingSchema/SSLError/ChunkedEncodingError with a review, leaves RetryError, and maps pytest.raises', () => {
    const { after, result } = migrate('import pytest\nimport requests\nfrom requests.exceptions import MissingSchema, SSLError, ChunkedEncodingError, RetryError\n\n\ndef f(u):\n    try:\n        return requests.get(u).json()\n    except (MissingSchema, SSLError):\n        return 1\n    except ChunkedEncodingError:\n        return 2\n    except RetryError:\n        return 3\n\n\ndef test_f():\n    with pytest.raises(requests.exceptions.HTTPError):\n        f("x")\n');
    expect(after['app.py']).toBe(`import httpx\nimport pytest\nfrom requests.exceptions import RetryError\n\n\nasync def f(u):\n    try:\n        ${CLIENT}\n            return (await client.get(u)).json()\n    except (httpx.UnsupportedProtocol, httpx.ConnectError):\n        return 1\n    except httpx.RemoteProtocolError:\n        return 2\n    except RetryError:\n        return 3\n\n\nasync def test_f():\n    with pytest.raises(httpx.HTTPStatusError):\n        await f("x")\n`);
    expect(result.reviews.filter((item) => item.code === 'AS404').map((item) => item.line)).toEqual([9, 9, 11, 13]);
  });

  it('does not rewrite exceptions where the call was bridged, nor raise HTTPError without a response', () => {
    const { after, result } = migrate('import requests\n\n\ndef f(u):\n    try:\n        return requests.get(u, hooks={}).json()\n    except requests.HTTPError:\n        return None\n\n\ndef g(u):\n    if requests.get(u).status_code == 500:\n        raise requests.HTTPError("bad")\n');
    expect(after['app.py']).toContain('except requests.HTTPError:');
    expect(after['app.py']).toContain('raise requests.HTTPError("bad")');
    expect(result.reviews.some((item) => item.code === 'AS404' && /request= and response=/.test(item.message))).toBe(true);
  });

  it('updates patch("pkg.mod.requests.get") targets', () => {
    const { after, result } = migrateFiles({
      'pkg/__init__.py': '',
      'pkg/mod.py': 'import requests\n\n\ndef fetch(u):\n    return requests.get(u).json()\n',
      'tests/test_mod.py': 'from unittest.mock import patch\nfrom pkg.mod import fetch\n\n\n@patch("pkg.mod.requests.get")\ndef test_fetch(get):\n    get.return_value.json.return_value = {"a": 1}\n    assert fetch("u") == {"a": 1}\n',
    }, select);
    expect(after['tests/test_mod.py']).toBe('from unittest.mock import patch\nfrom pkg.mod import fetch\n\n\n@patch("pkg.mod.httpx.AsyncClient.get")\nasync def test_fetch(get):\n    get.return_value.json.return_value = {"a": 1}\n    assert await fetch("u") == {"a": 1}\n');
    expect(result.reviews.some((item) => item.code === 'AS405')).toBe(true);
  });

  it('keeps the requests a test answers with responses on requests (its mock never sees httpx traffic), @responses.activate too', () => {
    const pkg = { 'pkg/__init__.py': '', 'pkg/mod.py': 'import requests\n\n\ndef fetch(u):\n    return requests.get(u).json()\n' };
    const kept = migrateFiles({ ...pkg, 'tests/test_mod.py': 'import responses\nfrom pkg.mod import fetch\n\n\ndef test_fetch():\n    with responses.RequestsMock() as mocked:\n        mocked.add(responses.GET, "http://x/", json={})\n        assert fetch("http://x/") == {}\n' }, select);
    expect(kept.after).toEqual({});
    expect(kept.result.reviews.map((item) => `${item.code} ${item.message}`)).toContain('AS120 a requests-httpx conversion was not applied: tests/test_mod.py:6 patches requests, which the requests-httpx conversion at pkg/mod.py:5 would no longer call');
    const pinned = migrateFiles({ ...pkg, 'tests/test_mod.py': 'import responses\nfrom pkg.mod import fetch\n\n\n@responses.activate\ndef test_fetch():\n    responses.add(responses.GET, "http://x/", json={})\n    assert fetch("http://x/") == {}\n' }, select);
    expect(pinned.after).toEqual({});
  });

  it('flags requests_mock in a test that turns async', () => {
    const { after, result } = migrate('import requests_mock\nimport requests\n\n\ndef fetch(u):\n    return requests.get(u).json()\n\n\ndef test_fetch():\n    with requests_mock.Mocker() as m:\n        m.get("http://x/", json={})\n        assert fetch("http://x/") == {}\n');
    expect(after['app.py']).toContain('async def test_fetch():\n    with requests_mock.Mocker() as m:\n');
    expect(result.reviews.filter((item) => item.code === 'AS405').map((item) => `${item.line} ${item.message}`)).toEqual([
      "10 requests_mock mocks requests' transport and does not see httpx traffic: use httpx.MockTransport (or respx) instead",
    ]);
  });

  it('proposes nothing on its own output', () => {
    const files = { 'app.py': 'import requests\n\n\ndef f(u):\n    with requests.get(u, stream=True) as r:\n        for c in r.iter_content(10):\n            print(c)\n    return requests.post(u, data="x").ok\n' };
    const first = migrateFiles(files, select);
    const second = migrateFiles({ ...files, ...first.after }, select);
    expect(second.after).toEqual({});
  });
});
