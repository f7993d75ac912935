#!/usr/bin/env python3
"""mutate.py: mutation testing of polsim's domain logic (issue 25).

Applies one small change ("mutant") at a time to a domain source file,
rebuilds, runs the tests and reports whether any test noticed. A mutant no
test notices ("survivor") marks a line whose behaviour no test pins down.

  make mutate [SEED=1] [FILES="src/model/alloc.c ..."] [PER_FILE=20] [TIMEOUT=20]
  python3 tools/mutate.py --seed 1 --per-file 20 src/model/alloc.c

Mutations: a relational operator flipped (< <=, > >=, == !=, both ways),
a constant changed (0 -> 1, 1 -> 0, n -> n + 1), a simple statement line
(an assignment, an increment, a call, break/continue) deleted, an `if`
condition inverted, && <-> ||, binary + <-> -. Comments, string and
character literals and preprocessor lines are never touched. Sites are
drawn with a fixed seed (per file), so a run is reproducible.

The work happens in a copy of the tree (build/mutate/tree, refreshed from the
worktree at every start, with its own incremental build in
build/mutate/tree/build), so the worktree's sources and its build/ are never
changed; the mutated file is written back to its original text after every
mutant, on an error and on Ctrl-C too.

Each mutant: compile the mutated object (a compile error: "stillborn", not
counted), link polsim and the unit tests (a failure there, e.g. the stdlib's
AST generator crashing: caught), then the fast tests (unit tests, `polsim
test` of tests/core, tests/scenarios and examples, goldens, the error
corpus), two at a time (--jobs); if it survived those, the library and
lawcheck are built and the rest of tests/run.sh run (the REPL, hostile and
scripted checks, two at a time); if it survived those too, the fast tests
again, built with the sanitizers as `make sanitize` builds them (a read or
write past an array shows there). A test process stopped by the limit on
processor time (--timeout, 20 s each) or a stage over ten times that on the
clock counts as caught ("timeout"); a busy machine makes tests slower, not
failed.

Equivalent mutants (a change that cannot alter behaviour) are listed in
tools/mutate-equivalent.txt, one per line, tab-separated:
  FILE <TAB> ORIGINAL LINE <TAB> MUTATED LINE <TAB> REASON
(lines compared with surrounding white space stripped; not by line number).
A survivor listed there is counted as "equivalent", not as survived.
"""
import argparse
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DEFAULT_FILES = ["src/model/*.c", "src/policy/*.c", "src/run/*.c", "src/lang/units.c", "src/lang/dates.c"]
EQUIV_FILE = os.path.join(ROOT, "tools", "mutate-equivalent.txt")


# --- finding mutation sites -------------------------------------------------

def code_masks(lines):
    """For each line, a copy with comments, string and char literals blanked
    (same length), or None for a preprocessor line or one wholly in a comment."""
    out = []
    in_block = False
    in_pp = False  # a preprocessor line continued with a backslash
    for line in lines:
        if in_pp:
            in_pp = line.rstrip("\n").endswith("\\")
            out.append(None)
            continue
        if not in_block and line.lstrip().startswith("#"):
            in_pp = line.rstrip("\n").endswith("\\")
            out.append(None)
            continue
        buf = []
        i, n = 0, len(line)
        while i < n:
            c = line[i]
            if in_block:
                if line.startswith("*/", i):
                    in_block = False
                    buf.append("  ")
                    i += 2
                else:
                    buf.append(" " if c != "\n" else c)
                    i += 1
            elif line.startswith("/*", i):
                in_block = True
                buf.append("  ")
                i += 2
            elif line.startswith("//", i):
                buf.append(" " * (n - i - 1) + "\n" if line.endswith("\n") else " " * (n - i))
                i = n
            elif c in "\"'":
                j = i + 1
                while j < n and line[j] != c:
                    j += 2 if line[j] == "\\" else 1
                buf.append(c + " " * (min(j, n) - i - 1) + (c if j < n else ""))
                i = j + 1
            else:
                buf.append(c)
                i += 1
        masked = "".join(buf)
        out.append(masked if masked.strip() else None)
    return out


