"""ref.py: an independent implementation of the yearly market model, written
from docs/model.md ("What goes in", "The steps", "Rounding") and the
availability rules of docs/language.md ("Policies"), not from the C code.

A world is plain data (see gen.py): vendors, chips, markets (in definition
order) and policies (in statement order). run(world) returns every figure
the comparison reads: units per chip and market, each market's totals, each
vendor's revenue (all markets and per market), net revenue, and each
government's levy.
"""
import math

INF = math.inf


def down(x):
    """'Rounded down': floor(x * (1 + 1e-12))."""
    return math.floor(x * (1 + 1e-12))


def up_demand(x):
    """The demand's ceil: ceil(x * (1 - 1e-12))."""
    return math.ceil(x * (1 - 1e-12))


def rem_key(x):
    """Largest remainder compares remainders to 9 decimals, rounded half up."""
    return math.floor((x - math.floor(x)) * 1e9 + 0.5)


def name_key(s):
    return s.encode()  # byte order


# --- what goes in -------------------------------------------------------------

def chip_origin(w, c):
    return c.get('origin') or w['vendors'][c['vendor']]['origin']


def chip_eco(w, c):
    return c.get('eco') or w['vendors'][c['vendor']].get('eco')


def figure(c, attr):
    return c.get(attr)  # None: unknown


def close(a, b):
    return abs(a - b) <= 1e-9 * max(abs(a), abs(b))


def available(w, c, m, pols):
    """docs/language.md, Policies: availability of chip c in market m."""
    origin = chip_origin(w, c)
    export_banned = capped = cap_unknown = licensed = import_banned = False
    if origin != m:
        for p in pols:
            if p['to'] != m or (p.get('from') and p['from'] != origin):
                continue
            k = p['kind']
            if k in ('ban_export_chip', 'ban_export_vendor'):
                if p['subject'] == (c['name'] if k == 'ban_export_chip' else c['vendor']):
                    export_banned = True
            elif k in ('license_chip', 'license_vendor'):
                if p['subject'] == (c['name'] if k == 'license_chip' else c['vendor']):
                    licensed = True
                    export_banned = False
            elif k == 'cap':
                v = figure(c, p['attr'])
                if v is None:
                    if not p.get('unknown_passes'):
                        cap_unknown = True
                elif v > p['amount'] and not close(v, p['amount']):
                    capped = True
    for p in pols:
        if p['to'] != m:
            continue
        if p['kind'] == 'ban_chip' and p['subject'] == c['name']:
            import_banned = True
        if p['kind'] == 'ban_vendor' and p['subject'] == c['vendor']:
            import_banned = True
    blocked = capped or cap_unknown
    return not export_banned and (licensed or not blocked) and not import_banned


def offered(w, c, m):
    """Offered in m: price and fp16 above zero, sold_in absent or m, available."""
    if not (c.get('price') or 0) > 0 or not (c.get('fp16') or 0) > 0:
        return False
    if c.get('sold_in') and c['sold_in'] != m:
        return False
    return available(w, c, m, w['policies'])


def share_of(w, c, m):
    """Step 1: the last share statement to m naming the chip or its vendor."""
    share, pt, gov = 0.0, 0.0, None
    for p in w['policies']:
        if p['kind'] != 'share' or p['to'] != m:
            continue
        if p['subject'] != (c['name'] if p.get('on_chip') else c['vendor']):
            continue
        share, pt, gov = p['amount'], p.get('passthrough', 0.0), p.get('gov')
    if gov is None:
        gov = w['vendors'][c['vendor']]['origin']  # the vendor's government
    return share, pt, gov


def tariff_of(w, c, m):
    origin = chip_origin(w, c)
    if origin == m:
        return 0.0
    rate = 0.0
    for p in w['policies']:
        if p['kind'] == 'tariff' and p['to'] == m and (not p.get('from') or p['from'] == origin):
            rate = p['amount']
    return rate


def perf_index(mk, c):
    t, I, M = mk.get('training', 1.0), mk.get('intensity', 16.0), mk.get('memory_need')
    infer = c['fp16']
    if c.get('bandwidth') is not None and c['bandwidth'] > 0 and I > 0:
        infer = min(infer, c['bandwidth'] * I)
    if c.get('memory') is not None and c['memory'] > 0 and M is not None and M > 0:
        infer *= min(1.0, c['memory'] / M)
    return t * c['fp16'] + (1 - t) * infer


def value(w, c, mk, p):
    """Steps 2 and 3: E, f and the unit cost c for buyers in market mk at price p."""
    E = (c.get('tdp') or 0.0) * mk.get('pue', 1.0) * mk.get('lifetime', 4 * 365 * 86400.0) * mk.get('energy', 0.0)
    sw = 0.0
    if mk.get('incumbent') and chip_eco(w, c) != mk['incumbent']:
        sw = mk.get('switching', 0.0)
    f = perf_index(mk, c) * (1 - sw)
    return E, f, ((p + E) / f if f > 0 else INF)


