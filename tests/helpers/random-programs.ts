/**
 * Random valid Python modules built from the shapes the transforms touch: blocking calls (sleep,
 * HTTP, subprocess, files, database) in functions, methods, generators, nested functions and
 * decorated functions, called from every kind of place (conditions, comprehensions, lambdas,
 * default arguments, f-strings, `with` items, loops, `yield from`, other modules, a main guard),
 * with comments and odd formatting between. The same seed always gives the same module.
 */

/** A small, seedable generator (mulberry32): the case that fails can be built again from its seed. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

/** Statements that block, each a few lines at most; `{v}` is a fresh local name. */
const BLOCKING = [
  'time.sleep(0)',
  'time.sleep(delay)  # back off',
  'r = requests.get(url, timeout=5)\nr.raise_for_status()',
  'data = requests.post(url, json={"k": 1}).json()',
  'with requests.Session() as s:\n    s.get(url)',
  'subprocess.run(["true"], check=True)',
  'out = subprocess.check_output(["echo", "hi"], text=True).strip()',
  'proc = subprocess.Popen(["true"])\nproc.wait()',
  'with open(path) as fh:\n    text = fh.read()',
  'with open(path, "w") as fh:\n    fh.write("x")',
  'lines = open(path).readlines()',
  'conn = psycopg2.connect(dsn)\ncur = conn.cursor()\ncur.execute("SELECT 1")\nconn.close()',
  'shutil.copy(path, path + ".bak")',
  'for root, dirs, files in os.walk("."):\n    break',
];

const CALL_PLACES = [
  '{call}',
  'x = {call}',
  'if {call}:\n    pass',
  'while {call}:\n    break',
  'assert {call} or True',
  'values = [{call} for _ in range(2)]',
  'total = sum({call} or 0 for _ in range(2))',
  'cb = lambda: {call}',
  'print(f"{{call}}")',
  'return {call}',
  'result = ({call}\n          or None)',
  'items = {"a": {call}}',
  'try:\n    {call}\nexcept Exception:\n    pass',
  'try:\n    {call}\nexcept StopIteration:\n    pass',
  'with contextlib.suppress(ValueError):\n    {call}',
  'x = [\n    {call},  # trailing comment\n]',
  'x = {call} if flag else None',
  'x = \\\n    {call}',
];

const GENERATOR_USES = [
  'for item in {call}:\n    print(item)',
  'first = next({call}, None)',
  'everything = list({call})',
  'yield from {call}',
  'it = {call}\nfor item in it:\n    break',
];

const DECORATORS = [
  '',
  '@functools.lru_cache(maxsize=None)\n',
  '@staticmethod\n',
  '@timed\n',
  '@register\n',
  '@retry(3)\n',
  '@contextlib.contextmanager\n',
];

const HEADER = [
  'import asyncio', 'import contextlib', 'import functools', 'import os', 'import shutil', 'import subprocess', 'import threading',
  'import time', 'import unittest', '', 'import pytest', '',
  'REGISTRY = []', 'url = "http://localhost:1/"', 'path = "/tmp/asyncshift-fuzz.txt"',
  'dsn = "dbname=none"', 'delay = 0', 'flag = True', '', '',
  'def timed(fn):', '    @functools.wraps(fn)', '    def wrapper(*args, **kwargs):', '        start = time.monotonic()',
  '        try:', '            return fn(*args, **kwargs)', '        finally:', '            print(time.monotonic() - start)', '    return wrapper', '', '',
  'def register(fn):', '    REGISTRY.append(fn)', '    return fn', '', '',
  'def retry(times):', '    def decorate(fn):', '        def attempt(*args, **kwargs):', '            for _ in range(times - 1):',
  '                try:', '                    return fn(*args, **kwargs)', '                except OSError:', '                    pass',
  '            return fn(*args, **kwargs)', '        return attempt', '    return decorate', '',
];

function indent(text: string, by: string): string {
  return text.split('\n').map((line) => (line ? by + line : line)).join('\n');
}

interface Callable {
  /** How it is called from a module-level function of the same module. */
  call: string;
  kind: 'function' | 'generator' | 'context-manager';
}

/**
 * One module: a few functions and a class, each with blocking statements or calls to the functions
 * before it, in random places. `imports` are modules generated before; their `f0` is called too.
 */
