// customer-value/arrow: Apache Arrow tables out (the optional peer dependency `apache-arrow`).
// Arrow tables go in anywhere data is expected, in every entry, without this one.
export { toArrowTable } from './toArrowTable.js';
export type { ArrowColumnsInput } from './toArrowTable.js';
