"""k-means peers for the side-by-side benchmark (benchmarks/README.md): a numpy Lloyd loop
(distances via BLAS matmul, argmin, bincount updates; one thread) and scikit-learn's KMeans
(Lloyd, C with OpenMP, 2 threads), both from the same fixed centers for the same number of
iterations. Usage: python3 kmeans_peers.py numpy|sklearn. Prints a JSON line.
"""
import json, os, resource, sys, time
which = sys.argv[1]
iterations = int(os.environ.get('BENCH_KMEANS_ITERATIONS', '20'))
if which == 'numpy':
    os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')
    os.environ.setdefault('OMP_NUM_THREADS', '1')
else:
    os.environ['OMP_NUM_THREADS'] = '2'
import numpy as np

d = os.path.join(os.path.dirname(os.path.abspath(__file__)), '.data', 'features')
X = np.column_stack([np.fromfile(os.path.join(d, 'x%d.f64' % j), dtype='<f8') for j in range(6)])
C0 = np.array(json.load(open(os.path.join(d, 'init.json'))))
k = len(C0)
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

if which == 'numpy':
    t0 = time.perf_counter()
    C = C0.copy()
    xx = (X * X).sum(axis=1)
    for _ in range(iterations):
        dist = xx[:, None] - 2 * X @ C.T + (C * C).sum(axis=1)[None, :]
        labels = dist.argmin(axis=1)
        counts = np.bincount(labels, minlength=k)
        for j in range(X.shape[1]):
            C[:, j] = np.bincount(labels, weights=X[:, j], minlength=k) / np.maximum(counts, 1)
    dist = ((X[:, None, :] - C[None, :, :]) ** 2).sum(axis=2)
    inertia = float(dist.min(axis=1).sum())
    seconds = time.perf_counter() - t0
    impl = 'numpy %s Lloyd loop (1 thread)' % np.__version__
else:
    from sklearn.cluster import KMeans
    import sklearn
    t0 = time.perf_counter()
    km = KMeans(n_clusters=k, init=C0, n_init=1, max_iter=iterations, tol=0, algorithm='lloyd').fit(X)
    seconds = time.perf_counter() - t0
    inertia = float(km.inertia_)
    impl = 'scikit-learn %s KMeans (2 threads)' % sklearn.__version__
print(json.dumps({'impl': impl, 'seconds': seconds, 'iterations': iterations, 'inertia': inertia,
                  'extraRssMB': (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024}))
