"""ref_time.py: the model over time of docs/model.md ("Over time"), written
from that text on top of ref.py: quarters cut into stretches at the
timeline's dates and launches, each group of markets (sharing a supplied
chip or a route) cut only where a date touches one of them, each stretch
the yearly model without rounding on the state of its first day with
budgets, demands and supplies scaled, whole units per quarter by largest
remainder, and the stock."""
import copy
import datetime
import math
import ref

EPOCH = datetime.date(1970, 1, 1).toordinal()


def day(y, m, d):
    return float(datetime.date(y, m, d).toordinal() - EPOCH)


def quarter(y, q):
    """[first day, first day of the next) of quarter q of year y."""
    a = day(y, 3 * q - 2, 1)
    b = day(y + 1, 1, 1) if q == 4 else day(y, 3 * q + 1, 1)
    return a, b


def state(w, d):
    """The policies in force on day d: undated ones, then dated ones up to d,
    by date then statement order."""
    pols = [(p.get('date', -math.inf), i, p) for i, p in enumerate(w['timeline'])
            if p['kind'] != 'order' and p.get('date', -math.inf) <= d]
    return [p for _, _, p in sorted(pols, key=lambda t: (t[0], t[1]))]


def plan(w, cuts, p1, per_day):
    """Step 2's groups: per cut k, each market's and each chip's share of a
    year in the stretch from cuts[k] (0 inside a longer stretch of its group)."""
    parent = {mk['name']: mk['name'] for mk in w['markets']}

    def find(m):
        while parent[m] != m:
            m = parent[m]
        return m

    def join(a, b):
        a, b = find(a), find(b)
        if a != b:
            parent[b] = a

    supplied = {c['name'] for c in w['chips'] if c.get('supply') is not None}
    owner, offered_at = {}, []
    for a in cuts:
        v = dict(w)
        v['policies'] = state(w, a)
        cbm = [(mk['name'], ref.market_cands(v, mk)) for mk in w['markets']]
        offered_at.append(cbm)
        for m, cands in cbm:
            for x in cands:
                if x.chip in supplied:
                    if x.chip in owner:
                        join(owner[x.chip], m)
                    else:
                        owner[x.chip] = m
        for p in v['policies']:
            if p['kind'] == 'route':
                join(p['to'], p['via'])
    offered_to = lambda k, chip: {m for m, cands in offered_at[k] if any(x.chip == chip for x in cands)}
    starts = [{find(m) for m in parent}]
    for k in range(1, len(cuts)):
        touched = set()
        for p in w['timeline']:
            if p.get('date') == cuts[k]:
                touched |= offered_to(k, p['chip']) if p['kind'] == 'order' else {p['to']}
        for c in w['chips']:
            if c.get('launch') == cuts[k]:
                touched |= offered_to(k, c['name'])
        starts.append({find(m) for m in touched if m in parent})
    out = []
    for k, a in enumerate(cuts):
        b = cuts[k + 1] if k + 1 < len(cuts) else p1

        def group_share(m):
            r = find(m)
            if r not in starts[k]:
                return 0.0
            e = next((j for j in range(k + 1, len(cuts)) if r in starts[j]), None)
            return per_day * ((cuts[e] if e is not None else p1) - a)
        ms = {m: group_share(m) for m in parent}
        cs = {c['name']: group_share(owner[c['name']]) if c['name'] in owner else per_day * (b - a) for c in w['chips']}
        out.append((ms, cs))
    return out


def stretch_world(w, a, share, stock, ms=None, cs=None):
    """Step 2: the world of a stretch from day a standing for `share` of a
    year (ms, cs: each market's and chip's own share)."""
    v = dict(w)
    v['policies'] = state(w, a)
    chips, made = [], {}
    for c in w['chips']:
        c = dict(c)
        launched = not (c.get('launch', -math.inf) > a)
        if not launched:
            c['price'] = None  # makes and sells nothing
        if c.get('supply') is not None:
            made[c['name']] = c['supply'] * (cs[c['name']] if cs else share) if launched else 0.0
            c['supply'] = max(0.0, made[c['name']] + stock[c['name']])
        chips.append(c)
    v['chips'] = chips
    markets = []
    for mk in w['markets']:
        mk = dict(mk)
        k = ms[mk['name']] if ms else share
        if 'budget' in mk:
            mk['budget'] = mk['budget'] * k
        if 'demand' in mk:
            mk['demand'] = mk['demand'] * k
        markets.append(mk)
    v['markets'] = markets
    return v, made


