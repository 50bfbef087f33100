import * as core from '@actions/core';
import type { getOctokit } from '@actions/github';
import { api } from './api-errors.js';
import { Git, GitError, lastLine } from './git.js';
import type { ActionInputs } from './inputs.js';
import { migrateWorkspace, reportBody, saveReports } from './migration.js';

export type Octokit = ReturnType<typeof getOctokit>;

export interface Repository {
  owner: string;
  repo: string;
  serverUrl: string;
  runUrl: string;
  defaultBranch?: string;
}

/**
 * `mode: pull-request`: migrate the base branch, commit on `branch`, force-update it, and open the
 * pull request, or update the one already open from that branch. Nothing changes on a re-run over
 * an unchanged repository: no commit is pushed and the body is left alone when it is the same.
 */
export async function openPullRequest(workspace: string, inputs: ActionInputs, octokit: Octokit, repository: Repository): Promise<void> {
  const git = new Git(workspace);
  const { owner, repo } = repository;
  const base = inputs.base ?? repository.defaultBranch
    ?? (await api(`read the repository ${owner}/${repo}`, () => octokit.rest.repos.get({ owner, repo }))).data.default_branch;
  if (!git.remoteBranch(base)) throw new GitError(`the base branch "${base}" does not exist on origin`);
  const baseCommit = git.fetchBranch(base);
  git.run(['checkout', '--quiet', '--force', '-B', inputs.branch, baseCommit]);

  const migration = await migrateWorkspace(workspace, inputs, true);
  core.setOutput('changed-files', String(migration.changed.length));
  if (migration.changed.length === 0) {
    core.info('asyncshift: nothing to migrate; no branch pushed, no pull request opened');
    return;
  }
  core.info(`asyncshift: ${migration.changed.length} file${migration.changed.length === 1 ? '' : 's'} migrated`);

  git.run(['add', '--', ...migration.changed.map((file) => file.path)]);
  const { name, email } = inputs.author;
  git.run(['-c', `user.name=${name}`, '-c', `user.email=${email}`, 'commit', '--quiet', '--no-verify', `--author=${name} <${email}>`, '-m', inputs.commitMessage]);
  const head = upToDateRemoteHead(git, inputs.branch, baseCommit) ?? push(git, inputs.branch);

  const { body, full } = reportBody(migration, { inputs, linkBase: `${repository.serverUrl}/${owner}/${repo}/blob/${head}/`, runUrl: repository.runUrl });
  core.setOutput('report-dir', saveReports(migration, full));
  await core.summary.addRaw(body).write();

  const open = await api('list the open pull requests', () => octokit.rest.pulls.list({ owner, repo, head: `${owner}:${inputs.branch}`, base, state: 'open' }));
  let pull = open.data[0];
  if (pull) {
    if (pull.title !== inputs.title || pull.body !== body) {
      await api(`update pull request #${pull.number}`, () => octokit.rest.pulls.update({ owner, repo, pull_number: pull!.number, title: inputs.title, body }));
      core.info(`asyncshift: updated pull request #${pull.number}`);
    } else {
      core.info(`asyncshift: pull request #${pull.number} is up to date`);
    }
  } else {
    pull = (await api('create the pull request', () => octokit.rest.pulls.create({ owner, repo, title: inputs.title, head: inputs.branch, base, body, draft: inputs.draft }))).data as typeof pull;
    core.info(`asyncshift: opened pull request #${pull.number}`);
    if (inputs.labels.length > 0) await api(`label pull request #${pull.number}`, () => octokit.rest.issues.addLabels({ owner, repo, issue_number: pull!.number, labels: inputs.labels }));
  }
  core.setOutput('pull-request-number', String(pull.number));
  core.setOutput('pull-request-url', pull.html_url);
}

/** The remote branch's commit when it already holds this migration of this base: nothing to push. */
function upToDateRemoteHead(git: Git, branch: string, baseCommit: string): string | undefined {
  if (!git.remoteBranch(branch)) return undefined;
  const remote = git.fetchBranch(branch);
  const sameTree = git.run(['rev-parse', `${remote}^{tree}`]).stdout === git.run(['rev-parse', 'HEAD^{tree}']).stdout;
  const sameBase = git.run(['rev-parse', `${remote}^`], { allowFailure: true }).stdout === baseCommit;
  if (!sameTree || !sameBase) return undefined;
  core.info(`asyncshift: ${branch} already holds this migration; nothing pushed`);
  return remote;
}

function push(git: Git, branch: string): string {
  const pushed = git.run(['push', '--force', '--quiet', 'origin', `HEAD:refs/heads/${branch}`], { allowFailure: true });
  if (!pushed.ok) throw new GitError(`the push to ${branch} was rejected: ${pushRefusal(pushed.stderr)}`);
  return git.run(['rev-parse', 'HEAD']).stdout;
}

/** Git's reason for refusing a push (` ! [remote rejected] ... (reason)`), and what the remote said. */
function pushRefusal(stderr: string): string {
  const reason = /!\s*\[(?:remote )?rejected\][^(]*\((.+)\)/.exec(stderr)?.[1] ?? lastLine(stderr);
  const said = stderr.split('\n').filter((line) => line.startsWith('remote:')).map((line) => line.slice('remote:'.length).trim()).filter(Boolean).join(' ');
  return said ? `${reason} (the remote said: ${said})` : reason;
}
