"""Pareto/NBD and BG/BB fits in numpy/scipy, for a side-by-side ratio (benchmarks/clv-models.mjs).

Both on the grouped histogram (customers grouped by identical history with lexsort + diff, as
benchmarks/scipy_clv.py does for BG/NBD), maximized over log-parameters by
scipy.optimize.minimize(BFGS) from the same start as ours' first:
- Pareto/NBD: the likelihood of Fader & Hardie's 2005 note (eq. 19-22) with scipy.special.hyp2f1
  for the alpha >= beta / alpha < beta cases, as lifetimes' ParetoNBDFitter writes it; gradient by
  finite differences (no closed form of the 2F1 derivatives in scipy).
- BG/BB: Fader, Hardie & Shang (2010) eq. 5 with betaln, the sum over i < n - t_x vectorized
  with masks; gradient by finite differences.
Usage: python3 scipy_clv_models.py N  (reads benchmarks/.data/pareto-nbd-N/ and bgbb-N/). Prints a JSON line.
"""
import json, os, resource, sys, time
import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln, hyp2f1, betaln

n = int(sys.argv[1])
here = os.path.dirname(os.path.abspath(__file__))
def read(kind, name):
    return np.fromfile(os.path.join(here, '.data', '%s-%d' % (kind, n), name + '.f64'), dtype='<f8')

def group(*columns):
    order = np.lexsort(columns[::-1])
    sorted_ = [c[order] for c in columns]
    new = np.empty(len(order), bool); new[0] = True
    new[1:] = np.any([c[1:] != c[:-1] for c in sorted_], axis=0)
    starts = np.flatnonzero(new)
    w = np.diff(np.append(starts, len(order))).astype(float)
    return [c[starts] for c in sorted_], w

# Pareto/NBD
x_all, tx_all, T_all = read('pareto-nbd', 'frequency'), read('pareto-nbd', 'recency'), read('pareto-nbd', 'T')
t0 = time.perf_counter()
(x, tx, T), w = group(x_all, tx_all, T_all)
N = w.sum()
def pnbd_negll(lp):
    r, al, s, be = np.exp(lp)
    a = r + s + x
    if al >= be:
        f = lambda t: hyp2f1(a, s + 1, a + 1, (al - be) / (al + t)) / (al + t) ** a
    else:
        f = lambda t: hyp2f1(a, r + x, a + 1, (be - al) / (be + t)) / (be + t) ** a
    A0 = f(tx) - f(T)
    with np.errstate(all='ignore'):
        ll = gammaln(r + x) - gammaln(r) + r * np.log(al) + s * np.log(be) + np.log(1 / ((al + T) ** (r + x) * (be + T) ** s) + s / a * A0)
    total = np.sum(w * ll)
    return -total / N if np.isfinite(total) else np.inf
rate = np.sum(w * x) / np.sum(w * T)
start = np.log([1.0, 1.0 / rate, 1.0, np.sum(w * T) / N])
res = minimize(pnbd_negll, start, method='BFGS', options={'gtol': 1e-7, 'maxiter': 1000})
r, al, s, be = np.exp(res.x)
t1 = time.perf_counter()
pnbd_groups = len(x)

# BG/BB
x_all, tx_all, n_all = read('bgbb', 'frequency'), read('bgbb', 'recency'), read('bgbb', 'periods')
t2 = time.perf_counter()
(x, tx, nn), w = group(x_all, tx_all, n_all)
N2 = w.sum()
imax = int(np.max(nn - tx))
def bgbb_negll(lp):
    a, b, g, d = np.exp(lp)
    base = betaln(a, b) + betaln(g, d)
    terms = [betaln(a + x, b + nn - x) + betaln(g, d + nn) - base]
    for i in range(imax):
        ok = i < nn - tx
        terms.append(np.where(ok, betaln(a + x, b + tx - x + i) + betaln(g + 1, d + tx + i) - base, -np.inf))
    ll = np.logaddexp.reduce(np.array(terms), axis=0)
    return -np.sum(w * ll) / N2
res2 = minimize(bgbb_negll, np.log([1.0, 1.0, 1.0, 1.0]), method='BFGS', options={'gtol': 1e-7, 'maxiter': 1000})
a, b, g, d = np.exp(res2.x)
t3 = time.perf_counter()

print(json.dumps({
    'impl': 'numpy/scipy',
    'n': n,
    'paretoNbdSeconds': t1 - t0,
    'bgbbSeconds': t3 - t2,
    'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    'groups': {'paretoNbd': int(pnbd_groups), 'bgbb': int(len(x))},
    'converged': {'paretoNbd': bool(res.success), 'bgbb': bool(res2.success)},
    'check': {
        'paretoNbd': {'params': {'r': r, 'alpha': al, 's': s, 'beta': be}, 'logLikelihood': float(-res.fun * N)},
        'bgbb': {'params': {'alpha': a, 'beta': b, 'gamma': g, 'delta': d}, 'logLikelihood': float(-res2.fun * N2)},
    },
}))
