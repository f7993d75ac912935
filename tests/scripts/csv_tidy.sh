#!/bin/sh
# csv_tidy.sh POLSIM ROOT: every example's --format csv is one tidy table
# (read with Python's csv module): the header scenario, statement, subject,
# metric, period, value, unit, text, message, nine fields a row, the value
# column numbers only (a truth 1 or 0 with unit bool, any other result in
# the text column), loaded by pandas with a numeric value column; and its
# rows are the values of the same run's --format json,
# number for number, with one assert object per assert and a provenance
# object listing every source with its hash.
set -eu
POLSIM=$1
ROOT=$2
PY=python3 # Debian's python3 has Debian's pandas (scripts/setup.sh); another on the PATH may not
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
for f in "$ROOT"/examples/*.pol; do
    name=$(basename "$f" .pol)
    "$POLSIM" --format csv "$f" >"$tmp/$name.csv" || { echo "csv_tidy: $name: polsim --format csv failed"; exit 1; }
    "$POLSIM" --format json "$f" >"$tmp/$name.json" || { echo "csv_tidy: $name: polsim --format json failed"; exit 1; }
    nasserts=$(grep -c '^ *assert ' "$f" || true)
    "$PY" - "$tmp/$name.csv" "$tmp/$name.json" "$nasserts" <<'PY' || exit 1
import csv, json, math, re, sys
path, jpath, nasserts = sys.argv[1], sys.argv[2], int(sys.argv[3])
name = path.rsplit('/', 1)[-1]
def fail(msg):
    print(f"csv_tidy: {name}: {msg}")
    sys.exit(1)
with open(path, newline='') as fh:
    rows = list(csv.reader(fh))
if not rows or rows[0] != ['scenario', 'statement', 'subject', 'metric', 'period', 'value', 'unit', 'text', 'message']:
    fail(f"header is {rows[:1]}")
body = rows[1:]
if not body: fail("no rows")
nums = []
for i, r in enumerate(body, 2):
    if len(r) != 9: fail(f"row {i} has {len(r)} fields: {r}")
    scen, stmt, subj, metric, period, value, unit, text, message = r
    if not scen: fail(f"row {i} names no scenario")
    if not re.fullmatch(r'[a-z]+ \S+\.pol:\d+', stmt): fail(f"row {i} statement '{stmt}'")
    if value != '':
        try: x = float(value)
        except ValueError: fail(f"row {i}: value '{value}' is not a number")
        if text: fail(f"row {i}: a number and a text")
        if unit == 'bool':
            if x not in (0, 1): fail(f"row {i}: a truth {value}, not 1 or 0")
        elif unit and unit != 'date': nums.append(x)
    if re.fullmatch(r'\S+ (during|at) \S+', metric): fail(f"row {i}: the period is inside the metric '{metric}'")
try:
    import pandas
    df = pandas.read_csv(path, keep_default_na=True)
    if df['value'].dtype.kind not in 'fi': fail(f"pandas reads the value column as {df['value'].dtype}")
except ImportError:
    pass  # scripts/setup.sh installs python3-pandas
# the same values in the JSON of the same run
objs = [json.loads(l) for l in open(jpath)]
want = []
def val(v):
    if isinstance(v, dict) and 'unit' in v:
        if v['value'] is not None: want.append(v['value'])
        return 1
    return 1
count = 0
for o in objs:
    t = o['type']
    if t in ('print', 'value'): count += sum(val(v) for v in o['values'])
    elif t == 'show': count += sum(val(v) for v in o['fields'].values())
    elif t == 'compare':
        for row in o['rows']:
            count += sum(val(v) for v in row['values'])
            for k in ('ratio', 'difference'):
                if k in row: count += val(row[k])
    elif t in ('sweep', 'simulate'): count += val(o['value'])
    elif t in ('explain', 'classify', 'headroom', 'assert'): count += 1
    elif t == 'series':  # a row per period and expression
        for row in o['rows']: count += sum(val(v) for v in row['values'])
    elif t == 'plot':  # the plotted numbers, in the chart's unit
        for s in o['series']:
            count += len(s['values'])
            want.extend(v for v in s['values'] if v is not None)
if count != len(body): fail(f"{len(body)} CSV rows but {count} values in the JSON")
if len(nums) != len(want) or any(not math.isclose(a, b, rel_tol=1e-12) for a, b in zip(nums, want)):
    fail(f"CSV numbers {nums[:5]}... differ from JSON {want[:5]}...")
asserts = [o for o in objs if o['type'] == 'assert']
if len(asserts) != nasserts: fail(f"{len(asserts)} assert objects, the file has {nasserts} asserts")
if not all(a['passed'] is True for a in asserts): fail("an example's assert failed")
prov = objs[-1]
if prov['type'] != 'provenance' or len(prov['sources']) != prov['nfiles'] or \
   not all(re.fullmatch(r'fnv1a64:[0-9a-f]{16}', s['hash']) for s in prov['sources']):
    fail(f"last JSON object is not a provenance with each source's hash: {prov}")
PY
done
exit 0
