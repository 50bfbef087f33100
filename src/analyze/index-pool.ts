import type { Piscina } from 'piscina';
import type { Transform } from '../../transforms/define-transform.js';
import type { IndexJob, IndexOutcome, IndexSettings } from './index-file.js';
import { StringInterner } from './intern-strings.js';

/**
 * Worker threads that parse and index files (piscina keeps the pool: a crashed worker is replaced).
 * Jobs and outcomes are plain data; trees leave the worker that parsed them only as typed arrays, for
 * the migrated outputs the self-check reads.
 */
export class IndexPool {
  /** piscina is loaded with the first pool: a small project, indexed in the main thread, never needs it. */
  private readonly pool: Promise<Piscina>;
  private readonly interner = new StringInterner();

  constructor(threads: number, settings: IndexSettings, transforms: readonly Transform[]) {
    this.pool = import('piscina').then(({ Piscina }) => new Piscina({
      filename: new URL('./index-worker.js', import.meta.url).href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: Infinity,
      // Waiting for the next job with Atomics.wait (piscina's default) blocks the worker's event loop, from
      // which alone Node runs the finalizers that free tree-sitter's native trees: they would pile up.
      atomics: 'disabled',
      workerData: { settings, transformIds: transforms.map((transform) => transform.id) },
    }));
  }

  /** Outcomes in the order of the jobs; a worker that dies on a file fails that file only. */
  async index(jobs: readonly IndexJob[], done: () => void = () => {}): Promise<IndexOutcome[]> {
    const pool = await this.pool;
    return Promise.all(jobs.map(async (job): Promise<IndexOutcome> => {
      try {
        return this.interner.intern(await pool.run(job) as IndexOutcome);
      } catch (error) {
        return { kind: 'failed', reason: `${job.relativePath}: internal error while indexing (the worker stopped: ${(error as Error).message}), left unchanged — please report this`, stack: (error as Error).stack };
      } finally {
        done();
      }
    }));
  }

  async close(): Promise<void> {
    await (await this.pool).destroy();
  }
}
