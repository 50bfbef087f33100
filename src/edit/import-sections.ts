import { isStdlibModule } from '../analyze/stdlib-modules.js';

/**
 * Which isort section an import belongs to, so an added import lands where a formatter would put
 * it: standard library first, then third-party, then the project's own (relative) imports.
 */
export type ImportSection = 'future' | 'stdlib' | 'third-party' | 'local';

export function importSection(module: string): ImportSection {
  if (module.startsWith('.')) return 'local';
  if (module.split('.')[0] === '__future__') return 'future';
  return isStdlibModule(module) ? 'stdlib' : 'third-party';
}
