/** `billing-engine demo` (= `npm run demo`): the seed scenarios through the real HTTP service. */
import type { Command } from 'commander';

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('start the service in-process and drive the seed scenarios through its HTTP endpoints (a temporary store unless --store is given)')
    .action(async (_options: unknown, command: Command) => {
      const root = command.parent ?? command;
      const store = root.getOptionValueSource('store') === 'cli' ? (root.getOptionValue('store') as string) : undefined;
      const { runDemo } = await import('../../demo/run-demo.js');
      await runDemo({ ...(store === undefined ? {} : { store }), out: { write: (text) => void process.stdout.write(text) } });
    });
}
