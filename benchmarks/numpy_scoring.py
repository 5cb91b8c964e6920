"""The same scoring in numpy (benchmarks/README.md): RFM scores + cell and the value pyramid's
value + tier, from the same models.json, on the same columns. Two forms: idiomatic
(`np.searchsorted`) and fastest (thresholds counted by summed comparisons). Best of 5 each.
Usage: python3 numpy_scoring.py N. Prints one JSON line per form.
"""
import json, os, sys, time
import numpy as np

n = int(sys.argv[1])
d = os.path.join(os.path.dirname(os.path.abspath(__file__)), '.data', 'scoring-%d' % n)
cols = {c: np.fromfile(os.path.join(d, c + '.f64'), dtype='<f8') for c in ['recency', 'frequency', 'monetary', 'revenue', 'visits', 'tenure']}
models = json.load(open(os.path.join(d, 'models.json')))
rfm, pyr = models['rfm'], models['pyramid']

def rfm_scores(count):
    out = {}
    for dim in ['recency', 'frequency', 'monetary']:
        t = np.array(rfm['thresholds'][dim])
        x = cols[rfm['spec'][dim]['column']]
        above = count(x, t)
        out[dim] = (rfm['spec']['bins'] - above) if rfm['spec'][dim]['better'] == 'lower' else (1 + above)
    return out

def pyramid(count_below):
    v = np.zeros(n)
    for dim, s in zip(pyr['spec']['dimensions'], pyr['scaling']):
        v += (s['weight'] / s['spread']) * (cols[dim['column']] - s['center'])
    return v, count_below(v, np.array(pyr['thresholds']))

def searchsorted_form():
    # number of thresholds < x  (x > t) via searchsorted on ascending thresholds
    r = rfm_scores(lambda x, t: np.searchsorted(t, x, side='left'))
    cell = 100 * r['recency'] + 10 * r['frequency'] + r['monetary']
    # tier = number of (descending) thresholds above v = count(v < t)
    asc = lambda t: np.sort(t)
    v, tier = pyramid(lambda v, t: len(t) - np.searchsorted(asc(t), v, side='right'))
    return cell, v, tier

def comparison_form():
    def count(x, t):
        acc = np.zeros(x.shape, dtype=np.int32)
        for tj in t:
            acc += x > tj
        return acc
    r = rfm_scores(count)
    cell = 100 * r['recency'] + 10 * r['frequency'] + r['monetary']
    def below(v, t):
        acc = np.zeros(v.shape, dtype=np.int32)
        for tj in t:
            acc += v < tj
        return acc
    v, tier = pyramid(below)
    return cell, v, tier

for name, form in [('numpy %s searchsorted' % np.__version__, searchsorted_form), ('numpy %s summed comparisons' % np.__version__, comparison_form)]:
    best = float('inf')
    for _ in range(5):
        t0 = time.perf_counter()
        cell, v, tier = form()
        best = min(best, time.perf_counter() - t0)
    print(json.dumps({'impl': name, 'n': n, 'seconds': best, 'check': {'cellSum': float(cell.sum()), 'tierSum': float(tier.sum()), 'valueSum': float(v.sum())}}))
