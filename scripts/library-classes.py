"""Writes src/analyze/library-classes.json: the public methods of library classes that projects
commonly subclass, read from the libraries themselves (run with the system Python).

A project method that overrides one of these is called by the library, synchronously: it keeps the
base's colour. A method whose name the base does not define is the project's own. Bases not listed
are unknown: their subclasses' methods stay sync (asyncshift cannot tell what they override).

    python3 scripts/library-classes.py > src/analyze/library-classes.json
"""

import builtins
import importlib
import inspect
import json
import sys

# Library classes that are often subclassed, by qualified name. A class that cannot be imported here
# is left out (and so stays "unknown").
COMMON_BASES = [
    "threading.Thread", "threading.Timer",
    "socketserver.BaseServer", "socketserver.TCPServer", "socketserver.UDPServer", "socketserver.ThreadingMixIn",
    "socketserver.ForkingMixIn", "socketserver.BaseRequestHandler", "socketserver.StreamRequestHandler",
    "socketserver.DatagramRequestHandler", "socketserver.ThreadingTCPServer",
    "http.server.HTTPServer", "http.server.ThreadingHTTPServer", "http.server.BaseHTTPRequestHandler",
    "http.server.SimpleHTTPRequestHandler",
    "logging.Handler", "logging.StreamHandler", "logging.FileHandler", "logging.Formatter", "logging.Filter",
    "logging.LoggerAdapter", "logging.Logger", "logging.handlers.RotatingFileHandler",
    "logging.handlers.TimedRotatingFileHandler", "logging.handlers.QueueHandler", "logging.handlers.BufferingHandler",
    "logging.handlers.MemoryHandler", "logging.handlers.SysLogHandler", "logging.handlers.HTTPHandler",
    "json.JSONEncoder", "json.JSONDecoder",
    "unittest.TestCase", "unittest.IsolatedAsyncioTestCase", "unittest.TestSuite", "unittest.TextTestRunner",
    "unittest.TestResult", "unittest.TextTestResult",
    "argparse.Action", "argparse.ArgumentParser", "argparse.HelpFormatter", "argparse.RawDescriptionHelpFormatter",
    "argparse.RawTextHelpFormatter", "argparse.ArgumentDefaultsHelpFormatter", "argparse.Namespace",
    "cmd.Cmd", "code.InteractiveConsole", "code.InteractiveInterpreter",
    "html.parser.HTMLParser", "xml.sax.handler.ContentHandler", "xml.sax.handler.ErrorHandler",
    "ast.NodeVisitor", "ast.NodeTransformer", "string.Formatter", "string.Template",
    "queue.Queue", "queue.LifoQueue", "queue.PriorityQueue",
    "collections.OrderedDict", "collections.defaultdict", "collections.UserDict", "collections.UserList",
    "collections.UserString", "collections.Counter", "collections.ChainMap",
    "collections.abc.Mapping", "collections.abc.MutableMapping", "collections.abc.Sequence",
    "collections.abc.MutableSequence", "collections.abc.Set", "collections.abc.MutableSet",
    "collections.abc.Iterator", "collections.abc.Iterable", "collections.abc.Callable",
    "collections.abc.Container", "collections.abc.Sized", "collections.abc.Hashable",
    "typing.Mapping", "typing.MutableMapping", "typing.Sequence", "typing.Iterator", "typing.Iterable",
    "typing.NamedTuple", "typing.TypedDict", "typing.Generic", "typing.Protocol",
    "abc.ABC", "enum.Enum", "enum.IntEnum", "enum.Flag", "enum.IntFlag",
    "contextlib.ContextDecorator", "contextlib.AbstractContextManager", "contextlib.ExitStack",
    "io.IOBase", "io.RawIOBase", "io.BufferedIOBase", "io.TextIOBase", "io.StringIO", "io.BytesIO",
    "urllib.request.BaseHandler", "urllib.request.HTTPHandler", "urllib.request.HTTPRedirectHandler",
    "urllib.request.OpenerDirector", "http.client.HTTPConnection", "http.client.HTTPSConnection",
    "http.cookiejar.CookieJar", "email.message.Message", "configparser.ConfigParser",
    "configparser.RawConfigParser", "pickle.Pickler", "pickle.Unpickler", "shlex.shlex",
    "multiprocessing.Process", "concurrent.futures.Executor", "concurrent.futures.ThreadPoolExecutor",
    "asyncio.Protocol", "asyncio.DatagramProtocol", "asyncio.SubprocessProtocol", "asyncio.BaseEventLoop",
    "tkinter.Frame", "tkinter.Tk", "zipfile.ZipFile", "tarfile.TarFile", "pathlib.Path", "pathlib.PurePath",
    "datetime.tzinfo", "datetime.datetime", "datetime.date", "decimal.Decimal", "fractions.Fraction",
    "numbers.Number", "weakref.WeakValueDictionary", "types.SimpleNamespace", "types.ModuleType",
    "setuptools.Command", "setuptools.command.build_py.build_py", "setuptools.command.install.install",
    "setuptools.command.develop.develop", "setuptools.command.sdist.sdist", "setuptools.command.test.test",
    "setuptools.command.build_ext.build_ext", "setuptools.Extension", "distutils.cmd.Command",
    "click.Command", "click.Group", "click.MultiCommand", "click.ParamType", "click.Option", "click.Argument",
    "click.Context", "click.Parameter",
    "requests.Session", "requests.auth.AuthBase", "requests.adapters.HTTPAdapter", "requests.adapters.BaseAdapter",
    "requests.Response", "requests.Request", "requests.PreparedRequest",
    "httpx.Auth", "httpx.AsyncClient", "httpx.Client", "httpx.AsyncBaseTransport", "httpx.BaseTransport",
    "psycopg2.extensions.connection", "psycopg2.extensions.cursor", "psycopg2.extras.DictCursor",
    "psycopg2.extras.RealDictCursor", "psycopg2.extras.LoggingConnection",
    "pytest.Item", "pytest.File", "pytest.Module", "pytest.Class",
    "fastapi.FastAPI", "fastapi.APIRouter", "starlette.middleware.base.BaseHTTPMiddleware",
    "starlette.endpoints.HTTPEndpoint", "pydantic.BaseModel",
    # Model bases made by an instance (`db = SQLAlchemy(app)`, `class User(db.Model)`), named the way
    # asyncshift resolves them.
    "flask_sqlalchemy.SQLAlchemy().Model", "flask_login.UserMixin", "flask_login.AnonymousUserMixin",
]


