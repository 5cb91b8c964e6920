// examples/browser/ in a real browser (issue 21): Debian's chromium, driven by playwright-core
// (no browser download), loads the page from a local server, is given the bundled CDNOW log
// through the file input, and the Web Worker's tier counts must equal Node's on the same file;
// the SVG and the Vega-Lite charts (vega-embed) must have drawn marks, and a screenshot must not
// be blank. No chromium is a failure, not a skip: .ci/run installs it.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { extname, join, normalize } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium } from '../helpers/chromium.js';
import { decodePng } from '../helpers/png';

const ROOT = join(__dirname, '../..');
const PAGE_DIR = join(ROOT, 'examples/browser');
const CDNOW = join(ROOT, 'examples/data/cdnow_master.csv');
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.map': 'application/json' };

interface NodeResult {
  tiers: { tier: string; customers: number }[];
  segments: { label: string; size: number }[];
  customers: number;
  scoredCsv: string;
}

describe('examples/browser in headless chromium', () => {
  let server: Server;
  let url = '';
  let context: BrowserContext;
  let close = async () => {};

  beforeAll(async () => {
    execFileSync('node', [join(PAGE_DIR, 'build.mjs')], { cwd: ROOT, stdio: 'pipe', timeout: 300_000 });
    server = createServer((request, response) => {
      const path = normalize(join(PAGE_DIR, decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname)));
      const file = path.endsWith('/') ? join(path, 'index.html') : path;
      if (!file.startsWith(PAGE_DIR) || !existsSync(file)) {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const address = server.address();
    url = `http://localhost:${typeof address === 'object' && address ? address.port : 0}/`;
    ({ context, close } = await launchChromium({ width: 1400, height: 1800 }));
  }, 600_000);

  afterAll(async () => {
    await close();
    await new Promise((resolve) => server?.close(resolve));
  });

  it('analyzes the CDNOW log in a Web Worker as Node does, and draws every chart', async () => {
    // Node's answer: the same pipeline module, run here on the built package
    const { analyze } = (await import(join(PAGE_DIR, 'pipeline.mjs'))) as { analyze: (text: string) => NodeResult };
    const node = analyze(readFileSync(CDNOW, 'utf8'));
    expect(node.customers).toBe(23_570); // Fader, Hardie & Lee (2005): the CDNOW cohort's size

    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(url);
    await page.waitForSelector('body[data-state="ready"]');
    await page.setInputFiles('#file', CDNOW);
    await page.waitForSelector('body[data-state="done"], body[data-state="error"]', { timeout: 240_000 });
    expect(await page.textContent('#status')).toContain('23,570 customers');
    expect(errors).toEqual([]);

    // the tier table and the segments as the page shows them
    const tiers = await page.$$eval('#tiers tr[data-tier]', (rows) =>
      rows.map((r) => ({ tier: r.getAttribute('data-tier'), customers: Number(r.getAttribute('data-customers')) })),
    );
    expect(tiers).toEqual(node.tiers.map((t) => ({ tier: t.tier, customers: t.customers })));
    expect(tiers.reduce((sum, t) => sum + t.customers, 0)).toBe(23_570);
    const sizes = await page.$$eval('#segments li', (items) => items.map((li) => Number(li.getAttribute('data-size'))));
    expect(sizes).toEqual(node.segments.map((s) => s.size));

    // the scored CSV offered for download is Node's, byte for byte
    const download = await page.$eval('#download', (a) => fetch(a.getAttribute('href') ?? '').then((r) => r.text()));
    expect(download).toBe(node.scoredCsv);

    // charts: three SVG charts and three Vega-Lite views, each with drawn marks of some size
    const svgCharts = await page.$$eval('#svg-charts > svg', (svgs) =>
      svgs.map((s) => ({ marks: s.querySelectorAll('rect, path, polygon').length, width: s.getBoundingClientRect().width })),
    );
    expect(svgCharts).toHaveLength(3);
    for (const chart of svgCharts) expect(chart.marks > 0 && chart.width > 100, JSON.stringify(chart)).toBe(true);
    const vegaCharts = await page.$$eval('#vega-charts svg.marks', (svgs) =>
      svgs.map((s) => ({ marks: s.querySelectorAll('g.mark-rect path, g.mark-arc path, g.mark-text text').length, width: s.getBoundingClientRect().width })),
    );
    expect(vegaCharts).toHaveLength(3);
    for (const chart of vegaCharts) expect(chart.marks > 0 && chart.width > 100, JSON.stringify(chart)).toBe(true);

    // the screenshot is not blank: many colours, and a good share of non-white pixels
    const image = decodePng(await page.screenshot({ fullPage: true }));
    const colours = new Set<number>();
    let inked = 0;
    for (let i = 0; i < image.data.length; i += 4) {
      const [r, g, b] = [image.data[i], image.data[i + 1], image.data[i + 2]];
      colours.add((r << 16) | (g << 8) | b);
      if (r + g + b < 3 * 240) inked++;
    }
    expect(colours.size).toBeGreaterThan(50);
    expect(inked / (image.width * image.height)).toBeGreaterThan(0.02);
    await page.close();
  }, 600_000);
});