class Cand:
    pass


def make_cand(w, c, m, mk, route=None):
    """A candidate of chip c in market m (direct), or through route (into m via V)."""
    sold = route['via'] if route else m
    if not offered(w, c, sold):
        return None
    share, pt, gov = share_of(w, c, sold)
    x = Cand()
    x.chip, x.vendor, x.market, x.sold_to = c['name'], c['vendor'], m, sold
    x.list = c['price']
    x.fp16 = c['fp16']
    x.share, x.pt, x.gov = share, pt, gov
    x.origin = chip_origin(w, c)
    x.route = route
    x.risk = route.get('risk', 0.0) if route else 0.0
    x.tariff = 0.0 if route else tariff_of(w, c, m)
    if route:
        x.p = x.list * (1 + pt * share) * (1 + route['markup']) / (1 - x.risk)
    else:
        x.p = x.list * (1 + pt * share) * (1 + x.tariff)
    x.E, x.f, x.c = value(w, c, mk, x.p)
    if not x.f > 0:
        return None
    s = c.get('supply')
    x.supply = INF if s is None else s
    x.room = x.supply * (1 - x.risk)
    x.tdp = c.get('tdp') or 0.0
    x.units = 0.0
    return x


def market_cands(w, mk):
    m = mk['name']
    cands = []
    for c in w['chips']:
        x = make_cand(w, c, m, mk)
        if x:
            cands.append(x)
    for r in w['policies']:
        if r['kind'] != 'route' or r['to'] != m:
            continue
        for c in w['chips']:
            if any(x.chip == c['name'] for x in cands):
                continue
            x = make_cand(w, c, m, mk, r)
            if x:
                cands.append(x)
    return cands


# --- step 4 ---------------------------------------------------------------------

def order(items):
    return sorted(items, key=lambda x: (x.c, name_key(x.chip)))


def cost_order(items, budget, demand, whole=True):
    for x in items:
        x.units = 0.0
    L, G = budget, 0.0
    for x in order(items):
        u = x.room
        if L != INF:
            u = min(u, L / x.p)
        if demand != INF:
            d = (demand - G) / x.fp16
            u = min(u, up_demand(d) if whole else d)
        if whole:
            u = down(u) if u != INF else INF
        if not u > 0 or u == INF:
            u = 0.0
        x.units = float(u)
        if L != INF:
            L -= u * x.p
        G += u * x.fp16
        if demand != INF and G >= demand * (1 - 1e-12):
            break


def logit(items, budget, demand, sigma, whole=True):
    for x in items:
        x.units = 0.0
    opened = [x for x in items if x.room > 0 and x.p > 0 and x.fp16 > 0 and x.c > 0]
    money = budget != INF
    T = budget if money else demand
    got = {}
    if T != INF and T > 0:
        while opened:
            cmin = min(x.c for x in opened)
            wts = [(cmin / x.c) ** sigma for x in opened]
            s = sum(wts)
            if not s > 0:
                break
            over = []
            for x, wi in zip(opened, wts):
                per = x.p if money else x.fp16
                if T * wi / s / per > x.room:
                    over.append(x)
            if not over:
                for x, wi in zip(opened, wts):
                    per = x.p if money else x.fp16
                    got[id(x)] = T * wi / s / per
                break
            for x in over:
                got[id(x)] = x.room
                T -= x.room * (x.p if money else x.fp16)
            opened = [x for x in opened if x not in over]
    units = {id(x): got.get(id(x), 0.0) for x in items}
    compute = sum(units[id(x)] * x.fp16 for x in items)
    scale = demand / compute if money and demand != INF and compute > demand else 1.0
    for x in items:
        u = units[id(x)] * scale
        if whole:
            u = down(u)
        x.units = float(u) if math.isfinite(u) and u > 0 else 0.0


def allocate(mk, items, budget, demand, whole=True):
    if mk.get('logit'):
        logit(items, budget, demand, mk.get('sigma', 4.0), whole)
    else:
        cost_order(items, budget, demand, whole)
    return sum(x.units * x.p for x in items), sum(x.units * x.fp16 for x in items)


def buy(mk, cands, whole=True):
    """Step 4 for one market: share routes first in statement order, then the rest."""
    budget, demand = mk.get('budget', INF), mk.get('demand', INF)
    B, D = budget, demand
    for x in cands:
        x.units = 0.0
    seen = []
    for x in cands:  # routes with a share, in statement order (grey candidates are in route order)
        r = x.route
        if r is None or r.get('share') is None or any(r is s for s in seen):
            continue
        seen.append(r)
        items = [y for y in cands if y.route is r]
        spent, got = allocate(mk, items, min(r['share'] * budget, B), min(r['share'] * demand, D), whole)
        B -= spent
        D -= got
    items = [y for y in cands if y.route is None or y.route.get('share') is None]
    allocate(mk, items, B, D, whole)


