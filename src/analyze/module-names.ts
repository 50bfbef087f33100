import path from 'node:path';

/**
 * Dotted module names for project files. A file can be importable under more than one name: from the
 * project root and, in a `src/` layout, from `src/`. The first name is the one reported.
 */
export function moduleNamesFor(relativeFile: string): string[] {
  const withoutExt = relativeFile.replace(/\.pyi?$/, '').split(path.sep).join('/');
  const parts = withoutExt.split('/');
  if (parts[parts.length - 1] === '__init__') parts.pop();
  const names = [parts.join('.')];
  if (parts[0] === 'src' && parts.length > 1) names.unshift(parts.slice(1).join('.'));
  // Test folders without __init__.py are put on sys.path by pytest's rootdir-relative import mode.
  if ((parts[0] === 'tests' || parts[0] === 'test') && parts.length > 1) names.push(parts.slice(1).join('.'));
  return names.filter((name) => name.length > 0);
}

export function isPackageInit(relativeFile: string): boolean {
  return path.basename(relativeFile) === '__init__.py';
}

export function isTestModule(relativeFile: string): boolean {
  const base = path.basename(relativeFile);
  return /^test_.*\.py$/.test(base) || /_test\.py$/.test(base) || base === 'conftest.py';
}

/** `from ..x import y` inside module `a.b.c`: the absolute module the dots point at. */
export function resolveRelativeModule(
  currentModule: string,
  currentIsPackage: boolean,
  level: number,
  rest: string,
): string {
  const parts = currentModule.split('.');
  const packageParts = currentIsPackage ? parts : parts.slice(0, -1);
  const base = packageParts.slice(0, Math.max(0, packageParts.length - (level - 1)));
  return [...base, ...(rest ? rest.split('.') : [])].join('.');
}
