// The README's "From a CDN, without a build step" snippet, run verbatim in headless chromium
// (issue 21). No CDN is reachable here, so the browser's requests to https://esm.sh/ are answered
// by the test with what such a CDN serves for the package: its root ES module built for browsers
// with its dependencies resolved into it (esbuild `--bundle --format=esm --platform=browser` of
// the built package entry, as esm.sh builds packages). What this proves: the snippet's code is
// right, and the root entry runs as a plain ES module in a browser with no bundler of the user's
// (no Node built-ins, no CommonJS). What it cannot prove: esm.sh's own build of the published
// package. Every other request is refused, so nothing else is loaded.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';

const ROOT = join(__dirname, '../..');
/** The ```html block that follows the README's "From a CDN" paragraph. */
function readmeSnippet(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const at = readme.indexOf('**From a CDN, without a build step.**');
  expect(at, 'the README section "From a CDN, without a build step."').toBeGreaterThan(0);
  const match = /```html\n([\s\S]*?)```/.exec(readme.slice(at));
  expect(match, 'an html block in that section').not.toBeNull();
  return match![1];
}

describe("the README's CDN snippet in headless chromium", () => {
  let context: BrowserContext;
  let close = async () => {};

  beforeAll(async () => {
    expect(existsSync(join(ROOT, 'dist/index.js')), 'the built package (npm run build)').toBe(true);
    ({ context, close } = await launchChromium());
  }, 600_000);

  afterAll(async () => close());

  it('logs the score Node computes, loading only the CDN module', async () => {
    const snippet = readmeSnippet();
    const imported = /from '(https:\/\/esm\.sh\/customer-value)'/.exec(snippet);
    expect(imported, 'the snippet imports the package from esm.sh').not.toBeNull();
    const built = await esbuild.build({
      entryPoints: [join(ROOT, 'dist/index.js')],
      bundle: true,
      format: 'esm',
      platform: 'browser',
      write: false,
      logLevel: 'silent',
    });
    const module = built.outputFiles[0].text;
    const page = await context.newPage();
    const requested: string[] = [];
    const logged: string[] = [];
    const errors: string[] = [];
    page.on('console', (message) => logged.push(message.text()));
    page.on('pageerror', (error) => errors.push(error.message));
    await page.route('**/*', async (route) => {
      const url = route.request().url();
      requested.push(url);
      if (url === 'https://app.example/') await route.fulfill({ contentType: 'text/html', body: `<!doctype html><html><body>${snippet}</body></html>` });
      else if (url === imported![1]) await route.fulfill({ contentType: 'text/javascript', headers: { 'access-control-allow-origin': '*' }, body: module });
      else await route.abort();
    });
    await page.goto('https://app.example/');
    await page.waitForFunction(() => true);
    for (let i = 0; i < 100 && logged.length === 0 && errors.length === 0; i++) await page.waitForTimeout(100);
    expect(errors).toEqual([]);
    const { netPromoterScore } = (await import(join(ROOT, 'dist/index.js'))) as { netPromoterScore: (answers: number[]) => { score: number } };
    const call = /console\.log\((netPromoterScore\(\[[^\]]*\]\))\.score\)/.exec(snippet);
    expect(call, 'the snippet logs netPromoterScore([...]).score').not.toBeNull();
    const answers = JSON.parse(/\[([^\]]*)\]/.exec(call![1])![0]) as number[];
    expect(logged).toEqual([String(netPromoterScore(answers).score)]);
    expect(requested).toEqual(['https://app.example/', imported![1]]);
  }, 300_000);
});
