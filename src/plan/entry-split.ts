import type { FunctionInfo } from '../analyze/model.js';
import type { Edit } from './edits.js';

/**
 * An entry point that something outside calls synchronously (a console script, a click or typer
 * command) keeps its name, decorators and signature as a sync wrapper; its body moves to an async
 * twin that the wrapper runs with `asyncio.run`:
 *
 *     @click.command()                     @click.command()
 *     def deploy(env):            →        def deploy(env):
 *         ...                                  return asyncio.run(_deploy(env))
 *
 *                                          async def _deploy(env):
 *                                              ...
 */
export function splitEntry(fn: FunctionInfo): Edit[] {
  const twin = twinName(fn);
  const wrapper = `def ${fn.name}${fn.parametersText}${fn.returnAnnotationText}:\n`
    + `${fn.indent}    return asyncio.run(${twin}(${forwardArguments(fn)}))\n\n\n${fn.indent}`;
  return [
    { start: fn.defKeyword, end: fn.defKeyword, text: `${wrapper}async `, order: 0 },
    { start: fn.nameSpan.start, end: fn.nameSpan.end, text: twin },
  ];
}

export function twinName(fn: FunctionInfo): string {
  return `_${fn.name.replace(/^_+/, '')}_async`;
}

/** The arguments that pass every parameter on unchanged. */
export function forwardArguments(fn: FunctionInfo): string {
  let keywordOnly = false;
  const parts: string[] = [];
  for (const parameter of fn.parameters) {
    switch (parameter.kind) {
      case 'positional-only-marker':
        break;
      case 'keyword-only-marker':
        keywordOnly = true;
        break;
      case 'var-positional':
        keywordOnly = true;
        parts.push(`*${parameter.name}`);
        break;
      case 'var-keyword':
        parts.push(`**${parameter.name}`);
        break;
      default:
        parts.push(keywordOnly || parameter.kind === 'keyword-only' ? `${parameter.name}=${parameter.name}` : parameter.name);
    }
  }
  return parts.join(', ');
}
