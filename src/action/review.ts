import * as core from '@actions/core';
import { api } from './api-errors.js';
import { InputError, type ActionInputs } from './inputs.js';
import { migrateWorkspace, reportBody, saveReports } from './migration.js';
import type { Octokit, Repository } from './pull-request.js';

/** Marks the one comment this mode writes, so that a re-run updates it instead of adding another. */
export const REVIEW_MARKER = '<!-- asyncshift:review -->';

/**
 * `mode: review`, on a `pull_request` event: the migration asyncshift would make of the pull
 * request's head, as a job summary and one comment (updated in place on re-runs). Nothing is pushed.
 */
export async function reviewPullRequest(workspace: string, inputs: ActionInputs, octokit: Octokit, repository: Repository, event: { name: string; payload: Record<string, unknown> }): Promise<void> {
  const pull = event.payload.pull_request as { number: number; head?: { sha?: string } } | undefined;
  if (!pull) throw new InputError(`mode: review runs on pull_request events, not on ${event.name}`);
  const { owner, repo } = repository;
  const migration = await migrateWorkspace(workspace, inputs, false);
  core.setOutput('changed-files', String(migration.changed.length));
  core.setOutput('pull-request-number', String(pull.number));

  const proposed = migration.changed.length === 0
    ? '\n### Proposed changes\n\nNone: asyncshift has nothing to migrate here.\n'
    : `\n<details>\n<summary>Proposed changes (${migration.changed.length} file${migration.changed.length === 1 ? '' : 's'})</summary>\n\n\`\`\`diff\n${migration.diff}\`\`\`\n\n</details>\n`;
  const head = pull.head?.sha ?? 'HEAD';
  const { body, full } = reportBody(migration, { inputs, linkBase: `${repository.serverUrl}/${owner}/${repo}/blob/${head}/`, runUrl: repository.runUrl }, { before: `${REVIEW_MARKER}\n`, after: proposed });
  core.setOutput('report-dir', saveReports(migration, full));
  await core.summary.addRaw(body).write();

  const comments = await api(`read the comments of pull request #${pull.number}`, () => octokit.paginate(octokit.rest.issues.listComments, { owner, repo, issue_number: pull.number, per_page: 100 }));
  const earlier = comments.find((comment) => comment.body?.startsWith(REVIEW_MARKER));
  if (earlier) {
    if (earlier.body === body) {
      core.info(`asyncshift: the review comment on #${pull.number} is up to date`);
    } else {
      await api(`update the review comment on pull request #${pull.number}`, () => octokit.rest.issues.updateComment({ owner, repo, comment_id: earlier.id, body }));
      core.info(`asyncshift: updated the review comment on #${pull.number}`);
    }
  } else if (migration.changed.length === 0) {
    core.info('asyncshift: nothing to migrate; no comment written');
  } else {
    await api(`comment on pull request #${pull.number}`, () => octokit.rest.issues.createComment({ owner, repo, issue_number: pull.number, body }));
    core.info(`asyncshift: commented on #${pull.number}`);
  }
}
