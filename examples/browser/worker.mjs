// The Web Worker: runs the analysis off the page's thread, so the page stays responsive on a
// large log, and posts back the tables, the charts and the scored CSV (or the error's message).
import { analyze } from './pipeline.mjs';

self.onmessage = (event) => {
  try {
    self.postMessage({ ok: true, result: analyze(event.data.text) });
  } catch (error) {
    self.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
  }
};
