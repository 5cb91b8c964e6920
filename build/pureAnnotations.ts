// The build's one transform (issue 21): module-level initializers marked pure so that the
// consumers' bundlers tree-shake them. Used by tsup.config.ts; tested by test/package/bundleSizes.test.ts.
import { readFile } from 'node:fs/promises';
import type { Options } from 'tsup';
import ts from 'typescript';

type EsbuildPlugin = NonNullable<Options['esbuildPlugins']>[number];

/**
 * Wraps each module-level `const`/`let` initializer that may run code (a call, `new`, a property
 * read, a spread) in an arrow called at once and marked `/* @__PURE__ *\/`, so a bundler that
 * imports one function drops the module-level values it does not use: the zod schemas built at
 * load, the frozen presets, the model registry's entries, lookup tables. Without the mark a
 * bundler must assume such an initializer has side effects and keep it, with everything it
 * reaches (issue 21: importing netPromoterScore alone pulled in most of the library). The value
 * and the order of evaluation are unchanged. A module-level initializer in src/ computes a value,
 * never a side effect that matters (registration would be a statement, and statements are left
 * alone); src/node/ is skipped: its worker entries run on load and browsers never import it.
 */
export function pureAnnotations(source: string, fileName: string): string {
  const file = ts.createSourceFile(fileName, source, ts.ScriptTarget.ES2022, true, ts.ScriptKind.TS);
  const runsCode = (node: ts.Node): boolean => {
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return false;
    if (
      ts.isCallExpression(node) ||
      ts.isNewExpression(node) ||
      ts.isPropertyAccessExpression(node) ||
      ts.isElementAccessExpression(node) ||
      ts.isSpreadElement(node) ||
      ts.isSpreadAssignment(node) ||
      ts.isTaggedTemplateExpression(node)
    ) {
      return true;
    }
    return ts.forEachChild(node, (child) => runsCode(child) || undefined) ?? false;
  };
  const edits: { at: number; text: string }[] = [];
  for (const statement of file.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    for (const { initializer } of statement.declarationList.declarations) {
      if (!initializer || !runsCode(initializer)) continue;
      edits.push({ at: initializer.getStart(file), text: '/* @__PURE__ */ (() => (' }, { at: initializer.getEnd(), text: '))()' });
    }
  }
  let out = source;
  for (const { at, text } of edits.sort((a, b) => b.at - a.at)) out = out.slice(0, at) + text + out.slice(at);
  return out;
}

/** The esbuild plugin applying {@link pureAnnotations} to the TypeScript under src/ (src/node/ excepted). */
export const pureModuleLevel: EsbuildPlugin = {
  name: 'pure-module-level',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/].*\.ts$/ }, async ({ path }) => {
      const source = await readFile(path, 'utf8');
      if (/[\\/]src[\\/]node[\\/]/.test(path)) return { contents: source, loader: 'ts' };
      return { contents: pureAnnotations(source, path), loader: 'ts' };
    });
  },
};

// Entries: the root is runtime-neutral (Node, Deno, browsers); `node` holds file IO and threads;
// `charts` returns SVG strings; `report` renders the customer-value report (Markdown + SVG), kept
// out of the root so that the root loads no chart code; `duckdb` and `postgres` are the engine
// adapters, importing their optional peer clients only when called.
