import { indexFile, type IndexJob, type IndexOutcome } from './analyze/index-file.js';
import { IndexPool } from './analyze/index-pool.js';
import { NO_PROGRESS, type Progress } from './report/progress.js';
import { migration, type IndexRequest, type RunOptions, type RunResult } from './run.js';
import { TRANSFORMS } from '../transforms/registry.js';

/**
 * Node runs the finalizers of tree-sitter's native objects (trees, node wrappers) from its event loop
 * only: a thread that parses file after file without giving way keeps every tree it dropped, gigabytes
 * on a large project. Indexing in this thread gives way this often.
 */
const FILES_BETWEEN_BREATHS = 20;

/** Below this much text in one batch, starting worker threads costs more than they save. */
const WORTH_A_POOL = 1_500_000;

/**
 * The pipeline (run.ts), with large batches of files parsed and indexed by `jobs` worker threads.
 * Small batches, one job, or transforms that are not the registry's stay in this thread.
 */
export async function runInWorkers(options: RunOptions, settings: { jobs: number; progress?: Progress }): Promise<RunResult> {
  const progress = settings.progress ?? NO_PROGRESS;
  const pipeline = migration(options);
  let pool: IndexPool | undefined;
  try {
    for (let step = pipeline.next(); ;) {
      if (step.done) return step.value;
      const request = step.value;
      progress.expect(request.jobs.length);
      if (worthAPool(request, settings.jobs)) {
        pool ??= new IndexPool(settings.jobs, request.settings, request.transforms);
        step = pipeline.next(await pool.index(request.jobs, () => progress.advance()));
      } else {
        const outcomes: IndexOutcome[] = [];
        for (const job of request.jobs) {
          outcomes.push(indexFile(job, request.settings, request.transforms));
          progress.advance();
          if (outcomes.length % FILES_BETWEEN_BREATHS === 0) await breathe();
        }
        step = pipeline.next(outcomes);
      }
    }
  } finally {
    progress.stop();
    await pool?.close();
  }
}

function breathe(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function worthAPool(request: IndexRequest, jobs: number): boolean {
  return jobs > 1 && request.jobs.length > 1 && textLength(request.jobs) >= WORTH_A_POOL
    && request.transforms.every((transform) => TRANSFORMS.includes(transform));
}

function textLength(jobs: readonly IndexJob[]): number {
  return jobs.reduce((total, job) => total + job.text.length, 0);
}