def simulate(w, first, last):
    """Quarters first..last ((year, q) pairs): per quarter, its stretches
    [(world, cbm)] after the quarter's rounding, and the stock at its end."""
    stock = {c['name']: float(c.get('stock', 0)) for c in w['chips']}
    start = quarter(*first)[0]
    orders = [p for p in w['timeline'] if p['kind'] == 'order']
    out = []
    y, q = first
    while (y, q) <= last:
        p0, p1 = quarter(y, q)
        cuts = {p0}
        for p in w['timeline']:
            if p0 < p.get('date', -math.inf) < p1:
                cuts.add(p['date'])
        for c in w['chips']:
            if p0 < c.get('launch', -math.inf) < p1:
                cuts.add(c['launch'])
        cuts = sorted(cuts)
        shares = plan(w, cuts, p1, 3 / 12.0 / (p1 - p0))
        stretches = []
        for k, a in enumerate(cuts):
            b = cuts[k + 1] if k + 1 < len(cuts) else p1
            for o in orders:
                d = o.get('date', -math.inf)
                d = start if d < start else d
                if a <= d < b:
                    stock[o['chip']] += o['units']
            share = 3 / 12.0 / (p1 - p0) * (b - a)
            v, made = stretch_world(w, a, share, stock, *shares[k])
            cbm = ref.compute(v, whole=False)
            for name, m in made.items():
                stock[name] += m
            for _, cands in cbm:
                for x in cands:
                    if x.chip in made:
                        stock[x.chip] -= x.units / (1 - x.risk)
            stretches.append((v, cbm))
        round_quarter(stretches, stock)
        out.append(((y, q), stretches, dict(stock)))
        y, q = (y + 1, 1) if q == 4 else (y, q + 1)
    return out


def round_quarter(stretches, stock):
    """Step 3: per chip, the units bought over the quarter by each market
    directly and by each market by a route, made whole by largest remainder."""
    items = {}
    for v, cbm in stretches:
        for m, cands in cbm:
            for x in cands:
                key = (x.chip, m, x.route is not None)
                it = items.setdefault(key, {'units': 0.0, 'last': None})
                it['units'] += x.units
                if x.units > 0:
                    it['last'] = x
    chips = sorted(set(k[0] for k in items), key=ref.name_key)
    for chip in chips:
        keys = [k for k in items if k[0] == chip]
        total = sum(items[k]['units'] for k in keys)
        left = int(round(ref.down(total) - sum(math.floor(items[k]['units']) for k in keys)))
        rem = lambda k: items[k]['units'] - math.floor(items[k]['units'])
        ranked = sorted(keys, key=lambda k: (-ref.rem_key(items[k]['units']), ref.name_key(k[1]), k[2]))
        for i, k in enumerate(ranked):
            u = items[k]['units']
            whole = math.floor(u) + (1 if i < left and rem(k) > 0 else 0)
            d = whole - u
            x = items[k]['last']
            if d == 0 or x is None:
                continue
            x.units += d
            if chip in stock and x.supply != math.inf:
                stock[chip] -= d / (1 - x.risk)


def run_time(w, first, last):
    """The figures compare.py reads per quarter."""
    out = {}
    for (y, q), stretches, stock in simulate(w, first, last):
        tag = '%dQ%d' % (y, q)
        for mk in w['markets']:
            m = mk['name']
            spend = units = unspent = 0.0
            for v, cbm in stretches:
                cands = dict(cbm)[m]
                s = sum(x.units * x.p for x in cands)
                spend += s
                units += sum(x.units for x in cands)
                b = next(k for k in v['markets'] if k['name'] == m).get('budget', math.inf)
                unspent += b - s if b != math.inf else 0.0
            out['%s.spend during %s' % (m, tag)] = spend
            out['%s.units during %s' % (m, tag)] = float(round(units))  # a quarter's units are whole
            out['%s.unspent during %s' % (m, tag)] = unspent
            for c in w['chips']:
                out['units(%s, %s) during %s' % (c['name'], m, tag)] = float(round(sum(
                    x.units for v, cbm in stretches for x in dict(cbm)[m] if x.chip == c['name'])))
        allc = [x for v, cbm in stretches for _, cands in cbm for x in cands]
        gross = lambda x: x.units / (1 - x.risk) * x.list * (1 + x.pt * x.share)
        for vname in w['vendors']:
            out['revenue(%s) during %s' % (vname, tag)] = sum(gross(x) for x in allc if x.vendor == vname)
        for g in w['countries']:
            out['levy(%s) during %s' % (g, tag)] = sum(gross(x) * x.share for x in allc if x.gov == g)
        for c in w['chips']:
            out['stock(%s) at %s' % (c['name'], tag)] = stock[c['name']] if c.get('supply') is not None else None
    return out
