import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeGitHub } from './helpers/fake-github.js';

/**
 * The bundled Action (action/index.mjs), run end to end as GitHub would run it: from a folder with
 * no node_modules, in a real git checkout whose origin is a local bare repository, talking to a local
 * stand-in for the GitHub REST API that records every request.
 */
const ROOT = path.resolve(import.meta.dirname, '..');
const OWNER = 'octo';
const REPO = 'feeds';
const TOKEN = 'ghs_secretTokenValue123';
const BRANCH = 'asyncshift/migrate';

const SLEEPY = {
  'pyproject.toml': '[project]\nname = "feeds"\n',
  'feeds/__init__.py': '',
  'feeds/poll.py': 'import time\n\n\ndef wait(seconds):\n    time.sleep(seconds)\n\n\ndef poll():\n    time.sleep(0.1)\n    wait(1)\n    return 1\n',
  // Imported under another name, `wait` cannot get a sync twin: it stays pinned (and bridged).
  'feeds/setup.py': 'from feeds.poll import wait as pause\n\nREADY = pause(0)\n',
};

let actionDir: string;
let github: Awaited<ReturnType<typeof startFakeGitHub>>;

beforeAll(async () => {
  // Exactly what GitHub checks out: the committed bundle and its WebAssembly files, no node_modules.
  actionDir = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-action-'));
  for (const file of fs.readdirSync(path.join(ROOT, 'action'))) fs.copyFileSync(path.join(ROOT, 'action', file), path.join(actionDir, file));
  fs.copyFileSync(path.join(ROOT, 'action.yml'), path.join(actionDir, 'action.yml'));
  github = await startFakeGitHub(OWNER, REPO);
});
afterAll(() => github.close());
beforeEach(() => github.reset(true));

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', env: { ...process.env, GIT_AUTHOR_NAME: 'Dev', GIT_AUTHOR_EMAIL: 'dev@example.test', GIT_COMMITTER_NAME: 'Dev', GIT_COMMITTER_EMAIL: 'dev@example.test' } }).trim();
}

/** A bare "origin" holding `files` on main, and a fresh clone of it, as actions/checkout leaves it. */
function repository(files: Record<string, string>): { remote: string; author: string; workspace: () => string } {
  const top = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-repo-'));
  const remote = path.join(top, 'origin.git');
  git(top, 'init', '--quiet', '--bare', '--initial-branch=main', remote);
  const author = path.join(top, 'author');
  git(top, 'clone', '--quiet', remote, author);
  git(author, 'checkout', '--quiet', '-b', 'main');
  commitFiles(author, files, 'Initial');
  let checkouts = 0;
  return {
    remote,
    author,
    workspace: () => {
      const workspace = path.join(top, `checkout-${checkouts++}`);
      git(top, 'clone', '--quiet', remote, workspace);
      return workspace;
    },
  };
}

function commitFiles(clone: string, files: Record<string, string>, message: string, branch = 'main'): void {
  for (const [relative, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(clone, relative)), { recursive: true });
    fs.writeFileSync(path.join(clone, relative), text);
  }
  git(clone, 'add', '-A');
  git(clone, 'commit', '--quiet', '-m', message);
  git(clone, 'push', '--quiet', 'origin', `HEAD:refs/heads/${branch}`);
}

interface ActionRun {
  code: number;
  stdout: string;
  stderr: string;
  outputs: Record<string, string>;
  summary: string;
  errors: string[];
}

