// bootstrapPlsPathModel on the full ECSI model of the bundled survey, SAMPLES resamples, on
// THREADS threads (customer-value/node): the first call in a fresh process, and a second one
// (warm: compiled code, workers running). Prints a JSON line. Usage: node ours-pls-bootstrap.mjs SAMPLES THREADS
import { ECSI_MODEL, fitPlsPathModel } from 'customer-value/pls';
import { bootstrapPlsPathModel, readCsvFile } from 'customer-value/node';

const samples = Number(process.argv[2]);
const threads = Number(process.argv[3] ?? 1);
const survey = (await readCsvFile(new URL('../examples/data/ecsi_mobi.csv', import.meta.url).pathname)).columns;
const model = fitPlsPathModel(survey, ECSI_MODEL);
const t0 = performance.now();
const boot = bootstrapPlsPathModel(model, survey, { samples, seed: 1, threads });
const seconds = (performance.now() - t0) / 1000;
// a second run in the same process: code compiled, workers already started
const t1 = performance.now();
bootstrapPlsPathModel(model, survey, { samples, seed: 2, threads });
const warmSeconds = (performance.now() - t1) / 1000;
const sds = boot.paths.map((p) => p.sd);
console.log(
  JSON.stringify({ impl: `customer-value, ${threads} thread${threads > 1 ? 's' : ''}`, samples, seconds, warmSeconds, firstPathSd: sds[0], pathSds: sds }),
);