NUM = re.compile(r"(?<![\w.])(\d+\.\d*(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?|\d+[eE][-+]?\d+|0[xX][0-9a-fA-F]+|\d+)([uUlLfF]*)(?![\w.])")
SIMPLE_STMT = re.compile(
    r"^\s*(?:"
    r"(?:\*\s*)?[A-Za-z_][\w]*(?:\s*(?:\.|->)\s*\w+|\s*\[[^\]]*\])*\s*(?:[-+*/|&^%]?=(?!=)|\+\+|--)"  # assignment
    r"|(?:\+\+|--)\s*[A-Za-z_]"                                                              # ++x
    r"|[A-Za-z_][\w]*(?:\s*(?:\.|->)\s*\w+)*\s*\("                                            # call
    r"|break\s*;|continue\s*;"
    r")")
KEYWORDS = {"if", "for", "while", "switch", "return", "else", "case", "default", "do", "sizeof", "typedef",
            "static", "const", "struct", "enum", "union", "goto"}


def balanced(s):
    return s.count("(") == s.count(")") and s.count("[") == s.count("]") and s.count("{") == s.count("}")


def find_sites(lines, masks):
    """Mutation sites: (line index, start col, end col, replacement text, kind)."""
    sites = []
    prev_end = "{"
    for li, m in enumerate(masks):
        if m is None:
            continue
        line = lines[li]
        # relational operators
        for mo in re.finditer(r"<=|>=|==|!=|<<|>>|->|<|>", m):
            op = mo.group()
            rep = {"<": "<=", "<=": "<", ">": ">=", ">=": ">", "==": "!=", "!=": "=="}.get(op)
            if rep:
                sites.append((li, mo.start(), mo.end(), rep, "relational %s -> %s" % (op, rep)))
        # && <-> ||
        for mo in re.finditer(r"&&|\|\|", m):
            rep = "||" if mo.group() == "&&" else "&&"
            sites.append((li, mo.start(), mo.end(), rep, "logical %s -> %s" % (mo.group(), rep)))
        # binary + <-> - (after an operand: a name, a number, ')' or ']')
        for mo in re.finditer(r"(?<=[\w)\]])(\s*)([-+])(?![-+=>])", m):
            op = mo.group(2)
            pos = mo.start(2)
            if pos > 0 and m[pos - 1] in "eE" and re.search(r"\d[eE]$", m[:pos]):
                continue  # an exponent
            if m[:pos].rstrip().endswith(("++", "--")) and not m[:pos].rstrip()[-3:-2].isalnum():
                continue
            rep = "-" if op == "+" else "+"
            sites.append((li, pos, pos + 1, rep, "arithmetic %s -> %s" % (op, rep)))
        # constants
        for mo in NUM.finditer(m):
            lit, suf = mo.group(1), mo.group(2)
            if re.fullmatch(r"\d+", lit):
                v = int(lit)
                rep = "1" if v == 0 else "0" if v == 1 else str(v + 1)
            elif lit.lower().startswith("0x"):
                rep = hex(int(lit, 16) + 1)
            else:
                try:
                    v = float(lit)
                except ValueError:
                    continue
                rep = "1.0" if v == 0 else "0.0" if v == 1 else "(%s + 1)" % lit
            sites.append((li, mo.start(1), mo.end(1), rep, "constant %s -> %s" % (lit, rep)))
        # inverted if condition
        for mo in re.finditer(r"\bif\s*\(", m):
            start = mo.end() - 1
            depth, j = 0, start
            while j < len(m):
                if m[j] == "(":
                    depth += 1
                elif m[j] == ")":
                    depth -= 1
                    if depth == 0:
                        break
                j += 1
            if j < len(m):
                inner = line[start + 1:j]
                sites.append((li, start, j + 1, "(!(%s))" % inner, "inverted condition"))
        # deleted statement: a whole simple statement on one line
        code = m.strip()
        first = re.match(r"[A-Za-z_]\w*", code)
        if (code.endswith(";") and balanced(code) and SIMPLE_STMT.match(code)
                and not (first and first.group() in KEYWORDS and first.group() not in ("break", "continue"))
                and prev_end in ";{}:" and not re.match(r"^[A-Za-z_]\w*\s+\**[A-Za-z_]", code)):
            s = len(line) - len(line.lstrip())
            e = len(line.rstrip("\n"))
            sites.append((li, s, e, ";", "deleted statement"))
        if code:
            prev_end = code[-1] if not re.search(r"\belse$", code) else "{"
            if re.match(r"^(if|for|while)\b", code) and code.endswith(")"):
                prev_end = "{"
    return sites


