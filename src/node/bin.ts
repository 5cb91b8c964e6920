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
// Another failure of standard output (a full disk behind `>`) exits 1 with a message, unless
// the command already failed for it (and said so).
// eslint-disable-next-line prefer-const -- read by the error handler above before runCli assigns it
let code: number | undefined;
let stdoutFailure: Error | undefined;
function reportStdout(error: Error): void {
  try {
    writeSync(2, `customer-value: cannot write output to standard output: ${/^(E[A-Z]+: [^,]+)/.exec(error.message)?.[1] ?? error.message}\n`);
  } catch {
    // nothing more to say
  }
  process.exitCode = 1;
}
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') return;
  if (code === undefined) stdoutFailure = error;
  else if (code === 0) reportStdout(error);
});

code = await runCli(process.argv.slice(2));
process.exitCode = code;
if (stdoutFailure && code === 0) reportStdout(stdoutFailure);
