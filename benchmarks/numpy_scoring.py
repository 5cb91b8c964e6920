"""The same scoring in numpy (benchmarks/README.md): issue 17's 12-output workload — two RFM
models (scores, cell, total) and the value pyramid's value + tier — from the same models-v2.json, on
the same columns. Two forms: idiomatic (`np.searchsorted`) and fastest (thresholds counted by
summed comparisons). Best of 5 each. Usage: python3 numpy_scoring.py N. Prints one JSON line per form.
"""
import json, os, sys, time
import numpy as np

n = int(sys.argv[1])
d = os.path.join(os.path.dirname(os.path.abspath(__file__)), '.data', 'scoring-%d' % n)
cols = {c: np.fromfile(os.path.join(d, c + '.f64'), dtype='<f8') for c in ['recency', 'frequency', 'monetary', 'revenue', 'visits', 'tenure']}
models = json.load(open(os.path.join(d, 'models-v2.json')))
RFM_MODELS = ['rfm', 'engagement']
pyr = models['pyramid']

def rfm_scores(rfm, count):
    out = {}
    for dim in ['recency', 'frequency', 'monetary']:
        t = np.array(rfm['thresholds'][dim])
        x = cols[rfm['spec'][dim]['column']]
        above = count(x, t)
        out[dim] = (rfm['spec']['bins'] - above) if rfm['spec'][dim]['better'] == 'lower' else (1 + above)
    out['cell'] = 100 * out['recency'] + 10 * out['frequency'] + out['monetary']
    out['total'] = out['recency'] + out['frequency'] + out['monetary']
    return out

def pyramid(count_below):
    v = np.zeros(n)
    for dim, s in zip(pyr['spec']['dimensions'], pyr['scaling']):
        v += (s['weight'] / s['spread']) * (cols[dim['column']] - s['center'])
    return v, count_below(v, np.array(pyr['thresholds']))

def searchsorted_form():
    # number of thresholds < x  (x > t) via searchsorted on ascending thresholds
    rs = [rfm_scores(models[m], lambda x, t: np.searchsorted(t, x, side='left')) for m in RFM_MODELS]
    # tier = number of (descending) thresholds above v = count(v < t)
    v, tier = pyramid(lambda v, t: len(t) - np.searchsorted(np.sort(t), v, side='right'))
    return rs, v, tier

def comparison_form():
    def count(x, t):
        acc = np.zeros(x.shape, dtype=np.int32)
        for tj in t:
            acc += x > tj
        return acc
    rs = [rfm_scores(models[m], count) for m in RFM_MODELS]
    def below(v, t):
        acc = np.zeros(v.shape, dtype=np.int32)
        for tj in t:
            acc += v < tj
        return acc
    v, tier = pyramid(below)
    return rs, v, tier

for name, form in [('numpy %s searchsorted' % np.__version__, searchsorted_form), ('numpy %s summed comparisons' % np.__version__, comparison_form)]:
    best = float('inf')
    for _ in range(5):
        t0 = time.perf_counter()
        rs, v, tier = form()
        best = min(best, time.perf_counter() - t0)
    check = {
        'cellSum': float(sum(r['cell'].sum() for r in rs)),
        'totalSum': float(sum(r['total'].sum() for r in rs)),
        'scoreSum': float(sum(r[f].sum() for r in rs for f in ['recency', 'frequency', 'monetary'])),
        'tierSum': float(tier.sum()),
        'valueSum': float(v.sum()),
    }
    print(json.dumps({'impl': name, 'n': n, 'seconds': best, 'check': check}))