def apply_site(lines, site):
    li, s, e, rep, _ = site
    out = list(lines)
    out[li] = lines[li][:s] + rep + lines[li][e:]
    return out


# --- the sandbox: a copy of the tree with its own build ---------------------

def sync_tree(sandbox):
    files = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT, check=True,
                           stdout=subprocess.PIPE).stdout.decode().split("\0")
    for f in files:
        if not f or f.startswith("build/"):
            continue
        src, dst = os.path.join(ROOT, f), os.path.join(sandbox, f)
        if not os.path.isfile(src):
            continue
        with open(src, "rb") as fh:
            data = fh.read()
        if os.path.exists(dst):
            with open(dst, "rb") as fh:
                if fh.read() == data:
                    continue
        os.makedirs(os.path.dirname(dst), exist_ok=True)
        shutil.copyfile(src, dst)
        shutil.copymode(src, dst)
    # files gone from the worktree go from the copy too (a removed test must not run)
    keep = {f for f in files if f}
    for top, dirs, names in os.walk(sandbox):
        rel = os.path.relpath(top, sandbox)
        if rel == "build" or rel.startswith("build" + os.sep):
            dirs[:] = []
            continue
        for n in names:
            r = os.path.normpath(os.path.join(rel, n))
            if r not in keep:
                os.remove(os.path.join(top, n))
    os.makedirs(os.path.join(sandbox, "build"), exist_ok=True)
    deps = os.path.join(sandbox, "build", ".deps-ok")  # the worktree's build has checked the tools already
    open(deps, "a").close()
    os.utime(deps, None)


# A test process may use this many seconds of processor time (RLIMIT_CPU,
# each process of a script its own): a mutant that loops for ever is stopped
# by it however loaded the machine is, and a slow but busy machine does not
# make a test fail (the wall-clock limit is WALL_FACTOR times as long).
CPU_LIMIT = 20
WALL_FACTOR = 10


def limit_cpu():
    import resource
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_LIMIT, CPU_LIMIT))


def stopped_by_cpu_limit(rc):
    return rc is not None and rc in (-signal.SIGXCPU, -signal.SIGKILL, 128 + signal.SIGXCPU)


def run(cmd, cwd, timeout, env=None, cpu=False):
    """(status, output); status None on a timeout (the process group is
    killed); cpu: under the processor-time limit (a test)."""
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                         env=env, preexec_fn=limit_cpu if cpu else None)
    RUNNING.add(p)
    try:
        out, _ = p.communicate(timeout=timeout)
        return p.returncode, out.decode(errors="replace")
    except subprocess.TimeoutExpired:
        os.killpg(p.pid, signal.SIGKILL)
        p.communicate()
        return None, ""
    except BaseException:  # Ctrl-C or SIGTERM: stop the child's whole group too
        os.killpg(p.pid, signal.SIGKILL)
        raise
    finally:
        RUNNING.discard(p)


RUNNING = set()  # the test processes running (in run_parallel's threads too)


def stop_running():
    """Kills every running test's process group (on Ctrl-C or SIGTERM)."""
    for p in list(RUNNING):
        try:
            os.killpg(p.pid, signal.SIGKILL)
        except OSError:
            pass


# The project's warnings stay errors, but for -Wparentheses: `a || b && c`
# (from a && <-> || mutant) is a real mutant, not a compile error.
MUTANT_WARN = "WARN=-Wall -Wextra -Werror -Wno-parentheses"


def make(sandbox, targets, timeout=600, build="build"):
    extra = SAN_MAKE if build == SAN_BUILD else []
    return run(["make", "-s", "-j2", "BUILD=" + build, MUTANT_WARN] + extra + targets, sandbox, timeout)


