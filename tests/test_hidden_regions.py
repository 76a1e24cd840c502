"""Hidden regions hold instrumentation only: what they may do is an allow-list, read from the AST.

CONTRIBUTING.md ("What a hidden region may hold") explains each rule. In short, hidden code
may parse options, keep the timeline, measure, print and report; it may call the file's own
functions (a hidden driver runs the teaching code) and wrap them; it may not start, wait on,
lock or queue anything itself. The view must name every module it uses.
"""

from __future__ import annotations

import ast
import builtins
from pathlib import Path

import pytest

from kitchen.source_view import parse

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = sorted(
    str(p.relative_to(ROOT / "examples")) for p in (ROOT / "examples").glob("*/*.py") if not p.name.startswith("_")
)

# The kitchen's own utensils: everything in them is timing, measuring or option checking.
# The network chapter's _service (the stall: a server the examples phone, someone else's server
# in a reader's program, and the tools that measure the clients) and _loadgen (a load
# generator in its own process) are its surroundings and measuring tools, not the code taught.
LOCAL_HELPERS = {"_kitchen", "_bench", "_service", "_loadgen"}

# Builtins that compute, format or print; nothing here waits, starts or shares.
BUILTIN_CALLS = {
    "print", "str", "repr", "int", "float", "bool", "len", "max", "min", "sum", "sorted", "list",
    "dict", "set", "tuple", "range", "enumerate", "zip", "round", "abs", "any", "all", "next",
    "iter", "isinstance", "hasattr", "getattr", "type", "format", "super", "divmod", "map", "filter",
    "bytes", "__import__",  # a parcel to weigh; whether a module can be imported here at all
    "SystemExit",  # raise SystemExit(message): the one-line error
}

# Standard-library calls that read the clock or the machine, find files, print or exit.
# "module.*" allows every function of a module that only describes the interpreter.
LIBRARY_CALLS = {
    "sys.path.append", "sys.path.insert", "sys.exit", "sys.stdout.write", "sys.stdout.flush",
    "sys.stderr.write", "sys.version.split", "sys._is_gil_enabled", "pathlib.Path", "platform.*",
    "sysconfig.get_config_var", "os.getpid", "os.cpu_count", "os.sched_getaffinity",
    "os.environ.get", "os.path.*", "os.getloadavg", "os.getuid", "os.process_cpu_count",
    "shutil.which", "functools.partial", "asyncio.iscoroutinefunction", "time.perf_counter", "time.monotonic",
    "time.process_time",
    "time.thread_time", "json.dumps", "json.loads", "functools.wraps", "tracemalloc.*",
    "inspect.getcoroutinestate", "logging.basicConfig", "logging.getLogger", "math.*", "re.*",
    "collections.Counter", "itertools.count", "random.*", "numpy.random.*",  # seeded data
    "tempfile.*",  # a scratch folder for what a measurement writes
    "statistics.*",  # the median of measured rounds
    # Observing, for a label or a count: which thread or task is this, how many are there.
    "threading.current_thread", "threading.get_ident", "threading.active_count",
    "multiprocessing.active_children", "multiprocessing.current_process", "asyncio.current_task",
    "multiprocessing.get_start_method", "asyncio.get_running_loop", "multiprocessing.parent_process",
    "threading.get_native_id", "threading.enumerate",
    # Per-thread storage for a measurement; it starts and shares nothing.
    "threading.local",
    # Turning the --start-method option into a context; it starts nothing.
    "multiprocessing.get_context",
}

