#!/usr/bin/env node
// Thin launcher: the compiled CLI lives in dist/ (built by `npm run build`, run by `prepare` on install).
import { runCli } from '../dist/src/cli/runCli.js';

runCli(process.argv);
