/** Entry point of `billing-engine`: every command registers itself here. */
import { registerIpnCommands } from './commands/ipn.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerMwsSignCommand } from './commands/mws-sign.js';
import { registerServeCommand } from './commands/serve.js';
import { createProgram, runProgram } from './program.js';
import { registerReport } from './commands/report.js';
import { registerProjections } from './commands/projections.js';
import { registerAudit } from './commands/audit.js';
import { registerDemoData } from './commands/demo-data.js';
import { registerKeysCommands } from './commands/keys.js';
import { registerAgreementsCommands } from './commands/agreements.js';
import { registerEventsCommands } from './commands/events.js';

const program = createProgram();
// Commands: serve and demo (HTTP service), replay/rebuild/audit/report (projections, audit), ipn, keys, agreements, events.
registerIpnCommands(program);
registerServeCommand(program);
registerDemoCommand(program);
registerMwsSignCommand(program);
registerReport(program);
registerProjections(program);
registerAudit(program);
registerDemoData(program);
registerKeysCommands(program);
registerAgreementsCommands(program);
registerEventsCommands(program);

process.exitCode = await runProgram(program, process.argv.slice(2));
