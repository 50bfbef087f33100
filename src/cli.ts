import os from 'node:os';
import yargs, { type Argv } from 'yargs';
import { FileChangedError, writeFileAtomic } from './emit/write-atomic.js';
import { AsyncshiftError, UsageError } from './errors.js';
import { colorDiff, paletteFor, type ColorChoice, type Palette } from './report/colors.js';
import { jsonReport } from './report/json-report.js';
import { markdownReport, reproduceCommand } from './report/markdown-report.js';
import { formatSummary } from './report/summary.js';
import { progressBar } from './report/progress.js';
import { diffOfFile } from './report/unified-diff.js';
import { runInWorkers } from './run-in-workers.js';
import type { RunResult } from './run.js';
import { VERSION } from './version.js';
import { TRANSFORMS } from '../transforms/registry.js';

export interface Io {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether each stream is a terminal (for `--color=auto`); neither when absent. */
  terminal?: { stdout: boolean; stderr: boolean };
  env?: NodeJS.ProcessEnv;
  /** Where a progress bar may be drawn: a terminal, or nothing. */
  progressStream?: NodeJS.WriteStream;
  /** Calls `handler` on Ctrl-C (or SIGTERM) instead of ending the process; returns the undo. */
  onInterrupt?: (handler: () => void) => () => void;
}

// A closed pipe (`asyncshift migrate . | head`) ends the output quietly, as for other Unix tools.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const processIo: Io = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  terminal: { stdout: !!process.stdout.isTTY, stderr: !!process.stderr.isTTY },
  env: process.env,
  progressStream: process.stderr.isTTY ? process.stderr : undefined,
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    process.on('SIGTERM', handler);
    return () => {
      process.off('SIGINT', handler);
      process.off('SIGTERM', handler);
    };
  },
};

/** 128 + SIGINT, as shells report a command ended by Ctrl-C. */
const INTERRUPTED = 130;

/** Exit codes: 0 nothing to change (or written), 1 changes proposed, 2 error, 130 interrupted while writing. */
export async function main(argv: string[], io: Io = processIo): Promise<number> {
  const code = await runCli(argv, io);
  process.exitCode = code;
  return code;
}

export async function runCli(argv: string[], io: Io): Promise<number> {
  if (argv.includes('--version')) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  let exitCode = 0;
  const runMigrate = async (args: ParsedMigrate) => {
    exitCode = await migrate({
      paths: args.paths as string[],
      write: args.write,
      select: splitList(args.select),
      ignore: splitList(args.ignore),
      report: args.report,
      annotate: args.annotate,
      linkBase: args['link-base'],
      quiet: args.quiet,
      color: args.color,
      configFile: args.config,
      jobs: args.jobs,
      progress: args.progress,
      verbose: args.verbose,
    }, io);
  };
  // `asyncshift migrate ...` is read by a parser whose default command it is: yargs formats the whole
  // help text after running any other command (in case it fails later), a tenth of a small project's run.
  const parser = argv[0] === 'migrate'
    ? yargs(argv.slice(1)).scriptName('asyncshift migrate').command('$0 <paths..>', MIGRATE_DESCRIPTION, migrateOptions, runMigrate)
    : yargs(argv)
      .scriptName('asyncshift')
      .usage('$0 <command> [options]\n$0 --version')
      .command('migrate <paths..>', MIGRATE_DESCRIPTION, migrateOptions, runMigrate)
      .command('transforms', 'list the transforms', () => {}, () => {
        for (const transform of TRANSFORMS) io.stdout(`${transform.id.padEnd(20)} ${transform.doc.summary}\n`);
      })
      .demandCommand(1, 'name a command: migrate or transforms');
  parser
    .strict()
    .help()
    .version(false)
    .fail((message, error) => {
      throw error ?? new UsageErrorFromYargs(message);
    });
  try {
    await parser.parseAsync();
    return exitCode;
  } catch (error) {
    if (error instanceof UsageErrorFromYargs || error instanceof AsyncshiftError) {
      io.stderr(`asyncshift: ${error.message}\n`);
      return 2;
    }
    io.stderr(`asyncshift: internal error: ${(error as Error).stack ?? error}\n`);
    return 2;
  }
}

class UsageErrorFromYargs extends Error {}

const MIGRATE_DESCRIPTION = 'migrate Python files to asyncio (dry run: a unified diff on stdout)';

type ParsedMigrate = Awaited<ReturnType<ReturnType<typeof migrateOptions>['parseAsync']>>;

