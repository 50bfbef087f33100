import { decoratorExpression, type FunctionInfo } from '../analyze/model.js';
import { catalogueVerdict, type UserDecorators } from './decorator-catalogue.js';
import { decoratorUse } from './decorator-links.js';
import type { ArgparseDispatch } from './argparse-dispatch.js';
import type { ProjectSymbols } from './resolve.js';

/**
 * What a function's decorators and name make of it, for propagation:
 * - `plain`: may become async;
 * - `test` / `fixture`: pytest collects them, and pytest-asyncio runs them when async;
 * - `context-manager`: `@contextmanager`, becomes `@asynccontextmanager`;
 * - `property`: stays sync (readers cannot await an attribute);
 * - `cli-command`: click/typer call it sync, so it keeps a sync wrapper around `asyncio.run`;
 * - `pinned:<why>`: a decorator that calls or stores the function synchronously.
 */
export type FunctionKind = 'plain' | 'test' | 'fixture' | 'context-manager' | 'property' | 'cli-command' | `pinned:${string}`;

/** Web frameworks that accept `async def` handlers. */
const ASYNC_FRAMEWORK = /^(fastapi\.(FastAPI|APIRouter)\(\)\.(get|post|put|patch|delete|head|options|api_route|websocket|on_event|middleware)|starlette\.)/;

export function classifyDecorators(fn: FunctionInfo, symbols: ProjectSymbols, user?: UserDecorators, dispatch?: ArgparseDispatch): FunctionKind {
  const module = symbols.moduleOf(fn.id);
  let kind: FunctionKind = /^test/.test(fn.name) && module?.isTestModule ? 'test' : 'plain';
  const decorators = fn.decorators.map((decorator) => ({ decorator, name: decoratorTarget(decorator, fn, symbols), last: lastName(decorator) }));
  // A click or typer command keeps every decorator on its sync wrapper (entry-split.ts): none of
  // them ever sees the async twin, so none can keep it sync.
  const command = decorators.some(({ name, last }) => isCliDecorator(name, last, module?.bindings ?? {}));
  for (const { decorator, name, last } of decorators) {
    const text = decoratorExpression(decorator);
    if (/^(property|cached_property)\b/.test(text) || /\.(setter|getter|deleter)\b/.test(text) || name === 'functools.cached_property') return 'property';
    if (name === 'contextlib.contextmanager') {
      // An abstract stub (`raise NotImplementedError`) is no generator: @asynccontextmanager takes none.
      if (!fn.isGenerator) return 'pinned:a @contextmanager that never yields (an abstract stub) has no async form: @asynccontextmanager needs an async generator';
      kind = 'context-manager';
      continue;
    }
    if (name?.startsWith('pytest.fixture') || name?.startsWith('pytest_asyncio.fixture')) {
      kind = 'fixture';
      continue;
    }
    if (name && ASYNC_FRAMEWORK.test(name)) continue;
    if (isCliDecorator(name, last, module?.bindings ?? {})) {
      kind = 'cli-command';
      continue;
    }
    if (['option', 'argument', 'pass_context', 'pass_obj', 'version_option', 'help_option'].includes(last) && importsCli(module?.bindings ?? {})) continue;
    if (command) continue;
    const use = decoratorUse(decorator, fn, symbols, user);
    if (use.kind === 'keeps' || use.kind === 'wraps') continue;
    if (use.kind === 'argparse-default' && dispatch?.dispatches(fn.id, use.key)) continue;
    if (use.kind === 'pins' || use.kind === 'argparse-default') return `pinned:${use.reason}`;
    const framework = catalogueVerdict(last);
    if (framework && !framework.keeps) return `pinned:${framework.reason}`;
    return `pinned:decorated with @${text.split("(")[0]}, which may call it synchronously (declare it in transparent-decorators if it supports coroutine functions)`;
  }
  return kind;
}

/** The library name a decorator resolves to (`click.command`), when it is a library's. */
function decoratorTarget(decorator: FunctionInfo['decorators'][number], fn: FunctionInfo, symbols: ProjectSymbols): string | undefined {
  const module = symbols.moduleOf(fn.id);
  const target = decorator.ref && module ? symbols.resolve(decorator.ref, module, fn.nestedIn ?? null) : undefined;
  return target?.kind === 'external' ? target.name : undefined;
}

function lastName(decorator: FunctionInfo['decorators'][number]): string {
  return decorator.ref?.path.at(-1) ?? (decorator.ref?.root.kind === 'global' ? decorator.ref.root.name : '');
}

function importsCli(bindings: Record<string, { kind: string; module?: string }>): boolean {
  return Object.values(bindings).some((binding) => (binding.kind === 'module' || binding.kind === 'from-import') && /^(click|typer)\b/.test(binding.module ?? ''));
}

function isCliDecorator(name: string | undefined, last: string, bindings: Record<string, { kind: string; module?: string }>): boolean {
  if (name && /^(click\.(command|group)|typer\.Typer\(\)\.(command|callback))$/.test(name)) return true;
  return ['command', 'group', 'callback'].includes(last) && importsCli(bindings);
}
