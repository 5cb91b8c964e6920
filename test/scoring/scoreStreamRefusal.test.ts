import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { compileScorer } from '../../src/index.js';
import { fitBetaGeo, probabilityAlive } from '../../src/clv.js';
import { readCsvBatches, scoreStream } from '../../src/node/index.js';
import { readFixtureCsv } from '../helpers/fixtures.js';

// scoreStream rejects the histories compileScorer's checked loop and probabilityAlive refuse
// (fractional frequency, recency > T, recency without repeat purchases), line by line.
describe('scoreStream(batches, compileScorer({ clv }))', () => {
  it('rejects refused BG/NBD histories with their line and scores the rest as probabilityAlive', async () => {
    const clv = fitBetaGeo(readFixtureCsv('value/cdnow_customers_summary.csv').columns, { timeUnit: 'week' });
    const scorer = compileScorer({ clv });
    const text = 'id,frequency,recency,T\na,2,20,30\nb,1.5,10,30\nc,2,31,30\nd,0,4,30\ne,0,0,30\n';
    const counts = { rowsIn: 0, rowsOut: 0, rejected: 0 };
    const batches = [];
    for await (const batch of scoreStream(readCsvBatches(Readable.from([text]), { numeric: scorer.inputs }), scorer, { keep: ['id'] }, counts))
      batches.push(batch);
    expect(counts).toEqual({ rowsIn: 5, rowsOut: 2, rejected: 3 });
    expect(batches[0].columns.id).toEqual(['a', 'e']);
    expect(batches[0].rejects.map((r) => r.line)).toEqual([3, 4, 5]);
    const want = probabilityAlive(clv, { frequency: [2, 0], recency: [20, 0], T: [30, 30] }).values;
    expect(Array.from(batches[0].columns['clv.probabilityAlive'] as Float64Array)).toEqual(Array.from(want));
  });
});
