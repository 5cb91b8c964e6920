"""The satisfaction-index fit in numpy, for a side-by-side ratio (benchmarks/README.md).

corrcoef (BLAS) -> eigh -> Kaiser retention -> loadings with the sign rule -> weights, on the
same columns (benchmarks/.data/survey/*.f64). Prints a JSON line.
"""
import json, os, resource, time
import numpy as np

# OpenBLAS (numpy's wheel: scipy-openblas 0.3.x, see numpy.show_config()) runs one thread per
# core unless OPENBLAS_NUM_THREADS says otherwise; the benchmark runs it both ways.
threads = int(os.environ.get('OPENBLAS_NUM_THREADS') or os.cpu_count() or 1)

d = os.path.join(os.path.dirname(os.path.abspath(__file__)), '.data', 'survey')
items = ['q%02d' % (j + 1) for j in range(24)]
n = os.path.getsize(os.path.join(d, items[0] + '.f64')) // 8
X = np.empty((len(items), n))
for j, item in enumerate(items):
    X[j] = np.fromfile(os.path.join(d, item + '.f64'), dtype='<f8')

t0 = time.perf_counter()
R = np.corrcoef(X)
values, vectors = np.linalg.eigh(R)
order = np.argsort(values)[::-1]
values, vectors = values[order], vectors[:, order]
m = max(1, int((values > 1).sum()))
a = vectors[:, :m] * np.sqrt(values[:m])
a = a * np.where(a.sum(axis=0) < 0, -1.0, 1.0)
s = values[:m]
c = a @ np.sqrt(s) / s.sum()
w = c / c.sum()
mean_index = float(w @ X.mean(axis=1))
seconds = time.perf_counter() - t0
print(json.dumps({
    'impl': 'numpy %s (OpenBLAS, %d thread%s)' % (np.__version__, threads, '' if threads == 1 else 's'),
    'seconds': seconds,
    'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    'check': {'eigenvalues': values.tolist(), 'weights': w.tolist(), 'components': m},
}))
