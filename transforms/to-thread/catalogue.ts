/**
 * Known blocking calls with no async twin among the seed transforms, by qualified name (`()` marks an
 * instance: `sqlite3.connect().execute`). Sources: flake8-async / ruff ASYNC2xx, and the api-mapping
 * caveats for each family.
 *
 * How each entry is handled:
 * - `call`: the call completes the work → `await asyncio.to_thread(fn, *args, **kwargs)`.
 * - `iterator`: lazy (os.walk, glob.iglob, Path.iterdir): iterated in place → drained in the thread
 *   with `list` (lazy becomes eager); any other use is reported.
 * - `read-through`: urlopen: the response must be read in the thread too → the whole
 *   `urlopen(...).read()` runs in one `to_thread(lambda: ...)`; any other use is reported.
 * - `session`: an object bound to one thread or one session (sqlite3 connections, SMTP/FTP
 *   sessions, zip/tar/gzip archives, http.client connections): consecutive `to_thread` calls may run
 *   on different threads, so its whole life moves into one thread call (`sessions.ts`): the `with`
 *   block it opens, or the statements from `x = ctor(...)` to `x.close()`; any other use is reported.
 * - `review`: left as it is and reported (blocking sockets: their async form is a different API).
 */
import { PATH_VALUE } from '../open-aiofiles/file-blocks.js';

export type Handling = 'call' | 'iterator' | 'read-through' | 'session' | 'review';

export interface Entry {
  handling: Handling;
  /** Another transform converts this call: bridge it only when that transform is off. */
  owner?: string;
  /** That transform converts the object the call is made on, wherever the object is built. */
  convertsObject?: boolean;
  /** Reported with the bridge (or, for `review` and an unbridged `session`, instead of it). */
  note?: string;
  session?: Session;
}

/** What a thread-bound object needs to live in one thread call. */
export interface Session {
  /** What the object is, for messages. */
  what: string;
  /** Methods that end the session in the `x = ctor(...)` … `x.close()` shape. */
  closers: string[];
  /** Methods whose result stays bound to the object (a cursor, an open member): it must not leave the thread. */
  boundResults: string[];
}

const call: Entry = { handling: 'call' };
const iterator: Entry = { handling: 'iterator' };

const SHUTIL = ['copy', 'copy2', 'copyfile', 'copyfileobj', 'copymode', 'copystat', 'copytree', 'rmtree', 'move',
  'make_archive', 'unpack_archive', 'disk_usage', 'chown', 'which'];
const HTTP_VERBS = ['get', 'options', 'head', 'post', 'put', 'patch', 'delete', 'request'];
const PSYCOPG_CURSOR = ['execute', 'executemany', 'callproc', 'fetchone', 'fetchmany', 'fetchall', 'copy_from', 'copy_to', 'copy_expert'];

