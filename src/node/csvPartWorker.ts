// A CSV part worker (customer-value/node): parses the part of a file it is sent into its rows of
// the shared columns and answers with what it found (`csvPartColumns`). Started by readCsvFile
// with `threads > 1`, one per part, and terminated when the read is done; built as its own file
// next to the node entry.
import { parentPort } from 'node:worker_threads';
import { csvPartColumns, type CsvPartTask } from '../internal/csvFileColumns.js';

parentPort?.on('message', (task: CsvPartTask) => {
  csvPartColumns(task).then(
    (result) => parentPort?.postMessage({ result }),
    (error: unknown) => parentPort?.postMessage({ error: error instanceof Error ? error.message : String(error) }),
  );
});
