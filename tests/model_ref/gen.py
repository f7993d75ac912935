"""gen.py: random small worlds for the model comparison (compare.py), as
plain data for ref.py and as a polsim file. Figures are written in base
units (FLOPS, B/s, B, W, $, units), percentages as N% and energy prices in
$/kWh, so both sides read the same numbers."""
import datetime
import random

EPOCH = datetime.date(1970, 1, 1).toordinal()

ATTRS = {'fp16': ('FLOPS', 1), 'bandwidth': ('B/s', 1), 'memory': ('B', 1), 'tdp': ('W', 1), 'price': ('$', 1)}


def fmt(attr, v):
    unit = ATTRS[attr][0]
    return '$%d' % v if unit == '$' else '%d %s' % (v, unit)


def pct(r):
    return r * 0.01  # how polsim reads N%: N x 0.01


def iso(d):
    return '%04d-%02d-%02d' % (d.year, d.month, d.day)


def world(seed, big=False, timed=False):
    """A random world; timed: some chips launch late or start with stock,
    some policies are dated (2025-01-01 to 2026-03-31) and orders are added
    (w['timeline']: every policy and order, dates in days since 1970)."""
    R = random.Random(seed)
    nm, nv, nc = (R.randint(2, 6), R.randint(1, 4), R.randint(4, 10)) if big else (R.randint(1, 4), R.randint(1, 3), R.randint(2, 6))
    mnames = ['M%d' % i for i in range(1, nm + 1)]
    countries = mnames + ['XA', 'XB']
    vendors = {}
    lines = []
    for i in range(1, nv + 1):
        v = {'origin': R.choice(countries)}
        if R.random() < 0.5:
            v['eco'] = R.choice(['e1', 'e2'])
        vendors['v%d' % i] = v
        lines.append('define vendor v%d { origin: %s%s }' % (i, v['origin'], '; ecosystem: %s' % v['eco'] if 'eco' in v else ''))
    chips = []
    base = [(R.randint(50, 2000) * 10**12, R.randint(2, 40) * 1000) for _ in range(3)]
    for i in range(1, nc + 1):
        c = {'name': 'C%d' % i, 'vendor': R.choice(sorted(vendors))}
        if R.random() < 0.25:  # an exact tie in price and compute with another chip
            c['fp16'], c['price'] = R.choice(base)
        else:
            c['fp16'], c['price'] = R.randint(50, 2000) * 10**12, R.randint(2, 40) * 1000
        f = ['vendor: %s' % c['vendor'], 'fp16: %d FLOPS' % c['fp16'], 'price: $%d' % c['price']]
        if R.random() < 0.3:
            c['origin'] = R.choice(countries)
            f.append('origin: %s' % c['origin'])
        if R.random() < 0.3:
            c['eco'] = R.choice(['e1', 'e2'])
            f.append('ecosystem: %s' % c['eco'])
        if R.random() < 0.5:
            c['tdp'] = R.randint(100, 1200)
            f.append('tdp: %d W' % c['tdp'])
        if R.random() < 0.5:
            c['bandwidth'] = R.randint(1, 80) * 10**11
            f.append('bandwidth: %d B/s' % c['bandwidth'])
        if R.random() < 0.4:
            c['memory'] = R.randint(16, 192) * 10**9
            f.append('memory: %d B' % c['memory'])
        if R.random() < 0.6:
            c['supply'] = R.choice([R.randint(1, 30), R.randint(10, 5000), R.randint(1000, 200000)])
            f.append('supply: %d units' % c['supply'])
        if R.random() < 0.15:
            c['sold_in'] = R.choice(mnames)
            f.append('sold_in: %s' % c['sold_in'])
        if timed and R.random() < 0.2:
            d = datetime.date(2025, 1, 1) + datetime.timedelta(days=R.randint(0, 400))
            c['launch'] = float(d.toordinal() - EPOCH)
            f.append('launch: %s' % iso(d))
        if timed and R.random() < 0.3:
            c['stock'] = R.randint(0, 5000)
            f.append('stock: %d units' % c['stock'])
        chips.append(c)
        lines.append('define chip %s { %s }' % (c['name'], '; '.join(f)))
    markets = []
    for m in mnames:
        mk = {'name': m}
        f = []
        kind = R.random()
        if kind < 0.6 or kind >= 0.85:
            mk['budget'] = R.choice([R.randint(1, 200) * 10**4, R.randint(1, 500) * 10**6, R.randint(1, 50) * 10**8])
            f.append('budget: $%d' % mk['budget'])
        if kind >= 0.6:
            mk['demand'] = R.randint(1, 5000) * 10**15
            f.append('demand: %d FLOPS' % mk['demand'])
        if R.random() < 0.4:
            mk['logit'] = True
            f.append('allocation: logit')
            if R.random() < 0.6:
                s = R.choice([0, 1, 2, 4, 8])
                mk['sigma'] = float(s)
                f.append('price_sensitivity: %d' % s)
        if R.random() < 0.4:
            e = R.randint(1, 20)
            mk['energy'] = e / 100 / 3.6e6
            mk['energy_text'] = True
            f.append('energy_price: $%g/kWh' % (e / 100))
        if R.random() < 0.3:
            pu = R.choice([11, 12, 15])
            mk['pue'] = pu / 10
            f.append('pue: %g' % (pu / 10))
        if R.random() < 0.2:
            y = R.randint(2, 6)
            mk['lifetime'] = y * (365 * 86400.0)
            f.append('lifetime: %d yr' % y)
        if R.random() < 0.4:
            mk['incumbent'] = R.choice(['e1', 'e2'])
            sc = R.randint(0, 50)
            mk['switching'] = pct(sc)
            f.append('incumbent: %s; switching_cost: %d%%' % (mk['incumbent'], sc))
        if R.random() < 0.3:
            t = R.randint(0, 100)
            mk['training'] = pct(t)
            f.append('training_share: %d%%' % t)
            if R.random() < 0.5:
                it = R.randint(4, 64)
                mk['intensity'] = float(it)
                f.append('inference_intensity: %d' % it)
            if R.random() < 0.5:
                mn = R.randint(16, 200) * 10**9
                mk['memory_need'] = float(mn)
                f.append('memory_need: %d B' % mn)
        markets.append(mk)
        lines.append('define market %s { %s }' % (m, '; '.join(f)))
    # the countries polsim knows: markets, vendors' and chips' origins
    countries = mnames + sorted(set(x['origin'] for x in list(vendors.values()) + chips if x.get('origin')) - set(mnames))
    pols = []
    for _ in range(R.randint(0, 20 if big else 8)):
        k = R.random()
        m = R.choice(mnames)
        c = R.choice(chips)
        v = R.choice(sorted(vendors))
        if k < 0.1:
            pols.append({'kind': 'ban_chip', 'subject': c['name'], 'to': m}); lines.append('ban chip %s in %s' % (c['name'], m))
        elif k < 0.18:
            pols.append({'kind': 'ban_vendor', 'subject': v, 'to': m}); lines.append('ban vendor %s in %s' % (v, m))
        elif k < 0.26:
            pols.append({'kind': 'ban_export_chip', 'subject': c['name'], 'to': m}); lines.append('ban export of chip %s to %s' % (c['name'], m))
        elif k < 0.3:
            pols.append({'kind': 'ban_export_vendor', 'subject': v, 'to': m}); lines.append('ban export of vendor %s to %s' % (v, m))
        elif k < 0.36:
            if R.random() < 0.5:
                pols.append({'kind': 'license_chip', 'subject': c['name'], 'to': m}); lines.append('license chip %s to %s' % (c['name'], m))
            else:
                pols.append({'kind': 'license_vendor', 'subject': v, 'to': m}); lines.append('license vendor %s to %s' % (v, m))
        elif k < 0.48:
            attr = R.choice(['fp16', 'price', 'bandwidth', 'memory', 'tdp'])
            amount = {'fp16': R.randint(50, 2000) * 10**12 + 7 * 10**11, 'price': R.randint(2, 40) * 1000 + 500,
                      'bandwidth': R.randint(1, 80) * 10**11 + 5 * 10**10, 'memory': R.randint(16, 192) * 10**9 + 5 * 10**8,
                      'tdp': R.randint(100, 1200) + 0.5}[attr]
            p = {'kind': 'cap', 'attr': attr, 'amount': amount, 'to': m}
            frm = ''
            if R.random() < 0.3:
                p['from'] = R.choice(sorted(set(vv['origin'] for vv in vendors.values())))
                frm = 'from %s ' % p['from']
            up = R.random() < 0.4
            p['unknown_passes'] = up
            amt = ('%g W' % amount) if attr == 'tdp' else fmt(attr, amount)
            pols.append(p); lines.append('cap %s %s on exports %sto %s%s' % (attr, amt, frm, m, ' unknown passes' if up else ''))
        elif k < 0.62:
            r = R.randint(1, 100)
            p = {'kind': 'tariff', 'amount': pct(r), 'to': m}
            if R.random() < 0.6:
                p['from'] = R.choice(countries)
                lines.append('apply tariff %d%% on imports from %s to %s' % (r, p['from'], m))
            else:
                lines.append('apply tariff %d%% on imports to %s' % (r, m))
            pols.append(p)
        elif k < 0.8:
            r = R.randint(1, 50)
            p = {'kind': 'share', 'amount': pct(r), 'to': m}
            txt = 'apply tariff share %d%% on ' % r
            if R.random() < 0.4:
                p['on_chip'] = True; p['subject'] = c['name']; txt += 'chip %s sales to %s' % (c['name'], m)
            else:
                p['subject'] = v; txt += '%s sales to %s' % (v, m)
            if R.random() < 0.5:
                ptv = R.randint(0, 100); p['passthrough'] = pct(ptv); txt += ' passthrough %d%%' % ptv
            if R.random() < 0.3:
                p['gov'] = R.choice(countries); txt += ' to %s' % p['gov']
            pols.append(p); lines.append(txt)
        elif len(mnames) > 1:
            via = R.choice([x for x in mnames if x != m])
            mu = R.randint(0, 100)
            p = {'kind': 'route', 'to': m, 'via': via, 'markup': pct(mu)}
            txt = 'route %s via %s markup %d%%' % (m, via, mu)
            if R.random() < 0.5:
                s = R.randint(5, 80); p['share'] = pct(s); txt += ' share %d%%' % s
            if R.random() < 0.5:
                rk = R.randint(5, 50); p['risk'] = pct(rk); txt += ' risk %d%%' % rk
            if any(q['kind'] == 'route' and q['to'] == m and q['via'] == via for q in pols):
                continue  # the same route twice is one statement lifted by the other
            pols.append(p); lines.append(txt)
    w = {'vendors': vendors, 'chips': chips, 'markets': markets, 'policies': pols, 'countries': countries}
    if timed:
        head = lines[:len(lines) - len(pols)]
        plines = lines[len(lines) - len(pols):]
        tl, tlines = [], []
        for p, line in zip(pols, plines):
            if R.random() < 0.5:
                d = datetime.date(2025, 1, 1) + datetime.timedelta(days=R.choice([0, 90, 181, R.randint(0, 454)]))
                p = dict(p, date=float(d.toordinal() - EPOCH))
                line = 'on %s %s' % (iso(d), line)
            tl.append(p)
            tlines.append(line)
        for _ in range(R.randint(0, 2)):
            c = R.choice(chips)
            o = {'kind': 'order', 'chip': c['name'], 'units': R.randint(1, 3000)}
            if R.random() < 0.7:
                d = datetime.date(2025, 1, 1) + datetime.timedelta(days=R.randint(0, 454))
                o['date'] = float(d.toordinal() - EPOCH)
                tlines.append('on %s add %d units of %s to stock' % (iso(d), o['units'], c['name']))
            else:
                tlines.append('add %d units of %s to stock' % (o['units'], c['name']))
            tl.append(o)
        w['timeline'] = tl
        lines = head + tlines
    return w, lines


