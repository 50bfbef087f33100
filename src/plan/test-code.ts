import type { FunctionId, ModuleIndex } from '../analyze/model.js';
import type { ProjectSymbols } from './resolve.js';

/** A file under a `tests/` or `test/` folder. */
const TEST_FOLDER = /(^|\/)tests?\//;

/** behave's acceptance tests: the step modules and the environment hooks of a features folder. */
const BEHAVE_TESTS = /(^|\/)[\w.-]*features\/(.+\/)?(steps\/.+|environment)\.py$/;

/**
 * Test code: a test module (`test_*.py`, `*_test.py`, `conftest.py`), any module in a test folder (a
 * helper that reads fixture files, a mixin's tests that TestCase classes elsewhere collect: csvkit's
 * tests/utils.py, jira's tests/tests.py), and behave's steps and hooks, acceptance tests.
 */
export function isTestFile(module: ModuleIndex): boolean {
  return module.isTestModule || TEST_FOLDER.test(module.file) || BEHAVE_TESTS.test(module.file);
}

/** A function of test code (see isTestFile). */
export function isTestCode(id: FunctionId, symbols: ProjectSymbols): boolean {
  const home = symbols.moduleOf(id);
  return !!home && isTestFile(home);
}