function entries(): Map<string, Entry> {
  const map = new Map<string, Entry>();
  const add = (names: string[], entry: Entry) => { for (const name of names) map.set(name, entry); };

  add(SHUTIL.map((name) => `shutil.${name}`), call);
  add(['glob.glob'], call);
  add(['os.walk', 'os.fwalk', 'os.scandir', 'glob.iglob'], iterator);
  add(['iterdir', 'glob', 'rglob'].map((name) => `pathlib.Path().${name}`), iterator);
  add(['os.wait', 'os.wait3', 'os.wait4', 'os.waitid', 'os.waitpid', 'os.sendfile', 'os.fsync', 'os.fdatasync'], call);
  add(['tempfile.mkstemp', 'tempfile.mkdtemp'], call);
  add(['hashlib.file_digest', 'filecmp.cmp', 'filecmp.cmpfiles'], call);
  add(['urllib.request.urlretrieve'], call);
  // On a sync file (open-aiofiles rewrites them itself where it converts the file).
  add(['pickle.load', 'pickle.dump', 'json.load', 'json.dump', 'marshal.load', 'marshal.dump'], call);
  add(['urllib.request.urlopen'], { handling: 'read-through' });
  add(['socket.getaddrinfo', 'socket.gethostbyname', 'socket.gethostbyname_ex', 'socket.gethostbyaddr', 'socket.getfqdn'], call);
  add(['builtins.input'], { handling: 'call', note: 'input() in a worker thread cannot be cancelled: shutting the loop down waits for the user' });
  add(['getpass.getpass'], { handling: 'call', note: 'getpass() in a worker thread cannot be cancelled: shutting the loop down waits for the user' });
  add([...HTTP_VERBS.map((verb) => `httpx.${verb}`), 'urllib3.request'], call);

  const session = (session: Session, note: string): Entry => ({ handling: 'session', session, note });
  add(['sqlite3.connect'], session(
    { what: 'sqlite3 connection', closers: ['close'], boundResults: ['cursor', 'execute', 'executemany', 'executescript', 'blobopen'] },
    'sqlite3 connections refuse use from another thread (check_same_thread) and consecutive to_thread calls may run on different threads: it stays on the event loop; move connect+queries+close into one asyncio.to_thread call'));
  add(['socket.socket', 'socket.create_connection', 'socket.create_server', 'socket.socketpair'], { handling: 'review', note: 'a blocking socket stays on the event loop: use asyncio.open_connection streams or loop.sock_* on a non-blocking socket' });
  add(['http.client.HTTPConnection', 'http.client.HTTPSConnection'], session(
    { what: 'http.client connection', closers: ['close'], boundResults: ['getresponse'] },
    'an http.client connection stays on the event loop: move the whole exchange into one asyncio.to_thread call, or use an async HTTP client'));
  add(['smtplib.SMTP', 'smtplib.SMTP_SSL', 'smtplib.LMTP'], session(
    { what: 'SMTP session', closers: ['quit', 'close'], boundResults: [] },
    'an SMTP session stays on the event loop: move the whole session into one asyncio.to_thread call'));
  add(['ftplib.FTP', 'ftplib.FTP_TLS'], session(
    { what: 'FTP session', closers: ['quit', 'close'], boundResults: ['transfercmd', 'ntransfercmd'] },
    'an FTP session stays on the event loop: move the whole session into one asyncio.to_thread call'));
  const archive = (boundResults: string[]) => session(
    { what: 'archive', closers: ['close'], boundResults },
    'an archive object is not thread-safe and stays on the event loop: move the whole with block into one asyncio.to_thread call');
  add(['zipfile.ZipFile'], archive(['open']));
  add(['tarfile.open', 'tarfile.TarFile'], archive(['extractfile']));
  add(['gzip.open', 'bz2.open', 'lzma.open'], archive([]));

  // Converted by other transforms; bridged here only when they are not selected.
  add(['time.sleep'], { handling: 'call', owner: 'time-sleep' });
  // `convertsObject`: the object is converted where it is built (a client made in `__init__`), so
  // code kept sync in a thread would get the async object.
  add(HTTP_VERBS.map((verb) => `requests.${verb}`), { handling: 'call', owner: 'requests-httpx' });
  add([...[...HTTP_VERBS, 'send'].map((verb) => `requests.Session().${verb}`), ...[...HTTP_VERBS, 'send'].map((verb) => `requests.session().${verb}`)],
    { handling: 'call', owner: 'requests-httpx', convertsObject: true });
  add(['subprocess.run', 'subprocess.call', 'subprocess.check_call', 'subprocess.check_output', 'subprocess.getoutput',
    'subprocess.getstatusoutput', 'os.system'], { handling: 'call', owner: 'subprocess-asyncio' });
  add(['subprocess.Popen().communicate', 'subprocess.Popen().wait'], { handling: 'call', owner: 'subprocess-asyncio', convertsObject: true });
  add(['psycopg2.connect', 'psycopg2.connect().commit', 'psycopg2.connect().rollback', 'psycopg2.connect().close',
    ...PSYCOPG_CURSOR.map((method) => `psycopg2.connect().cursor().${method}`)], { handling: 'call', owner: 'psycopg2-asyncpg', convertsObject: true });
  add(['read_text', 'write_text', 'read_bytes', 'write_bytes'].map((method) => `pathlib.Path().${method}`), { handling: 'call', owner: 'open-aiofiles' });
  return map;
}

