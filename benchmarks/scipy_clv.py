"""The CLV pipeline in numpy/scipy, for a side-by-side ratio (benchmarks/README.md).

BG/NBD: the same log-likelihood (log-sum-exp) and analytic gradient, vectorized with
scipy.special over customers grouped by identical (x, t_x, T) (lexsort + diff), maximized by
scipy.optimize.minimize(BFGS) from (1, 1, 1, 1). Gamma-Gamma likewise over repeat customers.
52-week CLV with scipy.special.hyp2f1 in Euler-transformed form, per distinct (x, T).
Usage: python3 scipy_clv.py N  (reads benchmarks/.data/customers-N/). Prints a JSON line.
"""
import json, os, resource, sys, time
import numpy as np
from scipy.optimize import minimize
from scipy.special import gammaln, digamma, hyp2f1, betaln

n = int(sys.argv[1])
d = os.path.join(os.path.dirname(os.path.abspath(__file__)), '.data', 'customers-%d' % n)
read = lambda name: np.fromfile(os.path.join(d, name + '.f64'), dtype='<f8')
x_all, tx_all, T_all, m_all = read('frequency'), read('recency'), read('T'), read('monetary')

t0 = time.perf_counter()
order = np.lexsort((T_all, tx_all, x_all))
xs, txs, Ts = x_all[order], tx_all[order], T_all[order]
new = np.empty(len(xs), bool); new[0] = True
new[1:] = (xs[1:] != xs[:-1]) | (txs[1:] != txs[:-1]) | (Ts[1:] != Ts[:-1])
starts = np.flatnonzero(new)
w = np.diff(np.append(starts, len(xs))).astype(float)
x, tx, T = xs[starts], txs[starts], Ts[starts]
N = w.sum()
pos = x > 0

def negll(lp):
    r, alpha, a, b = np.exp(lp)
    rx = r + x
    A = gammaln(rx) - gammaln(r) + r * np.log(alpha) + betaln(a, b + x) - betaln(a, b)
    l3 = -rx * np.log(alpha + T)
    l4 = np.where(pos, np.log(a) - np.log(np.where(pos, b + x - 1, 1)) - rx * np.log(alpha + tx), -np.inf)
    lse = np.logaddexp(l3, l4)
    w4 = np.exp(l4 - lse)
    w3 = 1 - w4
    ll = np.sum(w * (A + lse))
    g_r = np.sum(w * (digamma(rx) - digamma(r) + np.log(alpha) - w3 * np.log(alpha + T) - w4 * np.log(alpha + tx)))
    g_alpha = np.sum(w * (r / alpha - rx * (w3 / (alpha + T) + w4 / (alpha + tx))))
    g_a = np.sum(w * (digamma(a + b) - digamma(a + b + x) + w4 / a))
    g_b = np.sum(w * (digamma(a + b) + digamma(b + x) - digamma(b) - digamma(a + b + x) - w4 / np.where(pos, b + x - 1, 1)))
    grad = np.array([g_r * r, g_alpha * alpha, g_a * a, g_b * b])
    return -ll / N, -grad / N

res = minimize(negll, np.log([1.0, 1.0, 1.0, 1.0]), jac=True, method='BFGS', options={'gtol': 1e-9, 'maxiter': 1000})
r, alpha, a, b = np.exp(res.x)
t1 = time.perf_counter()

rep = x_all > 0
gx, gm = x_all[rep], m_all[rep]
lgm, lgx = np.log(gm), np.log(gx)
def gg_negll(lp):
    p, q, g = np.exp(lp)
    px = p * gx
    den = g + gx * gm
    ll = np.sum(gammaln(px + q) - gammaln(px) - gammaln(q) + q * np.log(g) + (px - 1) * lgm + px * lgx - (px + q) * np.log(den))
    gp = np.sum(gx * (digamma(px + q) - digamma(px) + lgm + lgx - np.log(den)))
    gq = np.sum(digamma(px + q) - digamma(q) + np.log(g) - np.log(den))
    gg = np.sum(q / g - (px + q) / den)
    return -ll / len(gx), -np.array([gp * p, gq * q, gg * g]) / len(gx)
gres = minimize(gg_negll, np.log([1.0, 1.0, 1.0]), jac=True, method='BFGS', options={'gtol': 1e-9, 'maxiter': 1000})
p, q, g = np.exp(gres.x)
t2 = time.perf_counter()

spend = np.where(x_all > 0, p * (g + x_all * m_all) / (p * x_all + q - 1), p * g / (q - 1))
with np.errstate(over='ignore'):
    log_odds = np.where(x_all > 0, np.log(a) - np.log(np.where(x_all > 0, b + x_all - 1, 1)) + (r + x_all) * (np.log(alpha + T_all) - np.log(alpha + tx_all)), -np.inf)
palive = 1 / (1 + np.exp(log_odds))
pairs, inverse = np.unique(np.stack([x_all, T_all], axis=1), axis=0, return_inverse=True)
px_, pT = pairs[:, 0], pairs[:, 1]
def alive_expectation(t):
    z = t / (alpha + pT + t)
    F = hyp2f1(a + b - 1 - r, a - 1, a + b + px_ - 1, z)
    return (a + b + px_ - 1) / (a - 1) * (1 - (1 - z) ** (a - 1) * F)
disc = np.zeros(len(px_))
prev = np.zeros(len(px_))
for i in range(1, 53):
    cur = alive_expectation(float(i))
    disc += (cur - prev) / 1.002 ** i
    prev = cur
clv = 0.3 * spend * palive * disc[inverse.ravel()]
t3 = time.perf_counter()

print(json.dumps({
    'impl': 'numpy/scipy',
    'n': n,
    'fitSeconds': t1 - t0,
    'spendFitSeconds': t2 - t1,
    'clvSeconds': t3 - t2,
    'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    'groups': int(len(x)),
    'converged': bool(res.success),
    'check': {'params': {'r': r, 'alpha': alpha, 'a': a, 'b': b}, 'logLikelihood': float(-res.fun * N),
              'spend': {'p': p, 'q': q, 'gamma': g}, 'meanClv': float(clv.mean())},
}))
