"""compare.py POLSIM [N] [FIRST_SEED] [-v] [--big] [--time]: runs N random worlds (gen.py)
through polsim and through ref.py (docs/model.md written out independently)
(--big: up to 6 markets, 10 chips, 20 policies; --time: the model over
time, ref_time.py, quarter by quarter from 2025Q1 to 2026Q1 with dated
policies, orders, launches and stock) and compares every
figure: units exactly, money and compute within 1e-9
relative. Prints the agreement count; exit 1 on any disagreement."""
import json, os, subprocess, sys, tempfile
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen, ref, ref_time


def polsim_values(polsim, text, tmp):
    path = os.path.join(tmp, 'w.pol')
    with open(path, 'w') as f:
        f.write(text)
    p = subprocess.run([polsim, '--no-prelude', '--format', 'json', path], capture_output=True, text=True)
    if p.returncode != 0:
        return None, p.stderr
    vals = {}
    for line in p.stdout.splitlines():
        o = json.loads(line)
        if o.get('type') != 'print':
            continue
        for name, v in zip(o['metrics'], o['values']):
            vals[name] = v['value'] if isinstance(v, dict) else v
    return vals, None


def agree(a, b, exact):
    if a is None or b is None:
        return a == b
    if exact:
        return a == b
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b)) + 1e-6


def main():
    args = [a for a in sys.argv[1:] if a not in ('-v', '--big', '--time')]
    big = '--big' in sys.argv
    timed = '--time' in sys.argv
    verbose = '-v' in sys.argv
    polsim = args[0]
    n = int(args[1]) if len(args) > 1 else 100
    first = int(args[2]) if len(args) > 2 else 1
    ok = 0
    bad = []
    with tempfile.TemporaryDirectory() as tmp:
        for seed in range(first, first + n):
            w, lines = gen.world(seed, big, timed)
            text, q = gen.polsim_file(w, lines, timed)
            got, err = polsim_values(polsim, text, tmp)
            if got is None:
                bad.append((seed, 'polsim failed: ' + err.strip().splitlines()[0] if err.strip() else 'polsim failed'))
                continue
            want = ref_time.run_time(w, gen.QUARTERS[0], gen.QUARTERS[-1]) if timed else ref.run(w)
            diffs = []
            for k in q:
                exact = k.startswith('units(') or k.endswith('.units') or k.endswith('.grey_units') or '.units ' in k
                if not agree(got.get(k), want.get(k), exact):
                    diffs.append('%s: polsim %r, ref %r' % (k, got.get(k), want.get(k)))
            if diffs:
                bad.append((seed, '; '.join(diffs[:4]) + (' (+%d)' % (len(diffs) - 4) if len(diffs) > 4 else '')))
                if verbose:
                    print('--- seed %d\n%s' % (seed, text))
            else:
                ok += 1
    for seed, why in bad[:20]:
        print('seed %d: %s' % (seed, why))
    print('model_ref: %d of %d worlds agree' % (ok, n))
    return 0 if not bad else 1


if __name__ == '__main__':
    sys.exit(main())