# The sanitized build (`make sanitize`), in the sandbox's build/sanitize: a
# last stage for the mutants that pass every other test, where a read or
# write one past an array's end shows.
SAN_BUILD = "build/sanitize"
SAN_MAKE = ["OPT=-O1 -g", "SANFLAGS=-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"]


def unit_bins(sandbox, build="build"):
    return sorted(build + "/tests/" + f[:-2] for f in os.listdir(os.path.join(sandbox, "tests", "unit"))
                  if f.startswith("test_") and f.endswith(".c"))


JOBS = 2  # tests run side by side (--jobs)


def run_parallel(jobs, deadline):
    """Runs jobs (name, function(left) -> None or a failure text, "timeout" on
    a timeout) JOBS at a time; stops starting new ones at the first failure.
    Returns (index, failure) of a failed job (a timeout first, else the
    first in the list's order among those that failed), or None."""
    import concurrent.futures
    import threading
    stop = threading.Event()
    fails = {}

    def one(i, job):
        if stop.is_set():
            return
        left = deadline - time.time()
        if left <= 0:
            fails[i] = "timeout"
            stop.set()
            return
        bad = job(left)
        if bad:
            fails[i] = bad
            stop.set()

    with concurrent.futures.ThreadPoolExecutor(max_workers=JOBS) as pool:
        try:
            for f in [pool.submit(one, i, job) for i, job in enumerate(jobs)]:
                f.result()
        except BaseException:  # Ctrl-C or SIGTERM: no new job, and the running ones killed
            stop.set()
            stop_running()
            raise
    if not fails:
        return None
    timeouts = [i for i in sorted(fails) if fails[i] == "timeout"]
    i = timeouts[0] if timeouts else min(fails)
    return i, fails[i]


def fast_jobs(sandbox, build="build", which="all"):
    """The fast tests (those of tests/run.sh that need no library, no REPL and
    no script) as jobs for run_parallel: each unit test binary, `polsim test`
    of each folder, the goldens, the examples' goldens and the error corpus
    in groups."""
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    polsim = os.path.join(sandbox, build, "polsim")
    jobs = []

    def unit(b):
        def job(left):
            rc, _ = run([os.path.join(sandbox, b)], sandbox, left, env, cpu=True)
            if rc is None or stopped_by_cpu_limit(rc):
                return "timeout"
            return "unit " + os.path.basename(b) if rc != 0 else None
        return job

    def scen(d, extra):
        def job(left):
            rc, out = run([polsim, "--color=never"] + extra + ["test", d], sandbox, left, cpu=True)
            if rc is None or stopped_by_cpu_limit(rc):
                return "timeout"
            if rc != 0 or not re.search(r"^\d+ passed, 0 failed$", out, re.M):
                return "scenario " + d
            return None
        return job

    def cases_job(cases):
        def job(left):
            end = time.time() + left
            for kind, folder, f, expected, default_exit in cases:
                name = f[:-4]
                text = open(os.path.join(folder, f), encoding="utf-8", errors="replace").read()
                mo = re.search(r"^# args: *(.*)$", text, re.M)
                args = mo.group(1).split() if mo else []
                mo = re.search(r"^# exit: *(\d+)", text, re.M)
                want = int(mo.group(1)) if mo else default_exit
                p = subprocess.Popen([polsim, "--color=never"] + args + [f], cwd=folder, stdout=subprocess.PIPE,
                                     stderr=subprocess.PIPE, start_new_session=True, preexec_fn=limit_cpu)
                try:
                    out, err = p.communicate(timeout=max(1.0, end - time.time()))
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
                    p.communicate()
                    return "timeout"
                if stopped_by_cpu_limit(p.returncode):
                    return "timeout"
                if p.returncode != want:
                    return "%s %s (exit)" % (kind, name)
                exp_out = os.path.join(expected, name + ".out")
                exp_err = os.path.join(expected, name + ".err")
                if kind == "golden" and open(exp_out, "rb").read() != out:
                    return "golden " + name
                if os.path.exists(exp_err) and open(exp_err, "rb").read() != err:
                    return "%s %s (stderr)" % (kind, name)
            return None
        return job

    if which == "unit":
        return [unit(b) for b in unit_bins(sandbox, build)]
    # the examples first: they catch the most, and take the longest
    for d, extra in (("examples", []), ("tests/scenarios", []), ("tests/core", ["--no-prelude"])):
        jobs.append(scen(d, extra))
    cases = []  # (kind, folder of the .pol, file, folder of its .out/.err, default exit)
    gold = os.path.join(sandbox, "tests", "golden", "examples")
    if os.path.isdir(gold):
        folder = os.path.join(sandbox, "examples")
        cases += [("golden", folder, f, gold, 0) for f in sorted(os.listdir(folder))
                  if f.endswith(".pol") and os.path.exists(os.path.join(gold, f[:-4] + ".out"))]
    for kind, default_exit in (("golden", 0), ("errors", 65)):
        folder = os.path.join(sandbox, "tests", kind)
        cases += [(kind, folder, f, folder, default_exit) for f in sorted(os.listdir(folder)) if f.endswith(".pol")]
    for i in range(0, len(cases), 25):
        jobs.append(cases_job(cases[i:i + 25]))
    if which == "all":
        jobs += [unit(b) for b in unit_bins(sandbox, build)]
    return jobs