const CATALOGUE: ReadonlyMap<string, Entry> = entries();

/**
 * The entry for a call, or one for a user-configured name (`[tool.asyncshift] blocking`). A
 * configured `mylib.Client.fetch` also matches calls on instances (`mylib.Client().fetch`).
 */
export function lookup(qualifiedName: string, blocking: readonly string[]): Entry | undefined {
  const known = CATALOGUE.get(qualifiedName.replace(PATH_VALUE, 'pathlib.Path()'));
  if (known) return known;
  const plain = qualifiedName.replace(/\(\)/g, '');
  return blocking.some((name) => name === qualifiedName || name === plain) ? call : undefined;
}

/** Where a library class is defined under another name than the one the catalogue uses. */
const CLASS_ALIASES: Record<string, string> = { 'requests.sessions.Session': 'requests.Session' };

/**
 * The methods of a library class that block and run whole in a thread (`call` entries), which a
 * project subclass inherits: `get`, `post`, ... for `requests.Session`. A configured
 * `mylib.Client.fetch` counts for `mylib.Client`.
 */
export function inheritedBlockingMethods(libraryClass: string, blocking: readonly string[]): string[] {
  const name = CLASS_ALIASES[libraryClass] ?? libraryClass;
  const methods: string[] = [];
  for (const [qualified, entry] of CATALOGUE) {
    if (entry.handling === 'call' && qualified.startsWith(`${name}().`) && !qualified.slice(name.length + 3).includes('.')) methods.push(qualified.slice(name.length + 3));
  }
  for (const configured of blocking) {
    const dot = configured.lastIndexOf('.');
    if (configured.slice(0, dot) === name) methods.push(configured.slice(dot + 1));
  }
  return methods;
}

/** Per module a catalogued call can come from, the names it is called by (builtins and `Path` methods under ''). */
const CALLED_NAMES: ReadonlyMap<string, RegExp> = (() => {
  const leaves = new Map<string, Set<string>>();
  for (const [name, entry] of CATALOGUE) {
    // Thread-bound blocks, reported calls and calls another transform owns never seed.
    if (entry.handling === 'session' || entry.handling === 'review' || entry.owner) continue;
    const module = /^(builtins|pathlib)\./.test(name) ? '' : name.split('.')[0];
    (leaves.get(module) ?? leaves.set(module, new Set()).get(module)!).add(name.split('.').at(-1)!);
  }
  return new Map([...leaves].map(([module, names]) => [module, calledBy(names)]));
})();

/**
 * A text test for files that may hold a call the bridge converts: one of the names it is called by,
 * in a file that names its module. A file this rejects cannot seed (prefilter.ts).
 */
export function mayHoldBlockingCall(text: string, blocking: readonly string[]): boolean {
  for (const [module, called] of CALLED_NAMES) if ((module === '' || text.includes(module)) && called.test(text)) return true;
  return blocking.length > 0 && configuredCalls(blocking).test(text);
}

/** Asked once per file with the same configured list: its pattern is built once. */
const CONFIGURED_CALLS = new WeakMap<readonly string[], RegExp>();

function configuredCalls(blocking: readonly string[]): RegExp {
  let pattern = CONFIGURED_CALLS.get(blocking);
  if (!pattern) CONFIGURED_CALLS.set(blocking, pattern = calledBy(blocking.map((name) => name.split('.').at(-1)!)));
  return pattern;
}

function calledBy(names: Iterable<string>): RegExp {
  return new RegExp(`\\b(?:${[...names].join('|')})\\s*\\(`);
}
