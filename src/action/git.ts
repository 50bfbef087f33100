import { spawnSync } from 'node:child_process';

export class GitError extends Error {}

/** Git in the workspace; a failure carries git's own last line of complaint. */
export class Git {
  constructor(private readonly cwd: string) {}

  run(args: string[], options: { allowFailure?: boolean } = {}): { ok: boolean; stdout: string; stderr: string } {
    const result = spawnSync('git', args, { cwd: this.cwd, encoding: 'utf8', env: { ...process.env, GIT_TERMINAL_PROMPT: '0' } });
    const ok = result.status === 0;
    if (!ok && !options.allowFailure) throw new GitError(`git ${args[0]} failed: ${lastLine(result.stderr || result.stdout || String(result.error))}`);
    return { ok, stdout: result.stdout.trim(), stderr: result.stderr.trim() };
  }

  /** The commit a remote branch points at, or undefined when the remote has no such branch. */
  remoteBranch(branch: string): string | undefined {
    const listed = this.run(['ls-remote', '--heads', 'origin', `refs/heads/${branch}`]).stdout;
    return listed ? listed.split(/\s+/)[0] : undefined;
  }

  /** Fetches a remote branch (shallow is enough) and returns the commit it points at. */
  fetchBranch(branch: string): string {
    this.run(['fetch', '--no-tags', '--depth=2', 'origin', `+refs/heads/${branch}:refs/remotes/origin/${branch}`]);
    return this.run(['rev-parse', `refs/remotes/origin/${branch}`]).stdout;
  }
}

export function lastLine(text: string): string {
  const lines = text.trim().split('\n').map((line) => line.trim()).filter(Boolean);
  return lines.at(-1) ?? 'no message';
}
