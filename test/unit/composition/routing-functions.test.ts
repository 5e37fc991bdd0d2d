import { describe, expect, it } from 'vitest';
import { tableEnvVar, type TableId } from '../../../functions/adapters/dynamodb/table-definitions.js';
import { composeAgent } from '../../../functions/composition/agent.js';
import { composeTick } from '../../../functions/composition/tick.js';
import { composeWorker } from '../../../functions/composition/worker.js';
import type { RuntimeConfig } from '../../../functions/runtime-config.js';
import { FUNCTION_PERMISSIONS, type FunctionId } from '../../../lib/area-permissions.js';

/** The tables the stack gives `fn`, by their names. */
function runtimeOf(fn: FunctionId, without?: TableId): RuntimeConfig {
  const tables = Object.fromEntries(
    (Object.keys(FUNCTION_PERMISSIONS[fn].tables) as TableId[])
      .filter((id) => id !== without)
      .map((id) => [id, `gms-${id}`]),
  );
  return {
    region: 'eu-west-1',
    mode: 'aws',
    tables,
    tokenTtlSeconds: 3600,
    workQueueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/work',
  };
}

const FUNCTIONS = [
  { fn: 'agent', compose: composeAgent, uses: ['callbacks', 'routing', 'chats', 'metrics', 'sessions'] },
  { fn: 'callback-worker', compose: composeWorker, uses: ['callbacks', 'routing', 'sessions', 'resources'] },
  { fn: 'scheduler-tick', compose: composeTick, uses: ['callbacks', 'routing', 'resources', 'metrics'] },
] as const satisfies readonly {
  fn: FunctionId;
  compose: (r: RuntimeConfig) => unknown;
  uses: readonly TableId[];
}[];

/**
 * The agent function, the queue consumer and the tick compose only what their work needs: with
 * the tables the stack gives them they start, and without one they use, the start fails naming
 * the variable (not the first message or request that reads it).
 */
describe.each(FUNCTIONS)('$fn composition', ({ fn, compose, uses }) => {
  it('starts with the tables the stack gives it', () => {
    expect(() => compose(runtimeOf(fn))).not.toThrow();
  });

  it.each(uses)('fails at start without its %s table, naming the variable', (table) => {
    expect(() => compose(runtimeOf(fn, table))).toThrow(tableEnvVar(table));
  });
});