# Dunder methods with an async form: a base that defines them drives them itself.
PROTOCOL_DUNDERS = {"__enter__", "__exit__", "__iter__", "__next__", "__call__"}


def public_methods(cls):
    names = set()
    for klass in inspect.getmro(cls):
        if klass is object:
            continue
        for name in vars(klass):
            if name.startswith("__") and name.endswith("__") and name not in PROTOCOL_DUNDERS:
                continue
            names.add(name)
    return sorted(names)


def resolve(dotted):
    parts = dotted.split(".")
    for cut in range(len(parts) - 1, 0, -1):
        try:
            value = importlib.import_module(".".join(parts[:cut]))
        except Exception:
            continue
        try:
            for attribute in parts[cut:]:
                # `Factory()`: the attribute of an instance made with no arguments.
                called = attribute.endswith("()")
                value = getattr(value, attribute[:-2] if called else attribute)
                if called:
                    value = value()
        except (AttributeError, TypeError):
            return None
        return value
    return None


def main():
    classes = {}
    for dotted in COMMON_BASES:
        cls = resolve(dotted)
        if inspect.isclass(cls):
            classes[dotted] = public_methods(cls)
    # Builtin types and exceptions, as `builtins.X`: `class ApiError(Exception)`, `class Registry(dict)`.
    for name, value in vars(builtins).items():
        if inspect.isclass(value) and not name.startswith("_"):
            classes[f"builtins.{name}"] = public_methods(value)
    json.dump({"python": sys.version.split()[0], "classes": classes}, sys.stdout, indent=0, sort_keys=True)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
