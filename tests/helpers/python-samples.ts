/**
 * Python written once for the tests that share it. `RETRY`: a plain project decorator whose wrapper
 * calls the function it wraps, sleeping once between two attempts (its `time.sleep` is line 11).
 */
export const RETRY = [
  'import functools', 'import time', '', '',
  'def retry(func):', '    @functools.wraps(func)', '    def wrapper(*args, **kwargs):', '        try:',
  '            return func(*args, **kwargs)', '        except OSError:', '            time.sleep(0)',
  '            return func(*args, **kwargs)', '    return wrapper', '', '',
].join('\n');
