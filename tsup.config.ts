import { defineConfig } from 'tsup';
import { pureModuleLevel } from './build/pureAnnotations';

// Entries: the root is runtime-neutral (Node, Deno, browsers); so are `clv`, `pls` and `warehouse`,
// the CLV models, PLS path modelling and the in-warehouse functions, split out so that the root
// bundles small in a web app (issue 21); `node` holds file IO and threads;
// `charts` returns SVG strings; `report` renders the customer-value report (Markdown + SVG), kept
// out of the root so that the root loads no chart code; `duckdb` and `postgres` are the engine
// adapters, importing their optional peer clients only when called.
export default defineConfig([
  {
    entry: {
      index: 'src/index.ts',
      clv: 'src/clv.ts',
      pls: 'src/pls.ts',
      warehouse: 'src/warehouse.ts',
      node: 'src/node/index.ts',
      charts: 'src/charts/index.ts',
      arrow: 'src/arrow/index.ts',
      report: 'src/report/index.ts',
      duckdb: 'src/duckdb.ts',
      postgres: 'src/postgres.ts',
      plsBootstrapWorker: 'src/node/plsBootstrapWorker.ts',
      clvBootstrapWorker: 'src/node/clvBootstrapWorker.ts',
      clvIntervalsWorker: 'src/node/clvIntervalsWorker.ts',
      csvPartWorker: 'src/node/csvPartWorker.ts',
    },
    format: ['esm', 'cjs'],
    dts: true,
    sourcemap: true,
    clean: true,
    target: 'es2022',
    // shared chunks: one copy of the library behind every entry, so a CustomerValueError from
    // customer-value/node is an instance of the one imported from customer-value (ESM and CJS)
    splitting: true,
    treeshake: true,
    // import.meta.url in the CommonJS build too (the node entry locates its worker file with it)
    shims: true,
    // module-level values marked pure, so consumers' bundlers tree-shake what they do not import
    esbuildPlugins: [pureModuleLevel],
  },
  {
    // the `customer-value` command: ESM only (top-level await), executable
    entry: { cli: 'src/node/bin.ts' },
    format: ['esm'],
    dts: false,
    sourcemap: true,
    clean: false,
    target: 'es2022',
    splitting: false,
  },
]);
