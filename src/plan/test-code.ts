import type { FunctionId } from '../analyze/model.js';
import type { ProjectSymbols } from './resolve.js';

/** A file under a `tests/` or `test/` folder. */
const TEST_FOLDER = /(^|\/)tests?\//;

/** behave's acceptance tests: the step modules and the environment hooks of a features folder. */
const BEHAVE_TESTS = /(^|\/)[\w.-]*features\/(.+\/)?(steps\/.+|environment)\.py$/;

/**
 * Test code: any function of a test module, and a test method (`def test_empty(self)` in a class) of
 * a helper module in a test folder — a mixin's tests, which the TestCase classes that list it collect
 * (csvkit's tests/utils.py, jira's tests/tests.py); and behave's steps and hooks, acceptance tests.
 */
export function isTestCode(id: FunctionId, symbols: ProjectSymbols): boolean {
  const home = symbols.moduleOf(id);
  if (!home) return false;
  return home.isTestModule || TEST_FOLDER.test(home.file) || BEHAVE_TESTS.test(home.file);
}