/** Runs the bundled entry with the environment GitHub's runner gives a node20 action. */
async function runAction(workspace: string, inputs: Record<string, string>, event: { name: string; payload: Record<string, unknown> } = { name: 'workflow_dispatch', payload: {} }): Promise<ActionRun> {
  const runner = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-runner-'));
  const files = { output: path.join(runner, 'output'), summary: path.join(runner, 'summary'), event: path.join(runner, 'event.json') };
  fs.writeFileSync(files.output, '');
  fs.writeFileSync(files.summary, '');
  fs.writeFileSync(files.event, JSON.stringify({ repository: { name: REPO, owner: { login: OWNER }, default_branch: 'main' }, ...event.payload }, (_key, value) => (value === null ? undefined : value)));
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? runner,
    GITHUB_ACTIONS: 'true', GITHUB_WORKSPACE: workspace, GITHUB_REPOSITORY: `${OWNER}/${REPO}`, GITHUB_EVENT_NAME: event.name,
    GITHUB_EVENT_PATH: files.event, GITHUB_API_URL: github.url, GITHUB_SERVER_URL: 'https://github.com', GITHUB_RUN_ID: '4242',
    GITHUB_OUTPUT: files.output, GITHUB_STEP_SUMMARY: files.summary, RUNNER_TEMP: runner, INPUT_TOKEN: TOKEN,
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const child = spawn(process.execPath, [path.join(actionDir, 'index.mjs')], { cwd: actionDir, env });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => { stdout += chunk; });
  child.stderr.on('data', (chunk) => { stderr += chunk; });
  const code = await new Promise<number>((resolve) => child.on('close', (status) => resolve(status ?? -1)));
  return {
    code, stdout, stderr,
    outputs: parseOutputs(fs.readFileSync(files.output, 'utf8')),
    summary: fs.readFileSync(files.summary, 'utf8'),
    errors: stdout.split('\n').filter((line) => line.startsWith('::error::')),
  };
}

/** GITHUB_OUTPUT's `name<<delimiter` blocks. */
function parseOutputs(text: string): Record<string, string> {
  const outputs: Record<string, string> = {};
  const pattern = /^([\w-]+)<<(\S+)\n([\s\S]*?)\n\2$/gm;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) outputs[match[1]] = match[3];
  return outputs;
}

/** The token shows only in the command that masks it. */
function expectTokenMasked(run: ActionRun): void {
  expect(run.stdout).toContain(`::add-mask::${TOKEN}`);
  expect(run.stdout.replaceAll(`::add-mask::${TOKEN}`, '')).not.toContain(TOKEN);
  expect(run.stderr).not.toContain(TOKEN);
  expect(run.summary).not.toContain(TOKEN);
}

