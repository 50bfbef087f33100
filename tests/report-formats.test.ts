import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { reportObject, REPORT_VERSION } from '../src/report/json-report.js';
import { fitBody, GITHUB_BODY_LIMIT, markdownReport, reproduceCommand } from '../src/report/markdown-report.js';
import { run } from '../src/run.js';
import { migrateFiles } from './helpers/project.js';

const ROOT = path.resolve(import.meta.dirname, '..');
const schema = JSON.parse(fs.readFileSync(path.join(ROOT, 'schema', 'report.schema.json'), 'utf8'));
const validate = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true }).compile(schema);

const SAMPLE = {
  'api/__init__.py': '',
  'api/client.py': 'import requests\nimport shutil\n\n\ndef fetch_json(url):\n    shutil.copy("a", "b")\n    return requests.get(url, timeout=5).json()\n',
  'users.py': 'import time\nfrom api.client import fetch_json\n\n\ndef warm():  # asyncshift: keep-sync\n    time.sleep(0)\n\n\nWARM = warm()\n\n\ndef load_user(uid):\n    warm()\n    return fetch_json(f"/users/{uid}")\n',
  'broken.py': 'def f(:\n    time.sleep(1)\n',
};

describe('the JSON report', () => {
  it('validates against the schema in the repository, for a sample and for every sample repository', () => {
    const reports = [reportObject(migrateFiles(SAMPLE).result)];
    for (const name of fs.readdirSync(path.join(ROOT, 'snapshots'))) {
      const before = path.join(ROOT, 'snapshots', name, 'before');
      if (fs.existsSync(before)) reports.push(reportObject(run({ paths: [before] })));
    }
    for (const report of reports) expect(validate(report) ? [] : validate.errors, String(report.root)).toEqual([]);
    const sample = reports[0] as { version: number; reasons: Record<string, unknown[]>; reviewItems: unknown[] };
    expect(sample.version).toBe(REPORT_VERSION);
    expect(sample.reasons.async.length).toBeGreaterThan(0);
    expect(sample.reasons.pinned.length).toBeGreaterThan(0);
    expect(sample.reasons.bridges.length).toBeGreaterThan(0);
  });

  it('is refused by the schema when a field is missing, unknown or of the wrong shape', () => {
    const report = reportObject(migrateFiles(SAMPLE).result);
    expect(validate({ ...report, surprise: 1 })).toBe(false);
    expect(validate({ ...report, version: 2 })).toBe(false);
    const { reasons: _reasons, ...withoutReasons } = report;
    expect(validate(withoutReasons)).toBe(false);
    const { blockingCalls: _blockingCalls, ...withoutBlockingCalls } = report;
    expect(validate(withoutBlockingCalls)).toBe(false);
    expect(validate({ ...report, reviewItems: [{ code: 'X1', file: 'a.py', line: 0, message: 'm' }] })).toBe(false);
  });

  it('declares every field the report writes, and the ones announced (blockingCalls)', () => {
    const report = reportObject(migrateFiles(SAMPLE).result);
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(Object.keys(report)));
    expect(validate({ ...report, blockingCalls: { converted: 3, left: 1 } })).toBe(true);
  });

  it('describes the self-check: attempts, findings left, decisions undone', () => {
    const report = reportObject(migrateFiles(SAMPLE).result);
    const finding = { rule: 'unawaited-coroutine', file: 'a.py', line: 2, message: 'm' };
    const undone = { kind: 'pin', file: 'a.py', line: 2, reason: 'r' };
    expect(validate({ ...report, verification: { rounds: 2, findings: [finding], undone: [undone] } })).toBe(true);
    expect(validate({ ...report, verification: { rounds: 2, findings: [], undone: [{ ...undone, kind: 'guess' }] } })).toBe(false);
    expect(validate({ ...report, verification: { rounds: 0, findings: [], undone: [] } })).toBe(false);
  });
});

describe('the markdown report (the pull-request body)', () => {
  const result = migrateFiles(SAMPLE).result;
  const body = markdownReport(result, { linkBase: 'https://github.com/o/r/blob/abc123/', command: reproduceCommand({ paths: ['.'], select: ['time-sleep', 'requests-httpx'] }) });

  it('has a summary table with edits per transform, bridges and review items by code', () => {
    expect(body).toMatch(/^## asyncshift: migration to asyncio\n/);
    expect(body).toContain('| Python files scanned | 4 |');
    expect(body).toContain('| files changed | 2 |');
    expect(body).toContain('| edits: `requests-httpx` | 1 |');
    expect(body).toContain('| calls bridged with `asyncio.to_thread` | 2 |');
    expect(body).toMatch(/\| blocking calls converted \/ left as they are \| \d+ \/ \d+ \|/);
    expect(body).toMatch(/\| AS101 \| 1 \| a function that would have become async stays sync/);
  });

  it('lists the review items as a checklist grouped by file, with links to file:line', () => {
    expect(body).toContain('#### `users.py`\n\n- [ ] [users.py:5](https://github.com/o/r/blob/abc123/users.py#L5) **AS101** users.warm stays sync');
  });

  it('folds the reason chains in <details>, and says how to reproduce the migration', () => {
    expect(body).toMatch(/<details>\n<summary>2 functions become async<\/summary>\n\n- \[api\/client\.py:5\]\([^)]+#L5\) `fetch_json` becomes async: it calls `requests\.get`/);
    expect(body).toContain('<summary>1 function stays sync (pinned)</summary>');
    expect(body).toContain('<summary>2 calls run in a worker thread</summary>');
    expect(body).toContain('```sh\nasyncshift migrate . --write --select time-sleep,requests-httpx\n```');
    expect(body).toContain('- broken.py:1:');
  });

  it('is cut under the limit with its open <details> closed and a pointer to the full report', () => {
    const long = `${body}<details>\n<summary>many</summary>\n\n${'- a line of reasons\n'.repeat(5000)}\n</details>\n`;
    expect(long.length).toBeGreaterThan(GITHUB_BODY_LIMIT);
    const cut = fitBody(long, 'The full report is the `asyncshift-report` artifact.');
    expect(cut.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect(cut.startsWith(body)).toBe(true);
    expect(cut.split('<details>').length).toBe(cut.split('</details>').length);
    expect(cut).toMatch(/This report is cut at GitHub's 65,536-character limit\.\*\* The full report is the `asyncshift-report` artifact\.\n$/);
    expect(fitBody(body, 'unused')).toBe(body);
  });

  it('closes a code fence the cut falls inside', () => {
    const cut = fitBody(`intro\n\`\`\`diff\n${'+x\n'.repeat(40000)}\`\`\`\n`, 'see the artifact');
    expect(cut.length).toBeLessThanOrEqual(GITHUB_BODY_LIMIT);
    expect((cut.match(/^```/gm) ?? []).length % 2).toBe(0);
  });
});
