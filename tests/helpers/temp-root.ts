import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * vitest global setup: every temporary folder the tests make (throw-away projects, suite copies,
 * pytest's own) goes under one folder for this run, removed when the run ends. The test processes
 * start after this and inherit TMPDIR, which os.tmpdir() and Python's tempfile both read.
 */
export default function setup(): () => void {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'asyncshift-tests-'));
  // Open as a temporary directory is: the private PostgreSQL servers run as their own user.
  fs.chmodSync(root, 0o1777);
  process.env.TMPDIR = root;
  return () => fs.rmSync(root, { recursive: true, force: true });
}
