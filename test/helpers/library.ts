// The runtime-neutral public API in one namespace: the root entry and the entries split out of it
// (issue 21: `customer-value/clv`, `/pls`, `/warehouse`), for tests that look functions up by name
// or list every public function of a kind, whichever entry exports it.
export * from '../../src/index.js';
export * from '../../src/clv.js';
export * from '../../src/pls.js';
export * from '../../src/warehouse.js';