function migrateOptions(y: Argv) {
  return y
    .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'files or folders to migrate' })
    .option('write', { type: 'boolean', default: false, describe: 'write the changes in place' })
    .option('select', { type: 'string', array: true, describe: 'only these transforms (ids)' })
    .option('ignore', { type: 'string', array: true, describe: 'skip these transforms (ids)' })
    .option('report', { choices: ['text', 'json', 'markdown'] as const, default: 'text' as const, describe: 'summary format on stderr (markdown: the pull-request body)' })
    .option('annotate', { type: 'boolean', default: false, describe: 'write each review item as a "# asyncshift: review(CODE): ..." comment above its statement' })
    .option('link-base', { type: 'string', describe: 'with --report markdown: prefix of links to file#Lline' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'no summary on stderr (errors and the diff still print)' })
    .option('color', { choices: ['auto', 'always', 'never'] as const, default: 'auto' as const, describe: 'colour the diff and summary (auto: on a terminal, unless NO_COLOR is set)' })
    .option('config', { type: 'string', describe: 'TOML file with the [tool.asyncshift] settings' })
    .option('jobs', { type: 'number', default: os.availableParallelism(), describe: 'worker threads that parse and index files' })
    .option('progress', { type: 'boolean', default: true, describe: 'show progress on a terminal (--no-progress: never)' })
    .option('verbose', { type: 'boolean', default: false, describe: 'show the stack trace of an internal error' });
}

interface MigrateArgs {
  paths: string[];
  write: boolean;
  select?: string[];
  ignore?: string[];
  report: 'text' | 'json' | 'markdown';
  annotate: boolean;
  linkBase?: string;
  quiet: boolean;
  color: ColorChoice;
  configFile?: string;
  jobs: number;
  progress: boolean;
  verbose: boolean;
}

async function migrate(args: MigrateArgs, io: Io): Promise<number> {
  if (!Number.isInteger(args.jobs) || args.jobs < 1) throw new UsageError(`--jobs takes a whole number of threads, at least 1 (got ${args.jobs})`);
  const progress = args.progress && io.progressStream ? progressBar(io.progressStream) : undefined;
  const result = await runInWorkers({ paths: args.paths, select: args.select, ignore: args.ignore, configFile: args.configFile, annotate: args.annotate }, { jobs: args.jobs, progress });
  const env = io.env ?? {};
  const stdoutPalette = paletteFor(args.color, io.terminal?.stdout ?? false, env);
  const changed = result.files.filter((file) => file.outcome.status === 'changed');
  let writeFailures = 0;
  let interrupted = false;
  if (args.write) {
    // Ctrl-C while files are written lets the file in hand finish (each write is atomic) and stops.
    const stopListening = io.onInterrupt?.(() => { interrupted = true; });
    let written = 0;
    for (const file of changed) {
      if (file.outcome.status !== 'changed') continue;
      if (interrupted) break;
      try {
        await writeFileAtomic(file.path, file.outcome.after, { expected: file.outcome.created ? undefined : file.outcome.before });
        written++;
      } catch (error) {
        // The original is intact (the write is atomic); say which file and go on with the others.
        writeFailures++;
        if (error instanceof FileChangedError) io.stderr(`asyncshift: ${file.relativePath}: changed while asyncshift ran, left as it now is (run again to migrate it)\n`);
        else io.stderr(`asyncshift: ${file.relativePath}: cannot write (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}), left unchanged\n`);
      }
    }
    stopListening?.();
    if (interrupted) {
      io.stderr(`asyncshift: interrupted: ${written} of ${changed.length} files written, the others left unchanged (run again to finish)\n`);
      return INTERRUPTED;
    }
  } else {
    for (const file of changed) io.stdout(colorDiff(diffOfFile(file), stdoutPalette));
  }
  if (!args.quiet) io.stderr(report(result, args, paletteFor(args.color, io.terminal?.stderr ?? false, env)));
  else for (const file of result.files) if (file.outcome.status === 'failed') io.stderr(`asyncshift: ${file.outcome.reason}\n`);
  if (args.verbose) {
    for (const file of result.files) if (file.outcome.status === 'failed' && file.outcome.detail) io.stderr(`${file.outcome.detail}\n`);
  }
  return writeFailures > 0 ? 2 : exitCodeFor(result, args.write);
}

function report(result: RunResult, args: MigrateArgs, palette: Palette): string {
  if (args.report === 'json') return jsonReport(result);
  if (args.report === 'markdown') {
    return markdownReport(result, { linkBase: args.linkBase, command: reproduceCommand({ paths: args.paths, select: args.select, ignore: args.ignore, annotate: args.annotate }) });
  }
  return formatSummary(result, args.write, palette);
}

function exitCodeFor(result: RunResult, wrote: boolean): number {
  if (result.files.some((file) => file.outcome.status === 'failed')) return 2;
  const changes = result.files.some((file) => file.outcome.status === 'changed');
  return changes && !wrote ? 1 : 0;
}

/** `--select a,b` and `--select a --select b` both work. */
function splitList(values: string[] | undefined): string[] | undefined {
  return values?.flatMap((value) => value.split(',')).map((value) => value.trim()).filter(Boolean);
}
