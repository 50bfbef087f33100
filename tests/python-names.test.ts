import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

/**
 * Python names that are also names of JavaScript's Object.prototype (`constructor`, `toString`,
 * `__proto__`, `hasOwnProperty`, ...) are ordinary names in the facts asyncshift keeps: real code
 * (twisted, sqlalchemy) uses them as attributes, keywords, methods and module globals.
 */
describe('names that JavaScript objects also have', () => {
  const NAMES = ['constructor', 'toString', '__proto__', 'hasOwnProperty', 'valueOf', 'isPrototypeOf'];

  it.each(NAMES)('`%s` as an attribute, a keyword, a method and a global migrates like any other name', (name) => {
    const { after, result } = migrateFiles({
      'app.py': [
        'import time', '',
        `${name} = None`, '', '',
        'class Worker:',
        '    def __init__(self, factory=None):',
        `        self.${name} = factory`,
        '',
        `    def ${name}(self):`,
        '        return 1',
        '',
        '    def work(self):',
        '        time.sleep(0)',
        `        return self.${name}`,
        '', '',
        `def build(${name}=None):`,
        '    return Worker()',
        '', '',
        'class Reader:',
        '    def read(self):',
        '        time.sleep(0)',
        `        return self.${name}(1), self.${name}.x(2)`,
        '', '',
        `def helper(client, ${name}=None):`,
        '    return client.work()',
        '', '',
        'def main():',
        `    w = build(${name}=Worker)`,
        `    w.${name}()`,
        '    helper(w)',
        '    Reader().read()',
        '    return w.work()',
        '',
      ].join('\n'),
    });
    expect(result.files.filter((file) => file.outcome.status === 'failed')).toEqual([]);
    expect(after['app.py']).toContain('    async def work(self):\n        await asyncio.sleep(0)');
    expect(after['app.py']).toContain('    return await w.work()');
    expect(after['app.py']).toContain('    await Reader().read()');
  });
});
