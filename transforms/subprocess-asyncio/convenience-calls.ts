import { bridgedSite, twinSite } from '../site-builders.js';
import { span } from '../../src/analyze/call-usage.js';
import type { Site } from '../../src/plan/edits.js';
import type { CallInContext, TransformContext } from '../define-transform.js';
import { HELPER_NAME, type HelperModule } from './helper-module.js';
import { argumentShape, releasedName, sameNode, type ArgumentShape } from './syntax.js';

/**
 * The one-shot functions: `subprocess.run/call/check_call/check_output/getoutput/getstatusoutput`,
 * `os.system` and `os.popen(cmd).read()` become awaited calls of their twins in the helper module,
 * with the arguments exactly as written. Shapes the twins do not take run in a worker thread.
 */

export const TRANSFORM_ID = 'subprocess-asyncio';

interface Twin {
  name: string;
  /** Why this call's arguments do not fit the twin, or undefined when they do. */
  misfit(shape: ArgumentShape): string | undefined;
}

const RUN_LIKE: Twin['misfit'] = (shape) => {
  if (shape.listSplat) return 'its arguments are unpacked with *';
  if (shape.positional.length > 1) return 'it passes Popen options by position';
  if (shape.positional.length === 0 && !shape.keywords.has('args')) return 'it names no command';
  if (shape.keywords.has('preexec_fn')) return 'preexec_fn runs in the child between fork and exec';
  return undefined;
};

const SHELL_OUTPUT: Twin['misfit'] = (shape) => {
  if (shape.listSplat || shape.positional.length !== 1) return 'it does not pass the command as its one positional argument';
  if ([...shape.keywords.keys()].some((name) => name !== 'encoding' && name !== 'errors')) return 'it passes an unknown keyword';
  return undefined;
};

const TWINS: Record<string, Twin> = {
  'subprocess.run': { name: 'run', misfit: RUN_LIKE },
  'subprocess.call': { name: 'call', misfit: RUN_LIKE },
  'subprocess.check_call': { name: 'check_call', misfit: RUN_LIKE },
  'subprocess.check_output': { name: 'check_output', misfit: RUN_LIKE },
  'subprocess.getoutput': { name: 'getoutput', misfit: SHELL_OUTPUT },
  'subprocess.getstatusoutput': { name: 'getstatusoutput', misfit: SHELL_OUTPUT },
  'os.system': {
    name: 'os_system',
    misfit: (shape) => (shape.listSplat || shape.positional.length !== 1 || shape.keywords.size > 0 ? 'it does not pass one command' : undefined),
  },
};

export function convenienceSites(context: TransformContext, helper: HelperModule | undefined): Site[] {
  const sites: Site[] = [];
  for (const call of context.calls) {
    if (!call.site.scope || !call.qualifiedName) continue;
    const twin = TWINS[call.qualifiedName];
    if (twin) {
      const misfit = twin.misfit(argumentShape(call.node)) ?? (helper ? undefined : 'the package layout is unknown');
      sites.push(misfit ? bridgedCall(context, call, `${call.qualifiedName}() stays as it is and runs in a worker thread: ${misfit}`) : twinCall(call, helper!, twin.name));
    } else if (call.qualifiedName === 'os.popen') {
      const site = osPopenRead(context, call, helper);
      if (site) sites.push(site);
    }
  }
  return sites;
}

/** `subprocess.run(args, ...)` → `await _async_subprocess.run(args, ...)`. */
export function twinCall(call: CallInContext, helper: HelperModule, name: string): Site {
  return twinSite(TRANSFORM_ID, call, `${HELPER_NAME}.${name}`, {
    imports: helper.importRequest ? [helper.importRequest] : [],
    releases: releasedName(call.node.childForFieldName('function')!),
    newFiles: [helper.file],
  });
}

/** The faithful fallback: the sync call as written, in a worker thread. */
function bridgedCall(context: TransformContext, call: CallInContext, message: string): Site {
  return bridgedSite(TRANSFORM_ID, context, call, { code: 'AS501', message });
}

/** `os.popen(cmd).read()` → `await _async_subprocess.os_popen_read(cmd)`; other uses are reported. */
function osPopenRead(context: TransformContext, call: CallInContext, helper: HelperModule | undefined): Site | undefined {
  const attribute = call.node.parent;
  const read = attribute?.type === 'attribute' && attribute.childForFieldName('attribute')?.text === 'read' ? attribute.parent : null;
  const readCall = read?.type === 'call' && sameNode(read.childForFieldName('function'), attribute)
    ? context.calls.find((candidate) => sameNode(candidate.node, read))
    : undefined;
  const shape = argumentShape(call.node);
  const fits = !shape.listSplat && shape.positional.length === 1 && shape.keywords.size === 0
    && /^\(\s*\)$/.test(read?.childForFieldName('arguments')?.text ?? '');
  if (!readCall || !fits || !helper) {
    return {
      transform: TRANSFORM_ID,
      scope: call.site.scope,
      line: call.site.line,
      awaitCall: false,
      edits: [],
      imports: [],
      seed: false,
      review: { code: 'AS503', message: 'os.popen() used other than as os.popen(command).read() stays as it is: its reads block the event loop' },
    };
  }
  const callee = call.node.childForFieldName('function')!;
  return {
    ...twinCall(readCall, helper, 'os_popen_read'),
    edits: [
      { ...span(callee), text: `${HELPER_NAME}.os_popen_read` },
      { start: call.node.endIndex, end: read!.endIndex, text: '' },
    ],
    releases: releasedName(callee),
  };
}
