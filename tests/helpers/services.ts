import { execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

/** Real servers a sample repository's tests need; each case names them in case.json. */
export type CaseServices = 'postgres';

export interface RunningServices {
  variables: Record<string, string>;
  stop: () => Promise<void>;
  /** Folders the services keep their data in (removed by stop). */
  folders?: string[];
}

export async function startServices(services: CaseServices[]): Promise<RunningServices> {
  const started: RunningServices[] = [];
  try {
    for (const service of services) {
      if (service !== 'postgres') throw new Error(`unknown service: ${String(service)}`);
      started.push(await startPostgres());
    }
  } catch (error) {
    for (const running of started) await running.stop();
    throw error;
  }
  return {
    variables: Object.assign({}, ...started.map((running) => running.variables)),
    stop: async () => {
      for (const running of started.reverse()) await running.stop();
    },
    folders: started.flatMap((running) => running.folders ?? []),
  };
}

// ---- PostgreSQL ----------------------------------------------------------------------------------

const DATABASE = 'app';

/**
 * A throw-away PostgreSQL cluster: initdb into a temporary folder (trust authentication, fsync off),
 * a server on a free private port listening on 127.0.0.1 only with its socket in that folder, and one
 * database. initdb and the server refuse to run as root, so both run as the `postgres` OS user when
 * the tests run as root. `stop()` stops the server and deletes the folder.
 */
export async function startPostgres(): Promise<RunningServices> {
  const bin = postgresBinaries();
  const asRoot = process.getuid?.() === 0;
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-pg-'));
  const data = path.join(folder, 'data');
  const user = asRoot ? 'postgres' : os.userInfo().username;
  if (asRoot) execFileSync('chown', ['postgres:postgres', folder]);
  const runAs = (command: string, args: string[]) => {
    const [file, argv] = asRoot ? ['runuser', ['-u', 'postgres', '--', command, ...args]] : [command, args];
    const result = spawnSync(file, argv, { encoding: 'utf8', timeout: 60_000, cwd: folder });
    if (result.status !== 0) throw new Error(`${path.basename(command)} failed: ${result.stderr || result.stdout}`);
  };
  const port = await freePort();
  let started = false;
  const stop = async () => {
    if (started) {
      spawnSync(asRoot ? 'runuser' : path.join(bin, 'pg_ctl'),
        asRoot ? ['-u', 'postgres', '--', path.join(bin, 'pg_ctl'), '-D', data, '-m', 'immediate', '-w', 'stop'] : ['-D', data, '-m', 'immediate', '-w', 'stop'],
        { timeout: 60_000 });
      started = false;
    }
    fs.rmSync(folder, { recursive: true, force: true });
  };
  try {
    runAs(path.join(bin, 'initdb'), ['-D', data, '-A', 'trust', '-U', user, '--no-sync', '-E', 'UTF8', '--locale', 'C']);
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${folder} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    runAs(path.join(bin, 'pg_ctl'), ['-D', data, '-l', path.join(folder, 'server.log'), '-o', options, '-w', '-t', '60', 'start']);
    started = true;
    runAs(path.join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', user, DATABASE]);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    variables: {
      DATABASE_URL: `postgresql://${user}@127.0.0.1:${port}/${DATABASE}`,
      PGHOST: '127.0.0.1',
      PGPORT: String(port),
      PGUSER: user,
      PGDATABASE: DATABASE,
    },
    stop,
    folders: [folder],
  };
}

/** The server binaries: Debian keeps them under a versioned folder, off the PATH. */
function postgresBinaries(): string {
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root)
    ? fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, 'bin', 'initdb'))).sort((a, b) => Number(b) - Number(a))
    : [];
  if (versions.length > 0) return path.join(root, versions[0], 'bin');
  const fromConfig = spawnSync('pg_config', ['--bindir'], { encoding: 'utf8' });
  const bindir = fromConfig.status === 0 ? fromConfig.stdout.trim() : '';
  if (bindir && fs.existsSync(path.join(bindir, 'initdb'))) return bindir;
  throw new Error('PostgreSQL server binaries not found: run scripts/install-test-deps.sh');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}
