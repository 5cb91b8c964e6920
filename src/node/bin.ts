#!/usr/bin/env node
// The `customer-value` command (package.json "bin").
import { writeSync } from 'node:fs';
import { runCli } from './cli.js';
import { discardUnfinishedOutputs } from './atomicOutput.js';

// Interrupted (Ctrl-C, kill, a closed terminal): remove the unfinished output files — the paths
// keep what they held before — say so, then die of the same signal (the shell sees 130 for
// SIGINT, 143 for SIGTERM), as a command killed without cleanup would.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    for (const path of discardUnfinishedOutputs()) {
      try {
        writeSync(2, `customer-value: interrupted by ${signal}; removed the unfinished output; "${path}" was left as it was\n`);
      } catch {
        // stderr is gone too
      }
    }
    for (const other of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.removeAllListeners(other);
    process.kill(process.pid, signal);
  });
}

// A closed downstream pipe (`customer-value sql … | head -1`) is a normal end: no stack trace.
// Other failures of standard output are reported and exit 1.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  try {
    writeSync(2, `customer-value: cannot write output to standard output: ${error.message}\n`);
  } catch {
    // nothing more to say
  }
  process.exitCode = 1;
});

process.exitCode = await runCli(process.argv.slice(2));
