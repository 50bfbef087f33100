import * as core from '@actions/core';

export type Mode = 'pull-request' | 'review';

/** The Action's inputs (action.yml), with its defaults applied when the runner passes none. */
export interface ActionInputs {
  paths: string[];
  select?: string[];
  ignore?: string[];
  mode: Mode;
  branch: string;
  base?: string;
  title: string;
  labels: string[];
  draft: boolean;
  commitMessage: string;
  author: { name: string; email: string };
  annotate: boolean;
  reportArtifact: string;
  token: string;
}

export const DEFAULT_AUTHOR = 'github-actions[bot] <41898282+github-actions[bot]@users.noreply.github.com>';

export class InputError extends Error {}

export function readInputs(): ActionInputs {
  const token = core.getInput('token');
  if (!token) throw new InputError('no token: pass `token`, or leave it to its default, github.token');
  // Masked before anything else can print it.
  core.setSecret(token);
  const mode = core.getInput('mode') || 'pull-request';
  if (mode !== 'pull-request' && mode !== 'review') throw new InputError(`mode must be pull-request or review, not "${mode}"`);
  const list = (name: string) => core.getInput(name).split(/[\n,]/).map((value) => value.trim()).filter(Boolean);
  const optionalList = (name: string) => (list(name).length > 0 ? list(name) : undefined);
  return {
    paths: list('paths').length > 0 ? list('paths') : ['.'],
    select: optionalList('select'),
    ignore: optionalList('ignore'),
    mode,
    branch: core.getInput('branch') || 'asyncshift/migrate',
    base: core.getInput('base') || undefined,
    title: core.getInput('title') || 'Migrate to asyncio with asyncshift',
    labels: list('labels'),
    draft: booleanInput('draft'),
    commitMessage: core.getInput('commit-message') || 'Migrate to asyncio with asyncshift',
    author: parseAuthor(core.getInput('author') || DEFAULT_AUTHOR),
    annotate: booleanInput('annotate'),
    reportArtifact: core.getInput('report-artifact') || 'asyncshift-report',
    token,
  };
}

function booleanInput(name: string): boolean {
  const value = core.getInput(name).toLowerCase();
  if (value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new InputError(`${name} must be true or false, not "${value}"`);
}

function parseAuthor(text: string): { name: string; email: string } {
  const match = /^\s*(.+?)\s*<([^<>\s]+)>\s*$/.exec(text);
  if (!match) throw new InputError(`author must read "Name <email>", not "${text}"`);
  return { name: match[1], email: match[2] };
}