def fast_tests(sandbox, deadline, build="build", which="all"):
    """The name of a failing fast test, "timeout", or None if all pass."""
    bad = run_parallel(fast_jobs(sandbox, build, which), deadline)
    return bad and bad[1]


def fast_stage(sandbox, deadline, build="build"):
    """Links polsim and runs the tests of it, then links the unit tests and
    runs them (most mutants are caught before the unit tests need linking).
    The name of a failure ("build ..." for a failed link step, "timeout"),
    or None."""
    rc, _ = make(sandbox, [build + "/polsim"], 600, build)
    if rc != 0:
        return "build (a generator or link step failed)"
    hit = fast_tests(sandbox, deadline, build, "polsim")
    if hit:
        return hit
    rc, _ = make(sandbox, unit_bins(sandbox, build), 600, build)
    if rc != 0:
        return "build (a unit test does not link)"
    return fast_tests(sandbox, deadline, build, "unit")


# What tests/run.sh runs besides the fast tests, and what it needs built
# (`make check` builds these): the library (tests/scripts/api_*.sh) and
# lawcheck (tests/scripts/laws.sh).
FULL_TARGETS = ["build/libpolsim.a", "build/libpolsim.so", "build/examples/c/example", "build/tools/lawcheck"]


def rest_jobs(sandbox):
    """The rest of tests/run.sh, each case as tests/run.sh runs it (each in a
    temporary folder of its own): the REPL's expect and shell scripts, the
    hostile inputs, the layers and tests/scripts. Jobs for run_parallel."""
    import glob
    import tempfile
    polsim = os.path.join(sandbox, "build", "polsim")
    jobs = []

    def case(label, argv, cwd_tmp, env_extra):
        def job(left):
            with tempfile.TemporaryDirectory(prefix="mutate.") as tmp:
                env = dict(os.environ)
                for k, v in env_extra.items():
                    env[k] = v.replace("$TMP", tmp)
                rc, out = run(argv, tmp if cwd_tmp else sandbox, left, env, cpu=True)
            if rc is None:
                return "timeout"
            return label if rc != 0 else None
        return job

    scripts = sorted(glob.glob(os.path.join(sandbox, "tests", "scripts", "*.sh")))
    # those that catch the most first (the model against its reference), then the longest, so
    # that the two running at a time end together
    first = ("model_ref.sh", "laws.sh", "fmt.sh", "api_python.sh", "csv_tidy.sh", "report_examples.sh",
             "report_html.sh")
    scripts.sort(key=lambda s: first.index(os.path.basename(s)) if os.path.basename(s) in first else len(first))
    for t in scripts:
        jobs.append(case("script " + os.path.basename(t), ["sh", t, polsim, sandbox], False, {}))
    for t in sorted(glob.glob(os.path.join(sandbox, "tests", "repl", "*.exp"))):
        jobs.append(case("repl " + os.path.basename(t), ["expect", t], True,
                         {"POLSIM": polsim, "TERM": "dumb", "HOME": "$TMP", "XDG_STATE_HOME": "$TMP/state"}))
    for t in sorted(glob.glob(os.path.join(sandbox, "tests", "repl", "*.sh"))):
        jobs.append(case("repl " + os.path.basename(t), ["sh", t, polsim], True,
                         {"HOME": "$TMP", "XDG_STATE_HOME": "$TMP/state"}))
    for t in sorted(glob.glob(os.path.join(sandbox, "tests", "hostile", "*.sh"))):
        jobs.append(case("hostile " + os.path.basename(t)[:-3], ["sh", t], True, {"POLSIM": polsim}))
    jobs.append(case("layers", ["sh", os.path.join(sandbox, "tools", "layers.sh")], False, {}))
    return jobs


