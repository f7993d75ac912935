"""polsim from Python: the scenario language for AI-chip trade policy.

A thin ctypes layer over libpolsim (include/polsim.h, docs/python.md)::

    >>> import polsim
    >>> polsim.run("print H20.tpp").records[0]["values"][0]["value"]
    2368.0

``polsim.run(source_or_path)`` runs scenario text or a .pol file in a new
session and returns a :class:`Result`: ``.records`` (plain dicts, numbers in
base units with their unit and display text), ``.to_pandas()`` (one row per
figure, the tidy table of ``polsim --format csv``), ``.text``, ``.json``,
``.csv`` and ``.html()``. An error raises :class:`Error` with its file, line
and column. A :class:`Session` keeps definitions from run to run.

The shared library is found at ``$POLSIM_LIB`` if set, else next to this
file (``make python`` copies it here, so ``pip install ./python`` bundles
it), else in the repository's ``build/`` folder when run from a checkout,
else wherever the system's loader finds ``libpolsim.so.1``.
"""
import ctypes
import ctypes.util
import math
import os
import pathlib
import threading

__all__ = ["run", "Session", "Result", "Error", "library_path"]
__version__ = "0.1.0"

# polsim.h's enums
_TEXT, _JSON, _CSV, _HTML = 0, 1, 2, 3
_FORMATS = {"text": _TEXT, "json": _JSON, "csv": _CSV, "html": _HTML}
OK, ASSERT_FAILED, ERROR, NOINPUT = 0, 1, 65, 66
_KINDS = ["values", "value_as", "entity", "verdict", "table", "assert", "plot", "series", "point", "summary", "share",
          "error", "warning"]
_NONE, _NUMBER, _BOOL, _STRING, _DATE, _UNKNOWN, _OTHER = range(7)


class Error(Exception):
    """A run stopped at an error: ``file``, ``line``, ``column`` (1-based;
    None when the error has no place), ``message``, and ``result``, the
    :class:`Result` with the records made before it."""

    def __init__(self, message, file=None, line=None, column=None, result=None):
        self.message, self.file, self.line, self.column, self.result = message, file, line, column, result
        where = "%s:%d:%d: " % (file, line, column) if file and line else ""
        super().__init__(where + message)


class _Options(ctypes.Structure):
    _fields_ = [("stdlib", ctypes.c_int), ("history", ctypes.c_int), ("max_steps", ctypes.c_ulonglong),
                ("max_seconds", ctypes.c_double), ("stdlib_dir", ctypes.c_char_p), ("any_import", ctypes.c_int),
                ("diagnostics", ctypes.c_void_p), ("color", ctypes.c_int), ("seed", ctypes.c_ulonglong),
                ("mode", ctypes.c_int), ("shard_k", ctypes.c_int), ("shard_n", ctypes.c_int)]  # API version 2


def _candidates():
    env = os.environ.get("POLSIM_LIB")
    if env:
        return [env]  # asked for: that one only
    here = pathlib.Path(__file__).resolve().parent
    found = [here / "libpolsim.so", here.parent.parent / "build" / "libpolsim.so"]
    out = [str(p) for p in found if p.exists()]
    system = ctypes.util.find_library("polsim")
    return out + [system or "libpolsim.so.1"]


def _load():
    errors = []
    for path in _candidates():
        try:
            return ctypes.CDLL(path), path
        except OSError as e:
            errors.append("%s: %s" % (path, e))
    raise ImportError("polsim: cannot load libpolsim (build it with `make python` in the polsim repository, "
                      "or set POLSIM_LIB to the library's path): " + "; ".join(errors))


_lib, library_path = _load()


def _sig(name, restype, *argtypes):
    f = getattr(_lib, name)
    f.restype, f.argtypes = restype, list(argtypes)
    return f


_P = ctypes.c_void_p
_S = ctypes.c_char_p
_size = ctypes.c_size_t
_options_init = _sig("polsim_options_init", None, ctypes.POINTER(_Options))
if _sig("polsim_options_size", _size)() != ctypes.sizeof(_Options):
    raise ImportError("polsim: %s is not the library this package was written for (polsim_options differs)" % library_path)
