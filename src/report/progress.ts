import { SingleBar } from 'cli-progress';

/** How far a long run is: files indexed out of the files asked for so far (the total grows in rounds). */
export interface Progress {
  expect(files: number): void;
  advance(): void;
  stop(): void;
}

export const NO_PROGRESS: Progress = { expect() {}, advance() {}, stop() {} };

/**
 * A progress bar on a terminal (cli-progress: it redraws at most ten times a second, so it costs
 * nothing measurable, and it also redraws while the main thread is busy indexing).
 */
export function progressBar(stream: NodeJS.WriteStream): Progress {
  const bar = new SingleBar({
    stream,
    format: 'asyncshift: indexing {bar} {value}/{total} files',
    hideCursor: true,
    clearOnComplete: true,
    fps: 10,
  });
  let started = false;
  let total = 0;
  return {
    expect(files) {
      total += files;
      if (started) bar.setTotal(total);
      else {
        bar.start(total, 0);
        started = true;
      }
    },
    advance() {
      bar.increment();
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
