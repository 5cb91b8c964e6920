"""The PLS bootstrap of the full ECSI model in numpy (benchmarks/README.md): resample respondents,
correlation matrix of the resample (np.corrcoef), Wold's PLS iteration on it (path scheme, mode
A, Σ|ΔW| < 1e-7), path coefficients; SDs and percentile intervals. The same work as
bootstrapPlsPathModel, written the usual numpy way. Usage: python3 numpy_pls_bootstrap.py SAMPLES
Prints one JSON line: seconds and the path SDs (for a loose agreement check: different RNGs).
"""
import csv, json, os, sys, time
import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
rows = list(csv.DictReader(open(os.path.join(HERE, '..', 'examples', 'data', 'ecsi_mobi.csv'))))
ECSI = {
    'Image': [f'IMAG{i}' for i in range(1, 6)], 'Expectation': ['CUEX1', 'CUEX2', 'CUEX3'],
    'Quality': [f'PERQ{i}' for i in range(1, 8)], 'Value': ['PERV1', 'PERV2'],
    'Satisfaction': ['CUSA1', 'CUSA2', 'CUSA3'], 'Complaints': ['CUSCO'], 'Loyalty': ['CUSL1', 'CUSL2', 'CUSL3'],
}
PATHS = [('Image', 'Expectation'), ('Image', 'Satisfaction'), ('Image', 'Loyalty'), ('Expectation', 'Quality'),
         ('Expectation', 'Value'), ('Expectation', 'Satisfaction'), ('Quality', 'Value'), ('Quality', 'Satisfaction'),
         ('Value', 'Satisfaction'), ('Satisfaction', 'Complaints'), ('Satisfaction', 'Loyalty'), ('Complaints', 'Loyalty')]
names = list(ECSI)
items = [i for n in names for i in ECSI[n]]
X = np.array([[float(r[i]) for i in items] for r in rows])
n, p = X.shape
C = len(names)
M = np.zeros((p, C))
at = 0
for j, name in enumerate(names):
    M[at:at + len(ECSI[name]), j] = 1
    at += len(ECSI[name])
adj = np.zeros((C, C))
for a, b in PATHS:
    adj[names.index(a), names.index(b)] = 1
sym = adj + adj.T
preds = [np.flatnonzero(adj[:, j]) for j in range(C)]

def pls(S):
    W = M / np.sqrt(np.einsum('ij,ik,kj->j', M, S, M))
    for _ in range(300):
        R = W.T @ S @ W
        E = R * sym
        for j in range(C):
            if len(preds[j]):
                E[preds[j], j] = np.linalg.solve(R[np.ix_(preds[j], preds[j])], R[preds[j], j])
        Wn = (S @ W @ E) * M
        Wn = Wn / np.sqrt(np.einsum('ij,ik,kj->j', Wn, S, Wn))
        change = np.abs(Wn - W).sum()
        W = Wn
        if change < 1e-7:
            break
    R = W.T @ S @ W
    return [np.linalg.solve(R[np.ix_(preds[j], preds[j])], R[preds[j], j]) for j in range(C) if len(preds[j])]

B = int(sys.argv[1])
rng = np.random.default_rng(1)
t0 = time.perf_counter()
draws = []
for _ in range(B):
    sample = X[rng.integers(0, n, n)]
    S = np.corrcoef(sample, rowvar=False)
    draws.append(np.concatenate(pls(S)))
draws = np.array(draws)
sds = draws.std(axis=0, ddof=1)
seconds = time.perf_counter() - t0
print(json.dumps({'impl': 'numpy %s (one thread, correlation-level PLS per resample)' % np.__version__, 'samples': B, 'seconds': seconds, 'firstPathSd': float(sds[0]), 'pathSds': [float(v) for v in sds]}))