QUARTERS = [(2025, 1), (2025, 2), (2025, 3), (2025, 4), (2026, 1)]


def time_queries(w):
    q = []
    for y, n in QUARTERS:
        tag = '%dQ%d' % (y, n)
        for mk in w['markets']:
            m = mk['name']
            q += ['%s.%s during %s' % (m, k, tag) for k in ('spend', 'units', 'unspent')]
            q += ['units(%s, %s) during %s' % (c['name'], m, tag) for c in w['chips']]
        q += ['revenue(%s) during %s' % (v, tag) for v in w['vendors']]
        q += ['levy(%s) during %s' % (g, tag) for g in w['countries']]
        q += ['stock(%s) at %s' % (c['name'], tag) for c in w['chips'] if c.get('supply') is not None]
    return q


def queries(w):
    q = []
    for mk in w['markets']:
        m = mk['name']
        for k in ('units', 'compute', 'effective_compute', 'spend', 'power', 'unspent', 'tariff_revenue',
                  'grey_spend', 'grey_units', 'grey_compute'):
            q.append('%s.%s' % (m, k))
        for c in w['chips']:
            q.append('units(%s, %s)' % (c['name'], m))
    for v in w['vendors']:
        q.append('revenue(%s)' % v)
        q.append('net_revenue(%s)' % v)
        for mk in w['markets']:
            q.append('revenue(%s, %s)' % (v, mk['name']))
    for g in w['countries']:
        q.append('levy(%s)' % g)
    return q


def polsim_file(w, lines, timed=False):
    q = time_queries(w) if timed else queries(w)
    out = list(lines)
    for i in range(0, len(q), 12):
        out.append('print ' + ', '.join(q[i:i + 12]))
    return '\n'.join(out) + '\n', q
