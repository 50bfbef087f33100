/** The standard library's top-level modules (those a project is likely to import). */
const STDLIB = new Set(`
abc argparse array ast asyncio atexit base64 bdb binascii bisect builtins bz2 calendar cgi cmath cmd
code codecs collections colorsys compileall concurrent configparser contextlib contextvars copy copyreg
cProfile csv ctypes curses dataclasses datetime dbm decimal difflib dis doctest email encodings enum
errno faulthandler fcntl filecmp fileinput fnmatch fractions ftplib functools gc getopt getpass gettext
glob graphlib grp gzip hashlib heapq hmac html http imaplib importlib inspect io ipaddress itertools json
keyword linecache locale logging lzma mailbox marshal math mimetypes mmap multiprocessing netrc
numbers operator optparse os pathlib pdb pickle pkgutil platform plistlib poplib posix pprint profile
pstats pty pwd py_compile queue quopri random re readline reprlib resource runpy sched secrets select
selectors shelve shlex shutil signal site smtplib socket socketserver sqlite3 ssl stat statistics
string struct subprocess sys sysconfig syslog tarfile tempfile termios textwrap threading time timeit
tkinter token tokenize tomllib trace traceback tracemalloc tty turtle types typing unicodedata unittest
urllib uuid venv warnings wave weakref webbrowser wsgiref xml xmlrpc zipapp zipfile zipimport zlib zoneinfo
`.split(/\s+/).filter(Boolean));

/** Is `module` (dotted) part of the standard library? */
export function isStdlibModule(module: string): boolean {
  return STDLIB.has(module.split('.')[0]);
}
