import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { SYSTEM_PYTHON } from './helpers/python.js';
import { startServices } from './helpers/services.js';

/** The throw-away PostgreSQL the psycopg2 → asyncpg sample repositories run against. */
describe('postgres test service', () => {
  it('starts a private server that both drivers reach through the environment, then removes it', async () => {
    const services = await startServices(['postgres']);
    const [folder] = services.folders ?? [];
    expect(path.basename(folder)).toMatch(/^asyncshift-pg-/);
    expect(fs.existsSync(folder)).toBe(true);
    const { DATABASE_URL: url, PGHOST: host, PGPORT: port, PGDATABASE: database } = services.variables;
    try {
      expect(url).toBe(`postgresql://${services.variables.PGUSER}@127.0.0.1:${port}/${database}`);
      expect(host).toBe('127.0.0.1');
      const probe = [
        'import asyncio, os, asyncpg, psycopg2',
        'conn = psycopg2.connect(os.environ["DATABASE_URL"])',
        'cur = conn.cursor(); cur.execute("SELECT current_database(), inet_server_addr()::text"); print(cur.fetchone())',
        'async def main():',
        '    c = await asyncpg.connect()',
        '    print(await c.fetchval("SELECT 40 + 2"))',
        '    await c.close()',
        'asyncio.run(main())',
      ].join('\n');
      const result = spawnSync(SYSTEM_PYTHON, ['-c', probe], { encoding: 'utf8', env: { ...process.env, ...services.variables } });
      expect(result.stderr).toBe('');
      expect(result.stdout).toBe(`('${database}', '127.0.0.1/32')\n42\n`);
    } finally {
      await services.stop();
    }
    const serverLine = spawnSync('ps', ['-eo', 'args'], { encoding: 'utf8' }).stdout.split('\n').find((line) => line.includes(`-p ${port} `));
    expect(serverLine).toBeUndefined();
    // Other test files may run their own clusters meanwhile: only this one must be gone.
    expect(fs.existsSync(folder)).toBe(false);
  }, 60_000);

  it('starts nothing when a case needs no service', async () => {
    const services = await startServices([]);
    expect(services.variables).toEqual({});
    await expect(services.stop()).resolves.toBeUndefined();
  });
});
