"""The same pipeline in numpy, for a side-by-side ratio (benchmarks/README.md).

summarize (lexsort/unique-style grouping) -> RFM type-1 quintile thresholds -> value pyramid
(z-scores, log1p, weights, 1/4/15/80 cuts), on benchmarks/.data/*.f64. Prints a JSON line.
"""
import json, math, os, resource, sys, time
import numpy as np

data_dir = os.path.join(os.path.dirname(os.path.abspath(__file__)), '.data')
read = lambda name: np.fromfile(os.path.join(data_dir, name + '.f64'), dtype='<f8')
customer, date, amount = read('customer'), read('date'), read('amount')
rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss

def days_from_yyyymmdd(v):
    v = v.astype(np.int64)
    y, m, d = v // 10000, (v // 100) % 100, v % 100
    y = y - (m <= 2)
    era = np.floor_divide(y, 400)
    yoe = y - era * 400
    doy = (153 * (m + np.where(m > 2, -3, 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468

t0 = time.perf_counter()
end = days_from_yyyymmdd(np.array([19980630]))[0]
day = days_from_yyyymmdd(date)
keep = day <= end
c, dd, a = customer[keep], day[keep], amount[keep]
order = np.lexsort((dd, c))
c, dd, a = c[order], dd[order], a[order]
n = len(c)
new_customer = np.empty(n, bool); new_customer[0] = True; new_customer[1:] = c[1:] != c[:-1]
new_day = new_customer.copy(); new_day[1:] |= dd[1:] != dd[:-1]
group = np.cumsum(new_customer) - 1
starts = np.flatnonzero(new_customer)
ends = np.append(starts[1:], n) - 1
first, last = dd[starts], dd[ends]
distinct = np.add.reduceat(new_day.astype(np.int64), starts)
revenue = np.bincount(group, weights=a)
first_value = np.bincount(group, weights=a * (dd == first[group]))
frequency = (distinct - 1).astype(np.float64)
recency = (last - first) / 7.0
T = (end - first) / 7.0
with np.errstate(invalid='ignore', divide='ignore'):
    monetary = np.where(frequency > 0, (revenue - first_value) / np.maximum(frequency, 1), 0.0)
t1 = time.perf_counter()

weeks_since_last = T - recency
def thresholds(col, k=5):
    return np.quantile(col, [b / k for b in range(1, k)], method='inverted_cdf')
rfm = {'recency': thresholds(weeks_since_last), 'frequency': thresholds(frequency), 'monetary': thresholds(revenue)}
for name, col in (('recency', weeks_since_last), ('frequency', frequency), ('monetary', revenue)):
    above = (col[:, None] > rfm[name][None, :]).sum(axis=1)
    np.bincount(above, minlength=5)
zs = lambda v: (v - v.mean()) / v.std(ddof=1)
value = 0.5 * zs(np.log1p(revenue)) + 0.25 * zs(frequency) - 0.25 * zs(weeks_since_last)
desc = -np.sort(-value)
m = len(value)
cuts = np.cumsum([0.01, 0.04, 0.15])
tier_thresholds = [float(desc[max(1, math.ceil(cc * m - 1e-9 * m)) - 1]) for cc in cuts]
tier = (value[:, None] < np.array(tier_thresholds)[None, :]).sum(axis=1)
tier_counts = np.bincount(tier, minlength=4)
t2 = time.perf_counter()

print(json.dumps({
    'impl': 'numpy ' + np.__version__,
    'seconds': t2 - t0,
    'summarizeSeconds': t1 - t0,
    'modelSeconds': t2 - t1,
    'inputMB': customer.nbytes * 3 / 2**20,
    'rssAtStartMB': rss_before / 1024,
    'peakRssMB': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    'check': {
        'customers': int(m),
        'frequencySum': float(frequency.sum()),
        'revenueSum': float(revenue.sum()),
        'rfmThresholds': {k: [float(x) for x in v] for k, v in rfm.items()},
        'tierCounts': [int(x) for x in tier_counts],
        'tierThresholds': tier_thresholds,
    },
}))
