/**
 * One measurement in a process of its own (so its peak RSS is its own): prints one line
 * `RESULT {json}` with the task's figures, its wall time and the process's peak RSS.
 */
import { commandsBaseline, commandsEngine, openAgreements, splitAgreements, WARM_UP_AGREEMENTS, type Bursts } from './tasks/commands.js';
import { generate } from './tasks/generate.js';
import { loadLongLived } from './tasks/load.js';
import { replayBaseline, replayEngine, stateAsOfEngine, verifyEngine } from './tasks/replay.js';

type Task =
  | { readonly task: 'generate'; readonly file: string; readonly events: number; readonly seed: number }
  | { readonly task: 'replay-baseline' | 'verify'; readonly file: string }
  | { readonly task: 'replay-engine'; readonly file: string; readonly threads?: number }
  | { readonly task: 'as-of'; readonly file: string; readonly repetitions: number }
  | { readonly task: 'commands-baseline' | 'commands-engine'; readonly file: string; readonly commands: number; readonly inFlight: number; readonly followers?: boolean; readonly writerThread?: boolean; readonly projectionsFile?: string; readonly bursts?: Bursts }
  | { readonly task: 'load'; readonly file: string; readonly repetitions: number };

async function run(task: Task): Promise<Record<string, unknown>> {
  switch (task.task) {
    case 'generate':
      return { events: await generate(task.file, task.events, task.seed, (n) => process.stderr.write(`  generated ${n.toLocaleString('en-US')} events\n`)) };
    case 'replay-baseline':
      return { events: replayBaseline(task.file) };
    case 'replay-engine':
      return { events: await replayEngine(task.file, task.threads) };
    case 'verify':
      return { ...(await verifyEngine(task.file)) };
    case 'as-of':
      return { ...(await stateAsOfEngine(task.file, task.repetitions)) };
    case 'commands-baseline':
    case 'commands-engine': {
      // The first agreements warm the code up (JIT, statements, the checkpoint thread), unmeasured; the others are measured.
      const [warmUp, measured] = splitAgreements(openAgreements(task.file, WARM_UP_AGREEMENTS + 512));
      const result =
        task.task === 'commands-baseline'
          ? commandsBaseline(task.file, measured, task.commands, warmUp, task.bursts)
          : await commandsEngine(task.file, measured, task.commands, task.inFlight, warmUp, task.followers === true, task.writerThread === true, task.projectionsFile, task.bursts);
      return { ...result };
    }
    case 'load':
      return { ...(await loadLongLived(task.file, task.repetitions)) };
  }
}

const task = JSON.parse(process.argv[2] ?? '{}') as Task;
const started = performance.now();
const result = await run(task);
const ms = performance.now() - started;
process.stdout.write(`RESULT ${JSON.stringify({ ...result, ms, maxRssMb: process.resourceUsage().maxRSS / 1024 })}\n`);
