#!/usr/bin/env node
// Thin launcher: the CLI is dist/cli.mjs, one module built from src/ and rules/ by `npm run build` (run by `prepare`
// on install), so that a run starts without loading the compiled modules one by one.
import { runCli } from '../dist/cli.mjs';

runCli(process.argv);
