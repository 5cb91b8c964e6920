// customer-value/node: file IO for Node.js. The root entry stays free of Node-only API.
export { readCsvFile } from './readCsvFile.js';
export type { ReadCsvFileOptions } from './readCsvFile.js';
export { readCsvBatches } from './csvBatches.js';
export type { ReadCsvBatchesOptions } from './csvBatches.js';
export type { ColumnBatch, CsvFieldColumn, RejectedLine } from './columnBatch.js';
export { csvFieldText } from './columnBatch.js';
export { scoreStream } from './scoreStream.js';
export type { ScoredBatch, ScoreStreamOptions, StreamCounts } from './scoreStream.js';
export { writeCsvBatches, type WriteCsvOptions } from './writeCsv.js';
export { runCli, EXIT } from './cli.js';
export { scoreColumns, shareColumns } from './scoreColumns.js';
export type { SharedColumns } from './scoreColumns.js';
export type { ThreadedScoreColumnsOptions } from './scoreColumns.js';
export { readNdjsonBatches } from './ndjsonBatches.js';
export type { ReadNdjsonBatchesOptions } from './ndjsonBatches.js';
export { writeNdjsonBatches } from './writeNdjson.js';
export { bootstrapPlsPathModel } from './bootstrapPlsPathModel.js';
export type { ThreadedBootstrapPlsOptions } from './bootstrapPlsPathModel.js';