# --- step 5 ---------------------------------------------------------------------

def shipped(x):
    return x.units / (1 - x.risk)


def parts(w, chip, claims, total, whole=True):
    supply = next(c for c in w['chips'] if c['name'] == chip)['supply']
    q = [(mname, x, supply * shipped(x) / total) for mname, x in claims]
    if not whole:
        return {id(x): v for _, x, v in q}
    W = down(supply)
    fl = sum(math.floor(v) for _, _, v in q)
    left = int(round(W - fl))
    ranked = sorted(q, key=lambda t: (-rem_key(t[2]), name_key(t[0])))
    out = {}
    for k, (mname, x, v) in enumerate(ranked):
        extra = 1 if k < left and v - math.floor(v) > 0 else 0
        out[id(x)] = math.floor(v) + extra
    return out


def oversold_chips(w, cands_by_market):
    taken = {}
    for mname, cands in cands_by_market:
        for x in cands:
            taken[x.chip] = taken.get(x.chip, 0.0) + shipped(x)
    out = []
    for c in w['chips']:
        s = c.get('supply')
        if s is None or c['name'] not in taken:
            continue
        if taken[c['name']] > s * (1 + 1e-12) + 1e-9:
            out.append((c['name'], taken[c['name']]))
    return out


def share_supply(w, markets, cbm, whole=True):
    for _ in range(16):
        fell = set()
        for chip, total in oversold_chips(w, cbm):
            claims = [(mname, x) for mname, cands in cbm for x in cands if x.chip == chip]
            pt = parts(w, chip, claims, total, whole)
            for mname, x in claims:
                cap = pt[id(x)] * (1 - x.risk)
                if cap < x.room:
                    x.room = cap
                    fell.add(mname)
        if not fell:
            break
        for mk, (mname, cands) in zip(markets, cbm):
            if mname in fell:
                buy(mk, cands, whole)
    for chip, total in oversold_chips(w, cbm):
        claims = [(mname, x) for mname, cands in cbm for x in cands if x.chip == chip]
        pt = parts(w, chip, claims, total, whole)
        for mname, x in claims:
            u = pt[id(x)] * (1 - x.risk)
            x.units = min(x.units, float(down(u)) if whole else u)


# --- step 6 ---------------------------------------------------------------------

def compute(w, whole=True):
    """Steps 1 to 5: every market's candidates with their units."""
    markets = w['markets']
    cbm = [(mk['name'], market_cands(w, mk)) for mk in markets]
    for mk, (_, cands) in zip(markets, cbm):
        buy(mk, cands, whole)
    share_supply(w, markets, cbm, whole)
    return cbm


def run(w):
    markets = w['markets']
    cbm = compute(w)
    out = {}
    for mk, (m, cands) in zip(markets, cbm):
        tot = dict(units=0.0, compute=0.0, effective_compute=0.0, spend=0.0, power=0.0, tariff_revenue=0.0,
                   grey_spend=0.0, grey_units=0.0, grey_compute=0.0)
        for x in cands:
            u = x.units
            tot['units'] += u
            tot['compute'] += u * x.fp16
            tot['effective_compute'] += u * x.f
            tot['spend'] += u * x.p
            tot['power'] += u * x.tdp * mk.get('pue', 1.0)
            tot['tariff_revenue'] += u * x.list * (1 + x.pt * x.share) * x.tariff
            if x.route:
                tot['grey_spend'] += u * x.p
                tot['grey_units'] += u
                tot['grey_compute'] += u * x.fp16
        b = mk.get('budget', INF)
        tot['unspent'] = b - tot['spend'] if b != INF else 0.0
        for k, v in tot.items():
            out['%s.%s' % (m, k)] = v
        for c in w['chips']:
            out['units(%s, %s)' % (c['name'], m)] = sum(x.units for x in cands if x.chip == c['name'])
    allc = [x for _, cands in cbm for x in cands]
    for v in w['vendors']:
        gross = lambda xs: sum(shipped(x) * x.list * (1 + x.pt * x.share) for x in xs)
        mine = [x for x in allc if x.vendor == v]
        out['revenue(%s)' % v] = gross(mine)
        out['net_revenue(%s)' % v] = gross(mine) - sum(shipped(x) * x.list * (1 + x.pt * x.share) * x.share for x in mine)
        for mk in markets:
            out['revenue(%s, %s)' % (v, mk['name'])] = gross([x for x in mine if x.sold_to == mk['name']])
    for g in w['countries']:
        out['levy(%s)' % g] = sum(shipped(x) * x.list * (1 + x.pt * x.share) * x.share for x in allc if x.gov == g)
    return out
