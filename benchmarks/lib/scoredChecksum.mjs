// Reads a scored CSV back (independently of the library) and sums its RFM cell and pyramid tier
// columns — named `rfm.cell`/`pyramid.tier` by the library, `rfm_cell`/`pyramid_tier` in SQL —
// so two implementations' outputs can be compared.
import { createReadStream } from 'node:fs';

export async function scoredChecksum(path) {
  let cellSum = 0;
  let tierSum = 0;
  let rows = 0;
  let columns = null;
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop();
    for (const line of lines) {
      const fields = line.split(',');
      if (columns === null) {
        const find = (a, b) => (fields.indexOf(a) >= 0 ? fields.indexOf(a) : fields.indexOf(b));
        columns = [find('rfm.cell', 'rfm_cell'), find('pyramid.tier', 'pyramid_tier')];
      } else {
        cellSum += Number(fields[columns[0]]);
        tierSum += Number(fields[columns[1]]);
        rows++;
      }
    }
  }
  return { rows, cellSum, tierSum };
}