describe('the Action, mode pull-request', { timeout: 180_000 }, () => {
  it('commits the migration on its branch, pushes it, and opens a labelled pull request with the report as body', async () => {
    const repo = repository(SLEEPY);
    const mainBefore = git(repo.remote, 'rev-parse', 'main');
    const run = await runAction(repo.workspace(), { labels: 'asyncio, migration', draft: 'true', title: 'Go async' });
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expectTokenMasked(run);

    // The branch: one commit on top of main, by the default author, holding the migrated code.
    const head = git(repo.remote, 'rev-parse', BRANCH);
    expect(git(repo.remote, 'rev-parse', `${BRANCH}^`)).toBe(mainBefore);
    expect(git(repo.remote, 'log', '-1', '--format=%an <%ae>|%cn|%s', BRANCH)).toBe('github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>|github-actions[bot]|Migrate to asyncio with asyncshift');
    expect(git(repo.remote, 'show', `${BRANCH}:feeds/poll.py`)).toBe('import asyncio\nimport time\n\n\ndef wait(seconds):\n    time.sleep(seconds)\n\n\nasync def poll():\n    await asyncio.sleep(0.1)\n    await asyncio.to_thread(wait, 1)\n    return 1');
    expect(git(repo.remote, 'diff', '--name-only', 'main', BRANCH).split('\n')).toEqual(['feeds/poll.py']);
    expect(git(repo.remote, 'rev-parse', 'main')).toBe(mainBefore);

    // The API: one pull request created from the branch, then labelled; the token sent as auth.
    expect(github.writes().map((request) => `${request.method} ${request.path}`)).toEqual([
      `POST /repos/${OWNER}/${REPO}/pulls`,
      `POST /repos/${OWNER}/${REPO}/issues/1/labels`,
    ]);
    const [create, label] = github.writes();
    expect(create.authorization).toBe(`token ${TOKEN}`);
    expect(create.body).toMatchObject({ title: 'Go async', head: BRANCH, base: 'main', draft: true });
    const body = String(create.body!.body);
    expect(body).toMatch(/^## asyncshift: migration to asyncio\n/);
    expect(body).toContain('| files changed | 1 |');
    expect(body).toContain(`- [ ] [feeds/poll.py:4](https://github.com/${OWNER}/${REPO}/blob/${head}/feeds/poll.py#L4) **AS101** feeds.poll.wait stays sync (called from module level at feeds/setup.py:3)`);
    expect(body).toContain('`poll` becomes async: it calls `time.sleep` (feeds/poll.py:9), converted by time-sleep');
    expect(body).toContain('asyncshift migrate . --write');
    expect(label.body).toEqual({ labels: ['asyncio', 'migration'] });

    expect(run.outputs).toMatchObject({ 'changed-files': '1', 'pull-request-number': '1', 'pull-request-url': `https://github.com/${OWNER}/${REPO}/pull/1` });
    expect(fs.readFileSync(path.join(run.outputs['report-dir'], 'report.md'), 'utf8')).toBe(body);
    expect(JSON.parse(fs.readFileSync(path.join(run.outputs['report-dir'], 'report.json'), 'utf8')).version).toBe(1);
    expect(run.summary).toContain(body);
  });

  it('changes nothing when run again on an unchanged repository, and updates the same pull request when the base moves', async () => {
    const repo = repository(SLEEPY);
    await runAction(repo.workspace(), {});
    const first = git(repo.remote, 'rev-parse', BRANCH);
    const firstBody = github.pulls[0].body;

    github.reset();
    const again = await runAction(repo.workspace(), {});
    expect(again.code).toBe(0);
    expect(git(repo.remote, 'rev-parse', BRANCH)).toBe(first);
    expect(github.writes()).toEqual([]);
    expect(again.outputs).toMatchObject({ 'changed-files': '1', 'pull-request-number': '1' });
    expect(again.stdout).toContain(`${BRANCH} already holds this migration; nothing pushed`);

    commitFiles(repo.author, { 'feeds/extra.py': 'import time\n\n\ndef nap():\n    time.sleep(2)\n' }, 'More code');
    github.reset();
    const moved = await runAction(repo.workspace(), {});
    expect(moved.code).toBe(0);
    const second = git(repo.remote, 'rev-parse', BRANCH);
    expect(second).not.toBe(first);
    expect(git(repo.remote, 'rev-parse', `${BRANCH}^`)).toBe(git(repo.remote, 'rev-parse', 'main'));
    expect(git(repo.remote, 'show', `${BRANCH}:feeds/extra.py`)).toContain('async def nap():');
    expect(github.writes().map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH /repos/${OWNER}/${REPO}/pulls/1`]);
    expect(github.pulls).toHaveLength(1);
    expect(github.pulls[0].body).not.toBe(firstBody);
    expect(github.pulls[0].body).toContain(`/blob/${second}/`);
  });

  it('asks the API for the default branch when the event does not name it', async () => {
    const repo = repository(SLEEPY);
    const run = await runAction(repo.workspace(), {}, { name: 'schedule', payload: { repository: null } });
    expect(run.errors).toEqual([]);
    expect(github.requests[0]).toMatchObject({ method: 'GET', path: `/repos/${OWNER}/${REPO}` });
    expect(github.writes()[0].body).toMatchObject({ head: BRANCH, base: 'main' });
  });

  it('says so and does nothing when there is nothing to migrate', async () => {
    const repo = repository({ 'pyproject.toml': '[project]\nname = "calm"\n', 'calm.py': 'def f():\n    return 1\n' });
    const run = await runAction(repo.workspace(), {});
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('asyncshift: nothing to migrate; no branch pushed, no pull request opened');
    expect(run.outputs['changed-files']).toBe('0');
    expect(github.requests).toEqual([]);
    expect(git(repo.remote, 'branch', '--list', BRANCH)).toBe('');
  });
});

describe('the Action, mode review', { timeout: 180_000 }, () => {
  it('posts the proposed diff and review items as a job summary and one comment, updated in place, and pushes nothing', async () => {
    const repo = repository(SLEEPY);
    const branchesBefore = git(repo.remote, 'for-each-ref', '--format=%(refname) %(objectname)');
    const event = { name: 'pull_request', payload: { pull_request: { number: 7, head: { sha: 'feedc0de' } } } };
    const run = await runAction(repo.workspace(), { mode: 'review' }, event);
    expect(run.errors).toEqual([]);
    expect(run.code).toBe(0);
    expectTokenMasked(run);
    expect(github.writes().map((request) => `${request.method} ${request.path}`)).toEqual([`POST /repos/${OWNER}/${REPO}/issues/7/comments`]);
    const comment = String(github.writes()[0].body!.body);
    expect(comment).toMatch(/^<!-- asyncshift:review -->\n## asyncshift: migration to asyncio\n/);
    expect(comment).toContain('```diff\ndiff --git a/feeds/poll.py b/feeds/poll.py\n');
    expect(comment).toContain('+async def poll():');
    expect(comment).toContain(`[feeds/poll.py:4](https://github.com/${OWNER}/${REPO}/blob/feedc0de/feeds/poll.py#L4) **AS101**`);
    expect(run.summary).toContain(comment);
    expect(run.outputs).toMatchObject({ 'changed-files': '1', 'pull-request-number': '7' });
    expect(git(repo.remote, 'for-each-ref', '--format=%(refname) %(objectname)')).toBe(branchesBefore);

    github.reset();
    const again = await runAction(repo.workspace(), { mode: 'review' }, event);
    expect(again.code).toBe(0);
    expect(github.writes()).toEqual([]);

    commitFiles(repo.author, { 'feeds/extra.py': 'import time\n\n\ndef nap():\n    time.sleep(2)\n' }, 'More code');
    github.reset();
    const changed = await runAction(repo.workspace(), { mode: 'review' }, event);
    expect(changed.code).toBe(0);
    expect(github.writes().map((request) => `${request.method} ${request.path}`)).toEqual([`PATCH /repos/${OWNER}/${REPO}/issues/comments/100`]);
    expect(github.comments.get(7)).toHaveLength(1);
    expect(github.comments.get(7)![0].body).toContain('+async def nap():');
  });
});

describe('the Action, with a report longer than GitHub allows', { timeout: 180_000 }, () => {
  it('cuts the body and the comment at 65,536 characters, with a pointer to the full report in the artifact', async () => {
    const many = Array.from({ length: 400 }, (_, index) => `def fetch_the_remote_inventory_page_number_${index}_with_retries():\n    time.sleep(0)\n`).join('\n\n');
    const repo = repository({ 'pyproject.toml': '[project]\nname = "big"\n', 'big.py': `import time\n\n\n${many}` });
    const pointer = /\n\n---\n\*\*This report is cut at GitHub's 65,536-character limit\.\*\* The full report is the `big-report` artifact of \[this workflow run\]\(https:\/\/github\.com\/octo\/feeds\/actions\/runs\/4242\)\.\n$/;

    const opened = await runAction(repo.workspace(), { 'report-artifact': 'big-report' });
    expect(opened.errors).toEqual([]);
    const body = github.pulls[0].body;
    expect(body.length).toBeLessThanOrEqual(65_536);
    expect(body).toMatch(pointer);
    const full = fs.readFileSync(path.join(opened.outputs['report-dir'], 'report.md'), 'utf8');
    expect(full.length).toBeGreaterThan(65_536);
    expect(full).toContain('`fetch_the_remote_inventory_page_number_399_with_retries` becomes async');

    const event = { name: 'pull_request', payload: { pull_request: { number: 3 } } };
    const reviewed = await runAction(repo.workspace(), { mode: 'review', 'report-artifact': 'big-report' }, event);
    expect(reviewed.errors).toEqual([]);
    const comment = github.comments.get(3)![0].body;
    expect(comment.length).toBeLessThanOrEqual(65_536);
    expect(comment.startsWith('<!-- asyncshift:review -->\n## asyncshift: migration to asyncio\n')).toBe(true);
    expect(comment).toMatch(pointer);
    expect(comment.split('<details>').length).toBe(comment.split('</details>').length);
  });
});

describe('the Action fails with one clear line', { timeout: 180_000 }, () => {
  async function expectFailure(run: ActionRun, message: string | RegExp): Promise<void> {
    expect(run.code).toBe(1);
    expect(run.errors).toHaveLength(1);
    expect(run.errors[0]).toMatch(message);
    expect(run.errors[0]).not.toMatch(/%0A|\n|    at /);
    expectTokenMasked(run);
  }

  it('when the token may not create pull requests (403)', async () => {
    const repo = repository(SLEEPY);
    github.refuse('POST', /\/pulls$/, 403, 'Resource not accessible by integration');
    await expectFailure(await runAction(repo.workspace(), {}),
      /^::error::asyncshift: cannot create the pull request: the token was refused \(HTTP 403: Resource not accessible by integration\)\. Give the workflow `permissions: contents: write, pull-requests: write`/);
  });

  it('when the API answers 404 (a token that may not see the repository)', async () => {
    const repo = repository(SLEEPY);
    github.refuse('GET', /\/pulls$/, 404, 'Not Found');
    await expectFailure(await runAction(repo.workspace(), {}), /^::error::asyncshift: cannot list the open pull requests: the token was refused \(HTTP 404: Not Found\)\..*404 when a token may not see the repository/);
  });

  it('when the token may not comment in review mode', async () => {
    const repo = repository(SLEEPY);
    github.refuse('POST', /\/comments$/, 403, 'Resource not accessible by integration');
    const event = { name: 'pull_request', payload: { pull_request: { number: 9 } } };
    await expectFailure(await runAction(repo.workspace(), { mode: 'review' }, event), /^::error::asyncshift: cannot comment on pull request #9: the token was refused \(HTTP 403/);
  });

  it('when the base branch is missing', async () => {
    const repo = repository(SLEEPY);
    await expectFailure(await runAction(repo.workspace(), { base: 'release' }), '::error::asyncshift: the base branch "release" does not exist on origin');
    expect(github.requests).toEqual([]);
  });

  it('when the push is rejected', async () => {
    const repo = repository(SLEEPY);
    const hook = path.join(repo.remote, 'hooks', 'pre-receive');
    fs.writeFileSync(hook, '#!/bin/sh\necho "protected branch: pushes are not allowed" >&2\nexit 1\n', { mode: 0o755 });
    await expectFailure(await runAction(repo.workspace(), {}), '::error::asyncshift: the push to asyncshift/migrate was rejected: pre-receive hook declined (the remote said: protected branch: pushes are not allowed)');
    expect(github.writes()).toEqual([]);
  });

  it('when review mode runs on an event that is not a pull request', async () => {
    const repo = repository(SLEEPY);
    await expectFailure(await runAction(repo.workspace(), { mode: 'review' }), '::error::asyncshift: mode: review runs on pull_request events, not on workflow_dispatch');
  });

  it('when an input is wrong', async () => {
    const repo = repository(SLEEPY);
    await expectFailure(await runAction(repo.workspace(), { mode: 'merge' }), '::error::asyncshift: mode must be pull-request or review, not "merge"');
  });
});
