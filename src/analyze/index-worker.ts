import { workerData } from 'node:worker_threads';
import { TRANSFORMS } from '../../transforms/registry.js';
import { indexFile, type IndexJob, type IndexOutcome, type IndexSettings } from './index-file.js';

/** A worker thread of the index pool: the same indexing as in the main thread, for one file at a time. */
const { settings, transformIds } = workerData as { settings: IndexSettings; transformIds: string[] };
const transforms = TRANSFORMS.filter((transform) => transformIds.includes(transform.id));

export default function indexInWorker(job: IndexJob): IndexOutcome {
  return indexFile(job, settings, transforms);
}
