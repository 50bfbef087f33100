/**
 * Whether an `import` or `from` statement in the text may name `module` (or one of its submodules):
 * no qualified name of a library (`requests.get`, `os.system`) can be resolved in a file without one.
 * A cheap text test that errs on the side of yes; a statement split over lines by parentheses names
 * its module on the first.
 */
export function importsModule(text: string, module: string): boolean {
  return new RegExp(String.raw`\b(?:import|from)[ \t][^\n]*\b${module.replace(/\./g, '\\.')}\b`).test(text);
}