_open = _sig("polsim_open", _P, ctypes.POINTER(_Options), ctypes.c_char_p, _size)
_close = _sig("polsim_close", None, _P)
_run = _sig("polsim_run", _P, _P, _S, _S, _size)
_run_file = _sig("polsim_run_file", _P, _P, _S)
_status = _sig("polsim_result_status", ctypes.c_int, _P)
_count = _sig("polsim_result_count", _size, _P)
_record = _sig("polsim_result_record", _P, _P, _size)
_passed = _sig("polsim_result_asserts_passed", ctypes.c_int, _P)
_failed = _sig("polsim_result_asserts_failed", ctypes.c_int, _P)
_render = _sig("polsim_result_render", ctypes.POINTER(ctypes.c_char), _P, ctypes.c_int, ctypes.POINTER(_size))
_rec_kind = _sig("polsim_record_kind_of", ctypes.c_int, _P)
_rec_str = {k: _sig("polsim_record_" + k, _S, _P) for k in ("type", "file", "scenario", "period", "message")}
_rec_line = _sig("polsim_record_line", ctypes.c_int, _P)
_rec_column = _sig("polsim_record_column", ctypes.c_int, _P)
_rec_verdict = _sig("polsim_record_verdict", ctypes.c_int, _P)
_rec_count = _sig("polsim_record_count", _size, _P)
_rec_value = _sig("polsim_record_value", _P, _P, _size)
_rec_nparams = _sig("polsim_record_param_count", _size, _P)
_rec_param = _sig("polsim_record_param", _P, _P, _size)
_val_kind = _sig("polsim_value_kind_of", ctypes.c_int, _P)
_val_str = {k: _sig("polsim_value_" + k, _S, _P) for k in ("metric", "subject", "period", "unit", "text")}
_val_number = _sig("polsim_value_number", ctypes.c_double, _P)
_val_bool = _sig("polsim_value_bool", ctypes.c_int, _P)

# Budgets and the time limit are process-wide in libpolsim (polsim.h,
# "Threads"): runs of every session take this lock, one at a time.
_lock = threading.RLock()


def _text(b):
    return None if b is None else b.decode("utf-8", "replace")


def _value(v):
    """A figure as a plain dict: value (a float in base units, True/False, a
    text, or None), unit (base unit; "1" for a plain number), text (display)."""
    kind = _val_kind(v)
    d = {k: _text(f(v)) for k, f in _val_str.items()}
    if kind == _NUMBER:
        d["value"] = _val_number(v)
    elif kind == _BOOL:
        d["value"] = bool(_val_bool(v))
    elif kind in (_STRING, _DATE, _OTHER):
        d["value"] = d["text"]
    else:  # none, or a figure the data lacks (text names it)
        d["value"] = None
    d["kind"] = ["none", "number", "bool", "string", "date", "unknown", "other"][kind]
    return d


def _record_dict(rec):
    kind = _rec_kind(rec)
    d = {"kind": _KINDS[kind] if 0 <= kind < len(_KINDS) else str(kind)}
    d.update({k: _text(f(rec)) for k, f in _rec_str.items()})
    d["line"] = _rec_line(rec) or None
    d["column"] = _rec_column(rec) or None
    verdict = _rec_verdict(rec)
    d["verdict"] = None if verdict < 0 else bool(verdict)
    d["values"] = [_value(_rec_value(rec, i)) for i in range(_rec_count(rec))]
    nparams = _rec_nparams(rec)
    if nparams:
        d["params"] = {p["metric"]: p for p in (_value(_rec_param(rec, i)) for i in range(nparams))}
    return d


class Result:
    """A run's outcome, copied out of the library (valid after the session
    runs again or closes): ``status`` (0 ok, 1 a failed assert, 65 an error,
    66 an input that cannot be read), ``records``, ``errors`` (the error and
    warning records), ``asserts_passed``, ``asserts_failed``, and the
    renderings ``text``, ``json`` and ``csv`` (as the command line writes them
    on standard output) and ``html()``."""

    def __init__(self, session, handle):
        self.status = _status(handle)
        self.asserts_passed = _passed(handle)
        self.asserts_failed = _failed(handle)
        self.records = [_record_dict(_record(handle, i)) for i in range(_count(handle))]
        self.errors = [r for r in self.records if r["kind"] in ("error", "warning")]
        for name, fmt in (("text", _TEXT), ("json", _JSON), ("csv", _CSV)):
            setattr(self, name, self._render(handle, fmt))
        self._session, self._generation, self._handle = session, session._generation, handle

    @staticmethod
    def _render(handle, fmt):
        n = _size()
        p = _render(handle, fmt, ctypes.byref(n))
        return None if not p else ctypes.string_at(p, n.value).decode("utf-8", "replace")

    def html(self):
        """The HTML page of ``polsim report`` for this run (made while the
        session has not run again)."""
        with _lock:
            if self._session._handle is None or self._session._generation != self._generation:
                raise Error("the session has run again or closed: take html() before the next run")
            return self._render(self._handle, _HTML)

    def ok(self):
        return self.status == OK

    def to_pandas(self):
        """One row per figure, as the tidy CSV table: record (its index), type,
        file, line, scenario, subject, metric, period, value (a float in the
        base unit, 1/0 for a truth, NaN otherwise), unit, text, message; a
        sweep's or simulation's variables as columns of their own (their value
        in base units). Needs pandas."""
        import pandas as pd

        rows, params = [], []
        for i, r in enumerate(self.records):
            base = {"record": i, "type": r["type"], "file": r["file"], "line": r["line"], "scenario": r["scenario"]}
            extra = {}
            for name, p in (r.get("params") or {}).items():
                extra[name] = p["value"] if p["kind"] in ("number", "bool") else p["text"]
                if name not in params:
                    params.append(name)
            for v in r["values"]:
                value = v["value"]
                num = float(value) if isinstance(value, (bool, int, float)) else math.nan
                row = dict(base, subject=v["subject"], metric=v["metric"], period=v["period"] or r["period"],
                           value=num, unit=v["unit"], text=v["text"], message=r["message"])
                row.update(extra)
                rows.append(row)
        columns = ["record", "type", "file", "line", "scenario", "subject", "metric", "period", "value", "unit", "text",
                   "message"] + params
        return pd.DataFrame(rows, columns=columns)

    def __repr__(self):
        return "<polsim.Result status=%d, %d records>" % (self.status, len(self.records))