# Methods of options, clocks, strings, paths, containers and finished futures: they parse,
# time, format, read or count. Not here: submit, map, start, join, get, put, acquire, wait...
METHODS = {
    "add_argument", "add_argument_group", "add_mutually_exclusive_group", "parse_args", "error",
    "print_help", "set_defaults", "step", "log", "elapsed", "get_start_method",
    "items", "keys", "values", "count", "index", "update", "append", "extend", "add", "clear",
    "copy", "setdefault", "sort", "pop", "split", "splitlines", "strip", "rstrip", "lstrip", "startswith",
    "endswith", "format", "replace", "lower", "upper", "encode", "decode", "resolve", "read_text",
    "with_name", "is_dir", "is_file", "exists", "relative_to", "addHandler", "setLevel",
    "rsplit", "partition", "choice", "glob", "write_text", "unlink", "rmdir", "mkdir",
    "done", "cancelled", "cancelling", "get_coro", "qsize", "mean",
    "locked",  # whether a lock or semaphore is taken: a reading, like qsize()
    "__init__",  # super().__init__() in a hidden wrapper class
    "getMessage",  # a logging record's text, kept by a hidden handler
}

# Reading the outcome of a future or task is allowed where the same statement first asks
# whether it has finished (done() or cancelled()): then nothing waits.
OUTCOMES = {"result", "exception"}

# Examples whose hidden code does more than the allow-list knows as instrumentation, and
# what. Move that code into the view (or into _kitchen when it measures), then remove the
# name: the test fails while a name listed here has become clean.
HIDES_MORE = {
    "multiprocessing/print_order_from_workers.py": "the child's part starts and joins two threads",
    "multiprocessing/sending_ingredients.py": "the repeated sends (pool.submit, pickle.dumps)",
    "stuck/asyncio_ps_lists_stuck_tasks.py": "the child says 'stuck' through loop.call_later",
    "stuck/py_spy_dump.py": "asks py-spy its version with subprocess.run",
    "safety/closing_the_tray.py": "the threads version: a Queue, two cook threads, put, shutdown, join",
    "combining/front_of_house_process_kitchen.py": "the freeze-measuring ticker is an asyncio task; "
                                                   "the driver opens the pools",
    "chain/branch_kitchens.py": "the Dask client's set-up and the local process pool it races",
    "coroutines/whose_order_is_it.py": "threads started and joined, and an asyncio.gather",
    "measured/scaling.py": "pool_startup() starts a process pool to time its start-up",
    "measured/showdown.py": "runs its threads again under a free-threaded interpreter (subprocess.run)",
    "measured/cost_of_a_chef.py": "measures each configuration in a fresh interpreter (subprocess.run), "
                                  "walks the process tree through /proc (a measuring tool: _kitchen?) "
                                  "and counts re-import notes in a scratch folder",
    "multiprocessing/tiny_orders_chunksize.py": "every worker reports its CPU time at a Barrier, and the "
                                                "driver opens the pool (a measuring tool: _kitchen?)",
}

# Hidden code may run the teaching code; these start the one event loop a driver needs.
DRIVERS = {"asyncio.run"}


def dotted(node: ast.AST) -> list[str] | None:
    """`a.b.c` as ["a", "b", "c"]; None when the chain starts at a call or an expression."""
    parts = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        return [node.id, *reversed(parts)]
    return None


