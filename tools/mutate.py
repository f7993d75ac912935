#!/usr/bin/env python3
"""mutate.py: mutation testing of polsim's domain logic (issue 25).

Applies one small change ("mutant") at a time to a domain source file,
rebuilds, runs the tests and reports whether any test noticed. A mutant no
test notices ("survivor") marks a line whose behaviour no test pins down.

  make mutate [SEED=1] [FILES="src/model/alloc.c ..."] [PER_FILE=20] [TIMEOUT=60]
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
corpus), then, if it survived those, the whole of tests/run.sh. A test run
over the timeout counts as caught ("timeout").

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


def run(cmd, cwd, timeout, env=None):
    """(status, output); status None on a timeout (the process group is killed)."""
    p = subprocess.Popen(cmd, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True,
                         env=env)
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


# The project's warnings stay errors, but for -Wparentheses: `a || b && c`
# (from a && <-> || mutant) is a real mutant, not a compile error.
MUTANT_WARN = "WARN=-Wall -Wextra -Werror -Wno-parentheses"


def make(sandbox, targets, timeout=600):
    return run(["make", "-s", "-j2", "BUILD=build", MUTANT_WARN] + targets, sandbox, timeout)


def unit_bins(sandbox):
    return sorted("build/tests/" + f[:-2] for f in os.listdir(os.path.join(sandbox, "tests", "unit"))
                  if f.startswith("test_") and f.endswith(".c"))


def fast_tests(sandbox, deadline):
    """The name of the first failing fast test, "timeout", or None if all pass."""
    env = dict(os.environ, CMOCKA_MESSAGE_OUTPUT="TAP")
    polsim = os.path.join(sandbox, "build", "polsim")

    def left():
        return max(1.0, deadline - time.time())

    for b in unit_bins(sandbox):
        rc, _ = run([os.path.join(sandbox, b)], sandbox, left(), env)
        if rc is None:
            return "timeout"
        if rc != 0:
            return "unit " + os.path.basename(b)
    for d, extra in (("tests/core", ["--no-prelude"]), ("tests/scenarios", []), ("examples", [])):
        rc, out = run([polsim, "--color=never"] + extra + ["test", d], sandbox, left())
        if rc is None:
            return "timeout"
        if rc != 0 or not re.search(r"^\d+ passed, 0 failed$", out, re.M):
            return "scenario " + d
    cases = []  # (kind, folder of the .pol, file, folder of its .out/.err, default exit)
    for kind, default_exit in (("golden", 0), ("errors", 65)):
        folder = os.path.join(sandbox, "tests", kind)
        cases += [(kind, folder, f, folder, default_exit) for f in sorted(os.listdir(folder)) if f.endswith(".pol")]
    gold = os.path.join(sandbox, "tests", "golden", "examples")
    if os.path.isdir(gold):
        folder = os.path.join(sandbox, "examples")
        cases += [("golden", folder, f, gold, 0) for f in sorted(os.listdir(folder))
                  if f.endswith(".pol") and os.path.exists(os.path.join(gold, f[:-4] + ".out"))]
    for kind, folder, f, expected, default_exit in cases:
        name = f[:-4]
        text = open(os.path.join(folder, f), encoding="utf-8", errors="replace").read()
        mo = re.search(r"^# args: *(.*)$", text, re.M)
        args = mo.group(1).split() if mo else []
        mo = re.search(r"^# exit: *(\d+)", text, re.M)
        want = int(mo.group(1)) if mo else default_exit
        p = subprocess.Popen([polsim, "--color=never"] + args + [f], cwd=folder, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, start_new_session=True)
        try:
            out, err = p.communicate(timeout=left())
        except subprocess.TimeoutExpired:
            os.killpg(p.pid, signal.SIGKILL)
            p.communicate()
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


def full_tests(sandbox, timeout):
    """(status, detail) of the whole tests/run.sh. A failure counts only if a
    test fails twice running: some scripted checks measure time or memory
    and can fail under load (e.g. tests/scripts/sweep_memory.sh)."""
    first = None
    for attempt in range(2):
        rc, out = run(["sh", "tests/run.sh", "build"], sandbox, timeout)
        if rc is None:
            return "caught", "timeout"
        if rc == 0:
            return "survived", "" if attempt == 0 else "(a flaky failure: %s)" % ", ".join(sorted(first))
        fails = {l[5:] for l in out.splitlines() if l.startswith("FAIL ")} or {"run.sh failed"}
        if first is not None and first & fails:
            return "caught", "run.sh: " + sorted(first & fails)[0]
        first = fails if first is None else first
    return "survived", "(flaky failures: %s)" % ", ".join(sorted(first))


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
    ap.add_argument("--timeout", type=float, default=60, help="seconds for one mutant's tests")
    ap.add_argument("--fast-only", action="store_true", help="skip tests/run.sh for the fast tests' survivors")
    ap.add_argument("--list", action="store_true", help="only list the chosen mutants")
    ap.add_argument("--lines", help="only the sites on these lines (e.g. 12,40-44), to try a test against them")
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
        plan.append((f, lines, chosen, len(sites)))
    if a.list:
        for f, lines, chosen, total in plan:
            print("%s: %d of %d sites" % (f, len(chosen), total))
            for s in chosen:
                print("  %d: %s\n      %s" % (s[0] + 1, s[4], apply_site(lines, s)[s[0]].strip()))
        return 0

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

    results = []  # (file, line no, original, mutated, kind, status, detail)
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
                    rc, out = make(sandbox, targets)
                    if rc != 0:
                        status, detail = "caught", "build (a generator or link step failed)"
                    else:
                        start = time.time()
                        hit = fast_tests(sandbox, start + a.timeout)
                        if hit == "timeout":
                            status, detail = "caught", "timeout"
                        elif hit:
                            status, detail = "caught", hit
                        elif a.fast_only:
                            status, detail = "survived", "fast tests"
                        elif (f, orig_line, mut_line) in equivalents:
                            status, detail = "survived", ""  # listed: the fast tests suffice to confirm it
                        else:
                            status, detail = full_tests(sandbox, max(1.0, a.timeout - (time.time() - start)) + 30)
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
