import type { FunctionId } from '../analyze/model.js';
import type { ProjectSymbols } from './resolve.js';

/** A file under a `tests/` or `test/` folder. */
const TEST_FOLDER = /(^|\/)tests?\//;

/**
 * Test code: any function of a test module, and a test method (`def test_empty(self)` in a class) of
 * a helper module in a test folder — a mixin's tests, which the TestCase classes that list it collect
 * (csvkit's tests/utils.py, jira's tests/tests.py).
 */
export function isTestCode(id: FunctionId, symbols: ProjectSymbols): boolean {
  const home = symbols.moduleOf(id);
  if (!home) return false;
  if (home.isTestModule) return true;
  const fn = symbols.functions.get(id);
  return TEST_FOLDER.test(home.file) && !!fn?.classId && /^test/.test(fn.name);
}