class Region:
    """What one example's file binds, so a hidden call can be judged by what it calls."""

    def __init__(self, tree: ast.Module):
        self.imported: dict[str, str] = {}  # local name -> qualified name
        self.helpers: set[str] = set()  # names from _kitchen/_bench
        self.defined: set[str] = set()  # functions and classes anywhere in the file
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for a in node.names:
                    if a.name in LOCAL_HELPERS:
                        self.helpers.add(a.asname or a.name)
                    elif a.asname:
                        self.imported[a.asname] = a.name
                    else:
                        self.imported[a.name.split(".")[0]] = a.name.split(".")[0]
            elif isinstance(node, ast.ImportFrom) and node.module:
                for a in node.names:
                    if node.module in LOCAL_HELPERS:
                        self.helpers.add(a.asname or a.name)
                    else:
                        self.imported[a.asname or a.name] = f"{node.module}.{a.name}"
            elif isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
                self.defined.add(node.name)

    def call_problem(self, call: ast.Call, in_wrapper: bool, statement: ast.AST) -> str | None:
        parts = dotted(call.func)
        if isinstance(call.func, ast.Attribute) and call.func.attr in OUTCOMES:
            target = ast.dump(call.func.value)
            if any(isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute)
                   and n.func.attr in ("done", "cancelled") and ast.dump(n.func.value) == target
                   for n in ast.walk(statement)):
                return None
        if parts is None:  # e.g. kitchen_parser(...).parse_args(), "".join(...)
            func = call.func
            if isinstance(func, ast.Attribute):
                if func.attr == "join" and isinstance(func.value, (ast.Constant, ast.JoinedStr)):
                    return None  # str.join
                return None if func.attr in METHODS else f"calls .{func.attr}()"
            return "calls the result of an expression"
        root, rest = parts[0], parts[1:]
        if root in self.helpers or root in self.defined and not rest:
            return None
        if root in self.imported:
            name = ".".join([self.imported[root], *rest])
            if name in LIBRARY_CALLS or any(
                    w.endswith(".*") and name.startswith(w[:-1]) for w in LIBRARY_CALLS):
                return None
            if name in DRIVERS:
                runs = call.args[0] if call.args else None
                callee = (dotted(runs.func) or [""])[0] if isinstance(runs, ast.Call) else ""
                if callee and callee not in self.imported:
                    return None  # asyncio.run(main(...)): this file's own coroutine, or a driver's loop variable
                return f"calls {name}() on something this file does not define"
            return f"calls {name}()"
        if not rest:
            if root in dir(builtins):
                return None if root in BUILTIN_CALLS else f"calls {root}()"
            return None  # a parameter or local: a wrapper calling what it wraps, a driver's loop variable
        if root == "self" and len(rest) == 2 and in_wrapper:
            return None  # a wrapper class calling the object it wraps (self.<wrapped>.<method>)
        if root == "self" and len(rest) == 1:
            return None  # the class's own method
        if rest[-1] in METHODS or root in self.defined:
            return None
        return f"calls {'.'.join(parts)}()"


def problems(source: str, name: str) -> list[str]:
    view = parse(source, name)
    tree = ast.parse(source)
    region = Region(tree)
    hidden: set[int] = set()
    for first, last in view.hidden:
        hidden.update(range(first, last + 1))
    found: list[str] = []

    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}

    def statement_of(node: ast.AST) -> ast.AST:
        while not isinstance(node, ast.stmt) and node in parents:
            node = parents[node]
        return node

    def judge(node: ast.AST, in_wrapper: bool) -> None:
        for sub in ast.walk(node):
            line = getattr(sub, "lineno", node.lineno)
            if isinstance(sub, ast.Call):
                if why := region.call_problem(sub, in_wrapper, statement_of(sub)):
                    found.append(f"{name}:{line}: hidden code {why}")
            elif isinstance(sub, (ast.With, ast.AsyncWith)):
                for item in sub.items:
                    if not isinstance(item.context_expr, ast.Call):
                        found.append(f"{name}:{line}: hidden code enters {ast.unparse(item.context_expr)}")
            elif isinstance(sub, ast.Await) and not isinstance(sub.value, ast.Call):
                found.append(f"{name}:{line}: hidden code awaits {ast.unparse(sub.value)}")

    def visit(body: list[ast.stmt], in_class: bool) -> None:
        for stmt in body:
            for decorator in getattr(stmt, "decorator_list", []):  # e.g. @timed(...)  # kitchen: hide
                if set(range(decorator.lineno, decorator.end_lineno + 1)) <= hidden:
                    if not isinstance(decorator, ast.Call):  # @name applies name: a call too
                        decorator = ast.copy_location(ast.Call(decorator, [], []), decorator)
                        parents[decorator] = stmt
                    judge(decorator, in_wrapper=False)
            lines = set(range(stmt.lineno, stmt.end_lineno + 1))
            if lines <= hidden:
                if isinstance(stmt, ast.ClassDef):
                    for item in stmt.body:
                        judge(item, in_wrapper=True)
                    for base in stmt.bases:
                        judge(base, in_wrapper=True)
                else:
                    judge(stmt, in_wrapper=in_class)
                continue
            header_end = stmt.body[0].lineno if isinstance(getattr(stmt, "body", None), list) else stmt.end_lineno + 1
            code = source.splitlines()
            cut = [n for n in range(stmt.lineno, header_end)  # comment lines (markers) are no header
                   if n in hidden and not code[n - 1].strip().startswith("#")]
            if cut or (lines & hidden and not hasattr(stmt, "body")):
                found.append(f"{name}:{min(lines & hidden)}: a hidden region cuts a statement in two")
                continue
            for field in ("body", "orelse", "finalbody"):
                visit(getattr(stmt, field, []) or [], in_class or isinstance(stmt, ast.ClassDef))
            for handler in getattr(stmt, "handlers", []):
                visit(handler.body, in_class)

    visit(tree.body, False)
    found += view_needs_hidden(view.text, region, tree, hidden, name)
    return found


