/** Entry point of `billing-engine`: every command registers itself here. */
import { createProgram, runProgram } from './program.js';

const program = createProgram();
// Commands: serve and demo (HTTP service), replay/rebuild/audit/report (projections, audit), ipn.

process.exitCode = await runProgram(program, process.argv.slice(2));
