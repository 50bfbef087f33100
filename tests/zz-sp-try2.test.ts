import { it } from 'vitest';
import { copyFolder, migrateFolder } from './helpers/project.js';

it('reviews', () => {
  const m = migrateFolder(copyFolder('snapshots/' + process.env.CASE + '/before'), { select: JSON.parse(process.env.SEL ?? '["subprocess-asyncio"]') });
  for (const r of m.result.reviews) console.log(`${r.code} ${r.file}:${r.line} ${r.message}`);
});