export function randomModule(random: Random, name: string, imports: readonly string[]): string {
  const lines = [...HEADER];
  for (const other of imports) lines.splice(HEADER.indexOf('REGISTRY = []'), 0, `import ${other}`);
  const callables: Callable[] = imports.map((other) => ({ call: `${other}.f0()`, kind: 'function' }));
  const functionCount = 2 + random.below(5);
  for (let f = 0; f < functionCount; f++) {
    const kind = random.pick<Callable['kind']>(['function', 'function', 'function', 'generator', 'context-manager']);
    const decorator = kind === 'context-manager' ? '@contextlib.contextmanager\n' : kind === 'generator' ? '' : random.pick(DECORATORS);
    const defaultCall = random.chance(0.2) && callables.length > 0 ? callables[0].call : '"x"';
    const parameters = random.chance(0.3) ? `(n=0, *, label=${defaultCall})` : '()';
    lines.push('', '', `${decorator}def f${f}${parameters}:`);
    if (random.chance(0.3)) lines.push(`    """Function ${f} of ${name}."""`);
    if (random.chance(0.2)) lines.push('    def inner():', indent(random.pick(BLOCKING), '        '), '        return 1', '', '    inner()');
    lines.push(indent(functionBody(random, callables, kind !== 'function'), '    '));
    callables.push({ call: `f${f}()`, kind });
  }
  lines.push('', '', 'class Service:', '    def __init__(self):', '        self.calls = 0');
  const methodCount = 1 + random.below(3);
  for (let m = 0; m < methodCount; m++) {
    const decorator = m === 0 ? '' : random.pick(['', '', '@staticmethod\n', '@timed\n', '@property\n']);
    const self = decorator.includes('staticmethod') ? '' : 'self';
    const sibling = m > 0 && self && random.chance(0.5) ? `self.m${random.below(m)}()` : undefined;
    lines.push('', `${indent(decorator, '    ')}    def m${m}(${self}):`, indent(functionBody(random, callables, false, sibling), '        '));
  }
  lines.push(...extraShapes(random, callables));
  lines.push('', '', 'def main():', '    service = Service()', '    service.m0()');
  for (const callable of callables.slice(0, 3)) lines.push(indent(consume(random, callable, false), '    '));
  lines.push('', '', 'if __name__ == "__main__":', '    main()', '');
  // The third-party libraries are imported where they are used, as in real modules.
  const text = lines.join('\n');
  const libraries = ['psycopg2', 'requests'].filter((library) => text.includes(`${library}.`));
  return text.replace('REGISTRY = []', [...libraries.map((library) => `import ${library}`), ...(libraries.length ? [''] : []), 'REGISTRY = []'].join('\n'));
}

function functionBody(random: Random, callables: readonly Callable[], yields: boolean, sibling?: string): string {
  const statements: string[] = [];
  const count = 1 + random.below(3);
  for (let s = 0; s < count; s++) {
    if (callables.length > 0 && random.chance(0.6)) {
      const callee = random.pick(callables);
      if (callee.kind !== 'function') statements.push(consume(random, callee, yields));
      else statements.push(random.pick(CALL_PLACES.filter((place) => !place.startsWith('return') || !yields)).replaceAll('{call}', callee.call));
    } else {
      statements.push(random.pick(BLOCKING));
    }
    if (random.chance(0.15)) statements.push('# a comment between statements');
  }
  if (sibling) statements.push(random.chance(0.5) ? sibling : `x = ${sibling} if flag else None`);
  if (yields) statements.push('yield 1');
  return statements.join('\n');
}

/** A generator is iterated (or delegated to, inside a generator), a context manager entered. */
function consume(random: Random, callable: Callable, inGenerator: boolean): string {
  if (callable.kind === 'context-manager') return `with ${callable.call}:\n    pass`;
  if (callable.kind === 'function') return callable.call;
  return random.pick(GENERATOR_USES.filter((use) => inGenerator || !use.startsWith('yield from'))).replaceAll('{call}', callable.call);
}

/** Shapes around the functions: a subclass overriding a method, callbacks, threads, tests, existing async code. */
function extraShapes(random: Random, callables: readonly Callable[]): string[] {
  const plain = callables.filter((callable) => callable.kind === 'function');
  const some = () => (plain.length > 0 ? random.pick(plain).call : 'time.sleep(0)');
  const bare = () => some().replace(/\(\)$/, '');
  const shapes: string[][] = [
    ['', '', 'class Special(Service):', '    def m0(self):', `        ${some()}`, '        return super().m0()', '',
      '    @classmethod', '    def build(cls):', `        ${some()}`, '        return cls()'],
    ['', '', 'def with_callbacks(items):', `    ordered = sorted(items, key=lambda item: ${some()} or item)`,
      `    mapped = list(map(lambda item: ${some()}, items))`, `    worker = threading.Thread(target=${bare()})`, '    worker.start()', '    worker.join()',
      '    return ordered, mapped'],
    ['', '', 'def dispatch(service, name):', '    return getattr(service, name)()'],
    ['', '', 'HANDLERS = {', `    "first": ${bare()},`, '}', '', '', 'def handle(kind):', '    return HANDLERS[kind]()'],
    ['', '', 'class TestService(unittest.TestCase):', '    def setUp(self):', `        ${some()}`, '', '    def test_m0(self):', '        Service().m0()',
      `        self.assertIsNone(${some()} and None)`],
    ['', '', 'def test_plain():', `    assert ${some()} or True`, '', '', '@pytest.fixture', 'def ready():', `    ${some()}`, '    yield True', '', '',
      'def test_with_fixture(ready):', `    ${some()}`, '    assert ready'],
    ['', '', 'async def already_async():', '    await asyncio.sleep(0)', `    ${some()}`],
    ['', '', 'COUNTER = 0', '', '', 'def bump():', '    global COUNTER', '    COUNTER += 1', `    ${some()}`, '', '',
      'def outer():', '    total = 0', '', '    def inner():', '        nonlocal total', `        ${some()}`, '        total += 1', '', '    inner()', '    return total'],
    ['', '', `MODULE_VALUE = ${some()}`],
    ['', '', 'def reads(paths):', '    contents = []', '    for p in paths:', '        with open(p) as fh:', '            contents.append(fh.read())',
      '            yield fh.readline()', '    return contents'],
  ];
  const chosen: string[] = [];
  for (const shape of shapes) if (random.chance(0.35)) chosen.push(...shape);
  return chosen;
}
