import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/run.js';
import { applyMigration, makeProject, migrateFolder, reviewMessages } from './helpers/project.js';
import { SYSTEM_PYTHON } from './helpers/python.js';

/**
 * A project class that subclasses a library class keeps the library's blocking methods (found on
 * pyicloud: `class PyiCloudSession(requests.Session)` overrides `request`, and the client and the
 * services it is handed to call `self.session.get(...)`). No transform converts such an object and no
 * module's text says what it is, so its calls were neither converted nor reported; now they run in
 * asyncio.to_thread wherever the project passes the instance (AS704).
 */
const SESSION = [
  'import json',
  'from requests import Session',
  '',
  'from app.drive import DriveService',
  '',
  '',
  'class ApiSession(Session):',
  '    def __init__(self, log_path):',
  '        super().__init__()',
  '        self.log_path = log_path',
  '',
  '    def request(self, method, url, **kwargs):',
  '        response = super().request(method, url, **kwargs)',
  '        with open(self.log_path, "a") as log:',
  '            log.write(json.dumps([method, response.status_code]) + "\\n")',
  '        return response',
  '',
  '',
  'class Service:',
  '    def __init__(self, base, log_path):',
  '        self.base = base',
  '        self.session = ApiSession(log_path)',
  '',
  '    def login(self, user):',
  '        response = self.session.post(self.base + "/login", json={"user": user})',
  '        return response.json()',
  '',
  '    def drive(self):',
  '        return DriveService(self.session, self.base)',
  '',
].join('\n');

const DRIVE = [
  'class DriveService:',
  '    def __init__(self, session, base):',
  '        self.session = session',
  '        self.base = base',
  '',
  '    def files(self):',
  '        return self.session.get(self.base + "/files").json()',
  '',
].join('\n');

const CLI = [
  'import sys',
  '',
  'from app.base import Service',
  '',
  '',
  'def main(base, log_path):',
  '    service = Service(base, log_path)',
  '    print(service.login("me"))',
  '    print(service.drive().files())',
  '',
  '',
  'if __name__ == "__main__":',
  '    main(sys.argv[1], sys.argv[2])',
  '',
].join('\n');

const files = () => ({ 'app/__init__.py': '', 'app/base.py': SESSION, 'app/drive.py': DRIVE, 'app/cli.py': CLI });

/** A local HTTP server answering /login and /files with JSON, and the script's output against it. */
function runAgainstServer(root: string): { stdout: string; log: string; stderr: string } {
  const logPath = path.join(root, 'requests.log');
  fs.rmSync(logPath, { force: true });
  const driver = [
    'import http.server, json, subprocess, sys, threading',
    'class Handler(http.server.BaseHTTPRequestHandler):',
    '    def reply(self):',
    '        body = json.dumps({"path": self.path, "method": self.command}).encode()',
    '        self.send_response(200)',
    '        self.send_header("Content-Type", "application/json")',
    '        self.send_header("Content-Length", str(len(body)))',
    '        self.end_headers()',
    '        self.wfile.write(body)',
    '    def do_GET(self):',
    '        self.reply()',
    '    def do_POST(self):',
    '        self.rfile.read(int(self.headers["Content-Length"]))',
    '        self.reply()',
    '    def log_message(self, *args):',
    '        pass',
    'server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)',
    'threading.Thread(target=server.serve_forever, daemon=True).start()',
    'base = "http://127.0.0.1:%d" % server.server_address[1]',
    'done = subprocess.run([sys.executable, "-m", "app.cli", base, sys.argv[1]], capture_output=True, text=True)',
    'sys.stdout.write(done.stdout)',
    'sys.stderr.write(done.stderr)',
    'server.shutdown()',
  ].join('\n');
  const result = spawnSync(SYSTEM_PYTHON, ['-c', driver, logPath], { cwd: root, encoding: 'utf8', timeout: 60_000 });
  return { stdout: result.stdout, stderr: result.stderr, log: fs.existsSync(logPath) ? fs.readFileSync(logPath, 'utf8') : '' };
}

describe('blocking methods a project class inherits from a library class', () => {
  it('run in asyncio.to_thread in every module the instance reaches, and the migrated program behaves as before', () => {
    const root = makeProject(files());
    const before = runAgainstServer(root);
    expect(before.stderr).toBe('');
    expect(before.stdout).toContain("'path': '/login'");

    const migration = migrateFolder(root);
    expect(migration.after['app/base.py']).toContain('    async def login(self, user):\n        response = await asyncio.to_thread(self.session.post, self.base + "/login", json={"user": user})\n');
    expect(migration.after['app/drive.py']).toContain('    async def files(self):\n        return (await asyncio.to_thread(self.session.get, self.base + "/files")).json()\n');
    expect(migration.after['app/cli.py']).toContain('    print(await service.drive().files())\n');
    // The override the library calls stays sync, and runs inside the bridged call.
    expect(migration.after['app/base.py']).toContain('    def request(self, method, url, **kwargs):\n        response = super().request(method, url, **kwargs)\n');
    const reasons = reviewMessages(migration.result.reviews, 'AS704');
    expect(reasons).toContain('ApiSession inherits post() from requests.Session');
    expect(reasons).toContain('ApiSession inherits get() from requests.Session');

    applyMigration(root, migration);
    const after = runAgainstServer(root);
    expect(after.stderr).toBe('');
    expect(after.stdout).toBe(before.stdout);
    expect(after.log).toBe(before.log);
    expect(migrateFolder(root).after).toEqual({});
  }, 60_000);

  it('finds the receiving module without the prefilter and with it alike', () => {
    const root = makeProject(files());
    const filtered = run({ paths: [root] });
    const everything = run({ paths: [root], parseEverything: true });
    expect(filtered.files.map((file) => [file.relativePath, file.outcome])).toEqual(everything.files.map((file) => [file.relativePath, file.outcome]));
    expect(filtered.reviews).toEqual(everything.reviews);
  });

  it('leaves a method the project class overrides to the project, and does nothing with to-thread off', () => {
    const overriding = SESSION.replace('    def request(self, method, url, **kwargs):', '    def post(self, url, **kwargs):\n        return super().post(url, timeout=5, **kwargs)\n\n    def request(self, method, url, **kwargs):');
    const { after, result } = migrateFolder(makeProject({ ...files(), 'app/base.py': overriding }));
    expect(after['app/base.py']).toBeUndefined();
    expect(after['app/drive.py']).toContain('await asyncio.to_thread(self.session.get, ');
    expect(reviewMessages(result.reviews, 'AS704')).not.toContain('post()');

    const off = migrateFolder(makeProject(files()), { ignore: ['to-thread'] });
    expect(off.after['app/drive.py']).toBeUndefined();
    expect(off.result.reviews.filter((item) => item.code === 'AS704')).toEqual([]);
  });

  it('takes a configured blocking method of a library class for its subclasses too', () => {
    const { after } = migrateFolder(makeProject({
      'pyproject.toml': '[project]\nname = "s"\n\n[tool.asyncshift]\nblocking = ["vendor.Client.pull"]\n',
      'app.py': 'import vendor\n\n\nclass Mine(vendor.Client):\n    def label(self):\n        return "mine"\n\n\ndef job():\n    client = Mine()\n    return client.pull(), client.label()\n',
    }));
    expect(after['app.py']).toContain('async def job():\n    client = Mine()\n    return await asyncio.to_thread(client.pull), client.label()\n');
  });
});
