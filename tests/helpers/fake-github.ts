import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** A request the stand-in for GitHub's REST API received. */
export interface RecordedRequest {
  method: string;
  path: string;
  body: Record<string, unknown> | undefined;
  authorization: string | undefined;
}

interface Pull { number: number; title: string; body: string; head: string; base: string; draft: boolean; labels: string[] }
interface Comment { id: number; body: string }

/**
 * A local HTTP server answering the few REST endpoints the Action uses (repository, pull requests,
 * labels, issue comments), keeping their state and recording every request. `refuse` makes the
 * requests that match a method and path answer with an error status.
 */
export async function startFakeGitHub(owner: string, repo: string) {
  const requests: RecordedRequest[] = [];
  const pulls: Pull[] = [];
  const comments = new Map<number, Comment[]>();
  let refusal: { method: string; path: RegExp; status: number; message: string } | undefined;
  let nextId = 100;
  const prefix = `/repos/${owner}/${repo}`;
  const pullJson = (pull: Pull) => ({
    number: pull.number, title: pull.title, body: pull.body, draft: pull.draft, state: 'open',
    html_url: `https://github.com/${owner}/${repo}/pull/${pull.number}`,
    head: { ref: pull.head, label: `${owner}:${pull.head}` }, base: { ref: pull.base }, labels: pull.labels.map((name) => ({ name })),
  });

  const server = http.createServer((request, response) => {
    let raw = '';
    request.on('data', (chunk) => { raw += chunk; });
    request.on('end', () => {
      const url = new URL(request.url ?? '/', 'http://localhost');
      const body = raw ? JSON.parse(raw) : undefined;
      requests.push({ method: request.method ?? '', path: url.pathname + url.search, body, authorization: request.headers.authorization });
      const reply = (status: number, data: unknown) => {
        response.writeHead(status, { 'content-type': 'application/json' });
        response.end(JSON.stringify(data));
      };
      if (refusal && refusal.method === request.method && refusal.path.test(url.pathname)) return reply(refusal.status, { message: refusal.message });
      const route = `${request.method} ${url.pathname.startsWith(prefix) ? url.pathname.slice(prefix.length) : url.pathname}`;
      let match: RegExpExecArray | null;
      if (route === 'GET ') return reply(200, { default_branch: 'main', name: repo, owner: { login: owner } });
      if (route === 'GET /pulls') {
        const head = url.searchParams.get('head');
        return reply(200, pulls.filter((pull) => !head || `${owner}:${pull.head}` === head).map(pullJson));
      }
      if (route === 'POST /pulls') {
        const pull: Pull = { number: pulls.length + 1, title: body.title, body: body.body, head: body.head, base: body.base, draft: !!body.draft, labels: [] };
        pulls.push(pull);
        return reply(201, pullJson(pull));
      }
      if ((match = /^PATCH \/pulls\/(\d+)$/.exec(route))) {
        const pull = pulls.find((candidate) => candidate.number === Number(match![1]));
        if (!pull) return reply(404, { message: 'Not Found' });
        Object.assign(pull, { title: body.title ?? pull.title, body: body.body ?? pull.body });
        return reply(200, pullJson(pull));
      }
      if ((match = /^POST \/issues\/(\d+)\/labels$/.exec(route))) {
        const pull = pulls.find((candidate) => candidate.number === Number(match![1]))!;
        pull.labels.push(...body.labels);
        return reply(200, pull.labels.map((name) => ({ name })));
      }
      if ((match = /^GET \/issues\/(\d+)\/comments$/.exec(route))) return reply(200, comments.get(Number(match[1])) ?? []);
      if ((match = /^POST \/issues\/(\d+)\/comments$/.exec(route))) {
        const comment = { id: nextId++, body: body.body };
        (comments.get(Number(match[1])) ?? comments.set(Number(match[1]), []).get(Number(match[1]))!).push(comment);
        return reply(201, comment);
      }
      if ((match = /^PATCH \/issues\/comments\/(\d+)$/.exec(route))) {
        const comment = [...comments.values()].flat().find((candidate) => candidate.id === Number(match![1]));
        if (!comment) return reply(404, { message: 'Not Found' });
        comment.body = body.body;
        return reply(200, comment);
      }
      return reply(404, { message: `Not Found (the stand-in has no ${route})` });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    pulls,
    comments,
    /** Requests other than reads. */
    writes: () => requests.filter((request) => request.method !== 'GET'),
    refuse(method: string, path: RegExp, status: number, message: string) {
      refusal = { method, path, status, message };
    },
    /** Forgets the requests and the refusal; `everything` also forgets pull requests and comments. */
    reset(everything = false) {
      requests.length = 0;
      refusal = undefined;
      if (everything) {
        pulls.length = 0;
        comments.clear();
      }
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
