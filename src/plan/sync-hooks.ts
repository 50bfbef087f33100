import type { FunctionInfo, ModuleIndex } from '../analyze/model.js';

/**
 * Functions a framework finds by name and calls synchronously, whatever their colour: pytest's
 * xunit-style set-up and tear-down (pytest-asyncio does not await them; an async `setup_method` is
 * a coroutine nobody runs), pytest hook functions, behave's hooks in a features folder's
 * `environment.py` (`before_all`, `after_scenario`, ...), and the functions of a `setup.py`, which
 * setuptools runs (an event loop there would wrap `setup.py test`'s own). Returns why, or undefined.
 */
export function calledByNameSynchronously(fn: FunctionInfo, module: ModuleIndex | undefined): string | undefined {
  if (!module) return undefined;
  if (module.isTestModule && XUNIT.has(fn.name) && (fn.classId ? XUNIT_METHODS.has(fn.name) : !fn.nestedIn)) {
    return `pytest calls ${fn.name} synchronously`;
  }
  if (!fn.classId && !fn.nestedIn && /^pytest_[a-z_]+$/.test(fn.name) && (module.file.endsWith('conftest.py') || Object.hasOwn(module.bindings, "pytest_plugins") || /plugin/.test(module.file))) {
    return `${fn.name} is a pytest hook, which pytest calls synchronously`;
  }
  if (!fn.classId && !fn.nestedIn && BEHAVE_HOOK.test(fn.name) && /(^|\/)environment\.py$/.test(module.file)) {
    return `${fn.name} is a behave hook, which behave calls synchronously`;
  }
  if (isPackagingScript(module)) return `${module.file} is a packaging script, which setuptools runs synchronously`;
  return undefined;
}

/** A `setup.py` that imports setuptools or distutils: nothing in it is worth an event loop. */
function isPackagingScript(module: ModuleIndex): boolean {
  return /(^|\/)setup\.py$/.test(module.file)
    && module.imports.some((statement) => statement.names.some((name) => /^(setuptools|distutils)(\.|$)/.test(name.module)));
}

const BEHAVE_HOOK = /^(before|after)_(all|feature|rule|scenario|step|tag)$/;

const XUNIT_METHODS = new Set(['setup_method', 'teardown_method', 'setup_class', 'teardown_class', 'setup', 'teardown']);
const XUNIT = new Set([...XUNIT_METHODS, 'setup_module', 'teardown_module', 'setup_function', 'teardown_function']);
