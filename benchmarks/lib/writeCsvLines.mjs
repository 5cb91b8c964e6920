// Write a generated CSV to `path` in 1 MiB writes (honouring back-pressure), through `path.part`
// renamed at the end, so an interrupted run never leaves a partial file a later run would reuse.
import { createWriteStream, renameSync } from 'node:fs';
import { once } from 'node:events';

/** Write `header` then `line(i)` for i < n (each line ends with '\n'). Returns `path`. */
export async function writeCsvLines(path, header, n, line) {
  const out = createWriteStream(`${path}.part`);
  out.write(header);
  let text = '';
  for (let i = 0; i < n; i++) {
    text += line(i);
    if (text.length > 1 << 20) {
      if (!out.write(text)) await once(out, 'drain');
      text = '';
    }
  }
  out.end(text);
  await once(out, 'finish');
  renameSync(`${path}.part`, path);
  return path;
}
