import fs from 'node:fs';
import path from 'node:path';

const MODULES_PER_PACKAGE = 10;

/**
 * A generated project of about `lines` lines in which every module is relevant: each holds a
 * blocking call and calls into the next package, so the whole project is parsed, indexed and edited.
 */
export function generateProject(root: string, lines: number): { files: number; lines: number } {
  fs.mkdirSync(root, { recursive: true });
  fs.writeFileSync(path.join(root, 'pyproject.toml'), '[project]\nname = "bench"\n');
  const moduleLines = moduleText(0, 0, 1).split('\n').length;
  const packages = Math.max(1, Math.round(lines / moduleLines / MODULES_PER_PACKAGE));
  let written = 0;
  let files = 0;
  for (let p = 0; p < packages; p++) {
    const pkg = path.join(root, `pkg${p}`);
    fs.mkdirSync(pkg);
    fs.writeFileSync(path.join(pkg, '__init__.py'), '');
    for (let m = 0; m < MODULES_PER_PACKAGE; m++) {
      const text = moduleText(p, m, packages);
      written += text.split('\n').length - 1;
      files++;
      fs.writeFileSync(path.join(pkg, `mod${m}.py`), text);
    }
  }
  return { files, lines: written };
}

/** A module in the shape of real code: imports across packages, a class, helpers, a sleeping path. */
function moduleText(p: number, m: number, packages: number): string {
  const other = `pkg${(p + 1) % packages}.mod${m}`;
  const parts = [
    '"""Generated module for the asyncshift benchmark."""', '', 'import json', 'import logging', 'import time', '',
    `from ${other} import helper_0 as upstream`, '', 'log = logging.getLogger(__name__)', '', '',
    'class Service:', '    def __init__(self, name):', '        self.name = name', '        self.calls = 0', '',
    '    def poll(self, delay):', '        self.calls += 1', '        time.sleep(delay)', '        return self.calls', '',
    '    def report(self):', '        return json.dumps({"name": self.name, "calls": self.calls})', '',
  ];
  for (let f = 0; f < 20; f++) {
    parts.push('', '', `def helper_${f}(value, *, retries=3):`, '    """Transform a value, with bookkeeping."""',
      '    total = 0', '    for attempt in range(retries):', '        total += attempt * value',
      '        if total > 1000:', '            log.debug("large %s", total)', '            break',
      f % 5 === 0 ? '    Service("s").poll(0)' : '    total = upstream(total) if False else total', '    return total');
  }
  return `${parts.join('\n')}\n`;
}