def full_tests(sandbox, timeout):
    """(status, detail) of the rest of tests/run.sh, after the fast tests
    passed. A failure counts only if the same test fails twice running:
    some scripted checks measure time or memory and can fail under load
    (e.g. tests/scripts/sweep_memory.sh)."""
    rc, _ = make(sandbox, FULL_TARGETS)
    if rc != 0:
        return "caught", "build (the library or lawcheck)"
    jobs = rest_jobs(sandbox)
    flaky = []
    while jobs:
        bad = run_parallel(jobs, time.time() + timeout)
        if bad is None:
            break
        i, what = bad
        if what == "timeout":
            return "caught", "timeout"
        again = run_parallel([jobs[i]], time.time() + timeout)
        if again is not None:
            return "caught", "run.sh: " + what
        # passed the second time: run the others again, without it
        flaky.append(what)
        jobs = jobs[:i] + jobs[i + 1:]
    if flaky:
        return "survived", "(flaky failures, each passed again: %s)" % ", ".join(flaky)
    return "survived", ""


def sanitized_tests(sandbox, obj, timeout, detail):
    """(status, detail) of the fast tests built with the sanitizers."""
    rc, _ = make(sandbox, [SAN_BUILD + obj[len("build"):]], 600, SAN_BUILD)
    if rc != 0:
        return "survived", detail  # e.g. a warning only -O1 gives
    hit = fast_stage(sandbox, time.time() + timeout, SAN_BUILD)
    if hit:
        return "caught", "sanitized: " + hit
    return "survived", detail


# --- equivalents --------------------------------------------------------------

