import type { Transform } from './define-transform.js';
import { timeSleep } from './time-sleep.js';

/** Every transform, in the order they run. The id is what `--select` and `--ignore` take. */
export const TRANSFORMS: readonly Transform[] = [timeSleep];

export function transformById(id: string): Transform | undefined {
  return TRANSFORMS.find((transform) => transform.id === id);
}
