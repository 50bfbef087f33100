import fs from 'node:fs';
import { it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

it('scratch', () => {
  const files: Record<string, string> = {};
  for (const name of fs.readdirSync('/tmp/pgs')) if (name.endsWith('.py')) files[name] = fs.readFileSync(`/tmp/pgs/${name}`, 'utf8');
  const { after, result } = migrateFiles(files, { select: (process.env.SELECT ?? 'psycopg2-asyncpg').split(',') });
  for (const [name, text] of Object.entries(after)) console.log(`==== ${name}\n${text}`);
  console.log(JSON.stringify(result.files.map((f) => [f.relativePath, f.outcome.status])));
  console.log(result.reviews.map((r) => `${r.code} ${r.file}:${r.line} ${r.message}`).join('\n'));
  for (const f of result.files) if (f.outcome.status !== 'changed' && f.outcome.status !== 'unchanged') console.log(JSON.stringify(f.outcome));
});
