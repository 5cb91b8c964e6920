// customer-value/node: file IO for Node.js. The root entry stays free of Node-only API.
export { readCsvFile } from './readCsvFile.js';
