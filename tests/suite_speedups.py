"""The test suite's own speed-ups, installed by ``tests/conftest.py``: Werkzeug's URL builders
compiled once per process and Jinja's compiled templates shared by every test's app.

``tests/test_speedups.py`` checks that they change nothing an app does.
"""

from jinja2 import BytecodeCache


def _memoise_url_builders() -> None:
    """Compile each URL builder of Werkzeug's router once per process instead of once per app.

    Every test builds its own app, and ``create_app`` spent about three quarters of its CPU
    (~140 of 190 ms, ~1,700 apps per run) in ``Rule._compile_builder``: an ``ast`` tree and a
    ``compile()`` for each of the ~260 rules, twice. The function it returns depends only on the
    rule's parts (``_trace``), the names of its defaults and ``append_unknown``; it reaches the
    rule and its converters through its ``.self`` argument at call time, so one function serves
    the same rule in every app. A default that fills a part of the path is folded in through the
    converter: those few rules are compiled as before. ``tests/test_speedups.py`` checks that
    every rule builds the same URLs either way.
    """
    from werkzeug.routing.rules import Rule

    original = getattr(Rule, "_compile_builder", None)
    if original is None or getattr(original, "memoised", False) or not hasattr(Rule, "compile"):
        return
    builders: dict[tuple, object] = {}

    def compile_builder(self, append_unknown=True):
        defaults = self.defaults or {}
        trace = tuple(self._trace)
        if any(dynamic and part in defaults for dynamic, part in trace):
            return original(self, append_unknown)
        key = (trace, tuple(sorted(defaults)), append_unknown)
        if key not in builders:
            builders[key] = original(self, append_unknown)
        return builders[key]

    compile_builder.memoised = True
    compile_builder.original = original
    Rule._compile_builder = compile_builder


class _TemplateCode(BytecodeCache):
    """Jinja's compiled templates kept in memory for the process, shared by every test's app.

    Each new app has a new Jinja environment, which parsed and compiled every template a test
    renders again (~15 % of a test's CPU in a profile of tests/processes). Jinja's own bytecode
    cache (the mechanism behind ``FileSystemBytecodeCache``) checks the template source's
    checksum on every load; the code is kept per set of compile-time settings of the environment
    (delimiters, extensions, filters and tests, autoescape, finalize), so an app configured
    differently never gets another's code.
    """

    def __init__(self):
        self.code: dict[tuple, bytes] = {}
        self.compiled = 0  #: templates compiled (a load that found no code)

    @staticmethod
    def _settings(env) -> tuple:
        autoescape = env.autoescape
        return (
            env.block_start_string, env.block_end_string, env.variable_start_string,
            env.variable_end_string, env.comment_start_string, env.comment_end_string,
            env.line_statement_prefix, env.line_comment_prefix, env.trim_blocks,
            env.lstrip_blocks, env.newline_sequence, env.keep_trailing_newline, env.optimized,
            env.is_async, env.finalize is not None, tuple(sorted(env.extensions)),
            tuple(sorted(env.filters)), tuple(sorted(env.tests)),
            getattr(autoescape, "__qualname__", autoescape) if callable(autoescape) else autoescape,
        )  # fmt: skip

    def load_bytecode(self, bucket):
        code = self.code.get((self._settings(bucket.environment), bucket.key))
        if code is not None:
            bucket.bytecode_from_string(code)  # resets itself if the source changed

    def dump_bytecode(self, bucket):
        key = (self._settings(bucket.environment), bucket.key)
        self.code[key] = bucket.bytecode_to_string()
        self.compiled += 1


def _share_compiled_templates() -> None:
    """Every Flask app of the process gets :class:`_TemplateCode` as its bytecode cache."""
    from flask import Flask

    original = Flask.create_jinja_environment
    if getattr(original, "shared_code", None) is not None:
        return
    shared = _TemplateCode()

    def create_jinja_environment(self):
        env = original(self)
        if env.bytecode_cache is None:
            env.bytecode_cache = shared
        return env

    create_jinja_environment.shared_code = shared
    create_jinja_environment.original = original
    Flask.create_jinja_environment = create_jinja_environment