def _is_path(source):
    if isinstance(source, os.PathLike):
        return True
    return isinstance(source, str) and "\n" not in source and source.endswith(".pol") and os.path.isfile(source)


class Session:
    """A polsim session: definitions persist from run to run, as in the
    REPL. ``stdlib`` (the recorded world), ``history`` (its dated
    decisions), ``max_steps`` and ``max_seconds`` (per run; 0 no limit),
    ``stdlib_dir``, ``any_import``, ``seed`` (the seed of a study that
    names none; a study's own ``seed S`` wins). Use it as a context manager
    or call ``close()``."""

    def __init__(self, stdlib=True, history=True, max_steps=None, max_seconds=0, stdlib_dir=None, any_import=False,
                 seed=None):
        opt = _Options()
        _options_init(ctypes.byref(opt))
        opt.stdlib, opt.history, opt.any_import = int(bool(stdlib)), int(bool(history)), int(bool(any_import))
        if max_steps is not None:
            opt.max_steps = int(max_steps)
        opt.max_seconds = float(max_seconds or 0)
        opt.stdlib_dir = os.fsencode(stdlib_dir) if stdlib_dir else None
        if seed is not None:
            if int(seed) < 0:
                raise ValueError("seed: a whole number 0 or more")
            opt.seed = int(seed)
        err = ctypes.create_string_buffer(512)
        with _lock:
            self._handle = _open(ctypes.byref(opt), err, len(err))
        if not self._handle:
            raise Error(_text(err.value) or "polsim: cannot open a session")
        self._generation = 0

    def run(self, source_or_path, raise_on_error=True):
        """Runs scenario text, or a file (a path-like, or a str naming an
        existing .pol file). Returns a :class:`Result`; raises :class:`Error`
        at the first error unless raise_on_error is False (a failed assert is
        not an error: see ``Result.status`` and ``asserts_failed``)."""
        if self._handle is None:
            raise Error("the session is closed")
        with _lock:
            self._generation += 1
            if _is_path(source_or_path):
                handle = _run_file(self._handle, os.fsencode(source_or_path))
            else:
                data = source_or_path.encode("utf-8") if isinstance(source_or_path, str) else bytes(source_or_path)
                handle = _run(self._handle, b"<text>", data, len(data))
            result = Result(self, handle)
        if raise_on_error and result.status in (ERROR, NOINPUT):
            e = next((r for r in result.errors if r["kind"] == "error"), None)
            if e is None:
                raise Error("the run stopped at an error", result=result)
            raise Error(e["message"], e["file"], e["line"], e["column"], result)
        return result

    def close(self):
        if self._handle is not None:
            with _lock:
                _close(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass


def run(source_or_path, history=True, seed=None, **options):
    """Runs scenario text or a .pol file in a new session (the stdlib
    loaded; ``history=False`` leaves out its dated decisions) and returns a
    :class:`Result`, which keeps its session open for ``html()`` until it is
    dropped. Other keywords go to :class:`Session`. ``seed`` is the seed of
    every study that names none (``simulate 1000 runs on ...``); a study's
    own ``seed S`` wins."""
    # The result keeps its session (for html()); both go when it is dropped.
    return Session(history=history, seed=seed, **options).run(source_or_path)
