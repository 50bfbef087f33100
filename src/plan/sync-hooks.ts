import type { FunctionInfo, ModuleIndex } from '../analyze/model.js';

/**
 * Functions a framework finds by name and calls synchronously, whatever their colour: turned async,
 * each would be a coroutine nobody runs. pytest's xunit-style set-up and tear-down (pytest-asyncio
 * does not await them), unittest's module fixtures and `load_tests`, pytest hook functions, behave's
 * hooks in a features folder's `environment.py`, Sphinx's `setup(app)`, gunicorn's server hooks in
 * its configuration file, and the functions of a `setup.py`, which setuptools runs (an event loop
 * there would wrap `setup.py test`'s own). Returns why, or undefined.
 */
export function calledByNameSynchronously(fn: FunctionInfo, module: ModuleIndex | undefined): string | undefined {
  if (!module) return undefined;
  if (module.isTestModule && XUNIT.has(fn.name) && (fn.classId ? XUNIT_METHODS.has(fn.name) : !fn.nestedIn)) {
    return `pytest calls ${fn.name} synchronously`;
  }
  if (!fn.classId && !fn.nestedIn) {
    const hook = MODULE_HOOKS.find((candidate) => candidate.names.test(fn.name) && candidate.in(module));
    if (hook) return `${fn.name} is ${hook.what}, which ${hook.caller} calls synchronously`;
  }
  if (isPackagingScript(module)) return `${module.file} is a packaging script, which setuptools runs synchronously`;
  return undefined;
}

interface ModuleHook {
  names: RegExp;
  in: (module: ModuleIndex) => boolean;
  what: string;
  caller: string;
}

const MODULE_HOOKS: readonly ModuleHook[] = [
  {
    names: /^pytest_[a-z_]+$/, what: 'a pytest hook', caller: 'pytest',
    in: (module) => module.file.endsWith('conftest.py') || Object.hasOwn(module.bindings, 'pytest_plugins') || /plugin/.test(module.file),
  },
  { names: /^(setUpModule|tearDownModule|load_tests)$/, what: 'a unittest module hook', caller: 'unittest', in: (module) => module.isTestModule },
  { names: /^(before|after)_(all|feature|rule|scenario|step|tag)$/, what: 'a behave hook', caller: 'behave', in: (module) => /(^|\/)environment\.py$/.test(module.file) },
  { names: /^setup$/, what: 'a Sphinx extension\'s setup', caller: 'Sphinx', in: (module) => /(^|\/)conf\.py$/.test(module.file) || imports(module, /^sphinx(\.|$)/) },
  {
    names: /^(on_starting|on_reload|when_ready|pre_fork|post_fork|post_worker_init|worker_int|worker_abort|pre_exec|pre_request|post_request|child_exit|worker_exit|nworkers_changed|on_exit|ssl_context)$/,
    what: 'a gunicorn server hook', caller: 'gunicorn', in: (module) => /(^|\/)gunicorn[\w.]*\.py$/.test(module.file),
  },
];

/** A `setup.py` that imports setuptools or distutils: nothing in it is worth an event loop. */
function isPackagingScript(module: ModuleIndex): boolean {
  return /(^|\/)setup\.py$/.test(module.file) && imports(module, /^(setuptools|distutils)(\.|$)/);
}

function imports(module: ModuleIndex, name: RegExp): boolean {
  return module.imports.some((statement) => statement.names.some((bound) => name.test(bound.module)));
}

const XUNIT_METHODS = new Set(['setup_method', 'teardown_method', 'setup_class', 'teardown_class', 'setup', 'teardown']);
const XUNIT = new Set([...XUNIT_METHODS, 'setup_module', 'teardown_module', 'setup_function', 'teardown_function']);
