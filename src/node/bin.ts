#!/usr/bin/env node
// The `customer-value` command (package.json "bin").
import { runCli } from './cli.js';

process.exitCode = await runCli(process.argv.slice(2));
