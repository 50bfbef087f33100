import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as core from '@actions/core';
import * as github from '@actions/github';
import { AsyncshiftError } from '../errors.js';
import { useParser } from '../parse/parse-python.js';
import { wasmPythonParser } from '../parse/wasm-parser.js';
import { ApiError } from './api-errors.js';
import { GitError } from './git.js';
import { InputError, readInputs } from './inputs.js';
import { openPullRequest } from './pull-request.js';
import { reviewPullRequest } from './review.js';

/**
 * The GitHub Action's entry (action.yml), bundled with its dependencies into action/index.mjs, the
 * WebAssembly parser beside it: it runs from a clean checkout with no `npm install`.
 */
async function main(): Promise<void> {
  try {
    const inputs = readInputs();
    const here = path.dirname(fileURLToPath(import.meta.url));
    useParser(await wasmPythonParser({ runtime: path.join(here, 'tree-sitter.wasm'), python: path.join(here, 'tree-sitter-python.wasm') }));
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    const { context } = github;
    const octokit = github.getOctokit(inputs.token);
    const repository = {
      ...context.repo,
      serverUrl: context.serverUrl,
      runUrl: `${context.serverUrl}/${context.repo.owner}/${context.repo.repo}/actions/runs/${context.runId}`,
      defaultBranch: (context.payload.repository as { default_branch?: string } | undefined)?.default_branch,
    };
    if (inputs.mode === 'review') await reviewPullRequest(workspace, inputs, octokit, repository, { name: context.eventName, payload: context.payload });
    else await openPullRequest(workspace, inputs, octokit, repository);
  } catch (error) {
    const known = error instanceof InputError || error instanceof ApiError || error instanceof GitError || error instanceof AsyncshiftError;
    core.setFailed(`asyncshift: ${known ? (error as Error).message : `internal error: ${(error as Error).stack ?? error}`}`);
  }
}

await main();