def load_equivalents(path):
    eq = {}
    if not os.path.exists(path):
        return eq
    for n, raw in enumerate(open(path, encoding="utf-8"), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.rstrip("\n").split("\t")
        if len(parts) < 4:
            sys.exit("%s:%d: expected FILE<TAB>ORIGINAL<TAB>MUTATED<TAB>REASON" % (path, n))
        eq[(parts[0].strip(), parts[1].strip(), parts[2].strip())] = parts[3].strip()
    return eq


# --- the run ----------------------------------------------------------------------

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("files", nargs="*", help="source files (default: the domain files)")
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--per-file", type=int, default=20, help="mutants per file (0: every site)")
    ap.add_argument("--timeout", type=int, default=20,
                    help="processor seconds one test process may use (the wall-clock limit of a stage: 10 times as long)")
    ap.add_argument("--fast-only", action="store_true", help="skip tests/run.sh for the fast tests' survivors")
    ap.add_argument("--no-sanitize", action="store_true",
                    help="skip the last stage (the fast tests again, built with the sanitizers)")
    ap.add_argument("--jobs", "-j", type=int, default=2, help="tests run side by side (default 2)")
    ap.add_argument("--list", action="store_true", help="only list the chosen mutants")
    ap.add_argument("--lines", help="only the sites on these lines (e.g. 12,40-44), to try a test against them")
    ap.add_argument("--only-survivors", metavar="LOG",
                    help="of the drawn mutants, only those LOG (an earlier run's output, same seed) reports as survived")
    ap.add_argument("--equivalent", default=EQUIV_FILE)
    ap.add_argument("--sandbox", default=os.path.join(ROOT, "build", "mutate", "tree"))
    a = ap.parse_args()

    import glob
    patterns = a.files or DEFAULT_FILES
    files = []
    for p in patterns:
        for f in p.split():
            hits = sorted(glob.glob(os.path.join(ROOT, f)))
            if not hits:
                sys.exit("mutate: no such file: " + f)
            files += [os.path.relpath(h, ROOT) for h in hits if os.path.relpath(h, ROOT) not in files]

    plan = []
    for f in files:
        lines = open(os.path.join(ROOT, f), encoding="utf-8").read().splitlines(keepends=True)
        sites = find_sites(lines, code_masks(lines))
        if a.lines:
            wanted = set()
            for part in a.lines.split(","):
                lo, _, hi = part.partition("-")
                wanted.update(range(int(lo), int(hi or lo) + 1))
            sites = [s for s in sites if s[0] + 1 in wanted]
        rng = random.Random("%d:%s" % (a.seed, f))
        chosen = sites if a.per_file <= 0 or a.per_file >= len(sites) else rng.sample(sites, a.per_file)
        chosen.sort(key=lambda s: (s[0], s[1]))
        if a.only_survivors:
            left = {}
            for mo in re.finditer(r"^  survived +(\S+):(\d+)  (.+?)(?:  \[.*\])?  \(\d+ s\)$",
                                  open(a.only_survivors, encoding="utf-8").read(), re.M):
                key = (mo.group(1), int(mo.group(2)), mo.group(3))
                left[key] = left.get(key, 0) + 1
            kept = []
            for s in chosen:
                key = (f, s[0] + 1, s[4])
                if left.get(key):
                    left[key] -= 1
                    kept.append(s)
            chosen = kept
        plan.append((f, lines, chosen, len(sites)))
    if a.list:
        for f, lines, chosen, total in plan:
            print("%s: %d of %d sites" % (f, len(chosen), total))
            for s in chosen:
                print("  %d: %s\n      %s" % (s[0] + 1, s[4], apply_site(lines, s)[s[0]].strip()))
        return 0

    global JOBS, CPU_LIMIT
    JOBS = max(1, a.jobs)
    CPU_LIMIT = max(1, a.timeout)
    wall = WALL_FACTOR * CPU_LIMIT
    equivalents = load_equivalents(a.equivalent)
    sandbox = os.path.abspath(a.sandbox)
    os.makedirs(sandbox, exist_ok=True)
    print("mutate: copying the tree to %s and building it" % os.path.relpath(sandbox, ROOT), flush=True)
    sync_tree(sandbox)
    targets = ["build/polsim"] + unit_bins(sandbox)
    rc, out = make(sandbox, targets)
    if rc != 0:
        print(out)
        sys.exit("mutate: the unmutated tree does not build")
    t0 = time.time()
    bad = fast_tests(sandbox, time.time() + 600)
    if bad:
        sys.exit("mutate: the unmutated tree fails its fast tests (%s)" % bad)
    fast_secs = time.time() - t0
    print("mutate: fast tests take %.1f s unmutated; seed %d" % (fast_secs, a.seed), flush=True)
    if not a.fast_only:
        # the rest must pass unmutated, or every fast survivor would count as caught
        t0 = time.time()
        status, detail = full_tests(sandbox, 600)
        if status != "survived":
            sys.exit("mutate: the unmutated tree fails tests/run.sh (%s)" % detail)
        print("mutate: the rest of tests/run.sh takes %.1f s unmutated%s" % (time.time() - t0, " " + detail if detail else ""),
              flush=True)
    sanitize = not a.fast_only and not a.no_sanitize
    san_targets = [SAN_BUILD + "/polsim"] + unit_bins(sandbox, SAN_BUILD)
    if sanitize:
        os.makedirs(os.path.join(sandbox, SAN_BUILD), exist_ok=True)
        open(os.path.join(sandbox, SAN_BUILD, ".deps-ok"), "a").close()
        t0 = time.time()
        rc, out = make(sandbox, san_targets, 1800, SAN_BUILD)
        if rc != 0:
            print(out)
            sys.exit("mutate: the unmutated tree does not build with the sanitizers")
        t1 = time.time()
        bad = fast_tests(sandbox, time.time() + 600, SAN_BUILD)
        if bad:
            sys.exit("mutate: the unmutated tree fails its fast tests built with the sanitizers (%s)" % bad)
        print("mutate: the sanitized build takes %.1f s, its fast tests %.1f s" % (t1 - t0, time.time() - t1),
              flush=True)

    results = []  # (file, line no, original, mutated, kind, status, detail)
    run_began = time.time()
    for f, lines, chosen, total in plan:
        path = os.path.join(sandbox, f)
        original = "".join(lines)
        obj = "build/obj/" + f[len("src/"):-2] + ".o"
        print("\n%s: %d mutants of %d sites" % (f, len(chosen), total), flush=True)
        for site in chosen:
            began = time.time()
            mutated = apply_site(lines, site)
            orig_line, mut_line = lines[site[0]].strip(), mutated[site[0]].strip()
            try:
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write("".join(mutated))
                rc, _ = make(sandbox, [obj])
                if rc != 0:
                    status, detail = "stillborn", "does not compile"
                else:
                    hit = fast_stage(sandbox, time.time() + wall)
                    if hit:
                        status, detail = "caught", hit
                    elif a.fast_only:
                        status, detail = "survived", "fast tests"
                    elif (f, orig_line, mut_line) in equivalents:
                        status, detail = "survived", ""  # listed: the fast tests suffice to confirm it
                    else:
                        status, detail = full_tests(sandbox, wall)
                        if status == "survived" and sanitize:
                            status, detail = sanitized_tests(sandbox, obj, wall, detail)
            finally:
                with open(path, "w", encoding="utf-8") as fh:
                    fh.write(original)
            if status == "survived":
                reason = equivalents.get((f, orig_line, mut_line))
                if reason is not None:
                    status, detail = "equivalent", reason
            results.append((f, site[0] + 1, orig_line, mut_line, site[4], status, detail))
            print("  %-10s %s:%d  %s%s  (%.0f s)" % (status, f, site[0] + 1, site[4],
                                                    "  [" + detail + "]" if detail else "", time.time() - began),
                  flush=True)
        # leave the sandbox's objects built from the original
        make(sandbox, [obj])

    print("\n=== mutation score (seed %d) ===" % a.seed)
    print("%-24s %7s %7s %9s %10s %9s %6s" % ("file", "mutants", "caught", "survived", "equivalent", "stillborn", "score"))
    tot = {"caught": 0, "survived": 0, "equivalent": 0, "stillborn": 0, "n": 0}

    def row(name, c):
        real = c["caught"] + c["survived"]
        score = "%5.1f%%" % (100.0 * c["caught"] / real) if real else "    -"
        print("%-24s %7d %7d %9d %10d %9d %6s" % (name, c["n"], c["caught"], c["survived"], c["equivalent"],
                                                   c["stillborn"], score))

    for f, _, _, _ in plan:
        c = {"caught": 0, "survived": 0, "equivalent": 0, "stillborn": 0, "n": 0}
        for r in results:
            if r[0] == f:
                c[r[5]] += 1
                c["n"] += 1
        for k in c:
            tot[k] += c[k]
        row(f, c)
    row("overall", tot)
    if results:
        print("(%.1f s a mutant: %d mutants in %.0f s)" % ((time.time() - run_began) / len(results), len(results),
                                                         time.time() - run_began))
    timeouts = sum(1 for r in results if r[6] == "timeout")
    if timeouts:
        print("(%d caught by the timeout)" % timeouts)
    surv = [r for r in results if r[5] == "survived"]
    if surv:
        print("\nsurvivors (no test noticed them):")
        for f, ln, o, mline, kind, _, _ in surv:
            print("  %s:%d  %s\n      - %s\n      + %s" % (f, ln, kind, o, mline))
    return 0


def on_term(signum, frame):
    raise KeyboardInterrupt


if __name__ == "__main__":
    signal.signal(signal.SIGTERM, on_term)
    signal.signal(signal.SIGINT, signal.default_int_handler)  # also when started in the background (inherited SIG_IGN)
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit("\nmutate: interrupted (the mutated file was written back)")