def view_needs_hidden(text: str, region: Region, tree: ast.Module, hidden: set[int], name: str) -> list[str]:
    """Modules the view uses whose import is hidden: a reader copying the view needs them."""
    hidden_imports = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Import, ast.ImportFrom)) and node.lineno in hidden:
            if isinstance(node, ast.ImportFrom) and node.module in LOCAL_HELPERS:
                continue
            hidden_imports |= {a.asname or a.name.split(".")[0] for a in node.names}
    shown_imports = set()
    try:
        view = ast.parse(text)
    except SyntaxError as exc:
        return [f"{name}: the view is not valid Python ({exc.msg}, view line {exc.lineno})"]
    for node in ast.walk(view):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            shown_imports |= {a.asname or a.name.split(".")[0] for a in node.names}
    used = {n.id for n in ast.walk(view) if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    missing = sorted((used & hidden_imports) - shown_imports)
    return [f"{name}: the view uses {m} but its import is hidden" for m in missing]


@pytest.mark.parametrize("example", EXAMPLES)
def test_hidden_regions_hold_only_instrumentation(example):
    found = problems((ROOT / "examples" / example).read_text(encoding="utf-8"), example)
    if example in HIDES_MORE:
        assert found, f"{example} hides only instrumentation now: remove it from HIDES_MORE"
    else:
        assert found == []


def test_hides_more_names_only_existing_examples():
    assert sorted(set(HIDES_MORE) - set(EXAMPLES)) == []


BAD = '''import threading
from concurrent.futures import ThreadPoolExecutor

# kitchen: hide-start
import sys
from _kitchen import Clock, kitchen_parser
# kitchen: hide-end


def chef(lock):
    with lock:
        pass


# kitchen: hide-start
def main():
    args = kitchen_parser("x", scale=1).parse_args()
    clock = Clock(args.scale)
    lock = threading.Lock()
    with ThreadPoolExecutor() as pool:
        with clock.step("chef", "cooking", kind="work"):
            pool.submit(chef, lock).result()
    with lock:
        print(sys.argv)
# kitchen: hide-end
'''


def test_the_allow_list_catches_concurrency_hidden_in_a_driver():
    found = problems(BAD, "bad.py")
    assert sorted(f.split(": ", 1)[1] for f in found) == [
        "hidden code calls .result()",
        "hidden code calls concurrent.futures.ThreadPoolExecutor()",
        "hidden code calls pool.submit()",
        "hidden code calls threading.Lock()",
        "hidden code enters lock",
    ]


def test_a_hidden_decorator_is_judged_too():
    source = ("import functools\n\n\n@functools.lru_cache  # kitchen: hide\ndef f():\n    pass\n\n\n"
              "@functools.cache()  # kitchen: hide\ndef g():\n    pass\n")
    assert problems(source, "x.py") == ["x.py:4: hidden code calls functools.lru_cache()",
                                        "x.py:9: hidden code calls functools.cache()"]


def test_a_view_that_needs_a_hidden_import_is_caught():
    source = "# kitchen: hide-start\nimport time\n# kitchen: hide-end\ntime.sleep(1)\n"
    assert problems(source, "x.py") == ["x.py: the view uses time but its import is hidden"]
