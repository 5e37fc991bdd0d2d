import type { AwsCall } from './aws-call.js';
import { isRecordingAwsCalls, recordAwsCalls } from './aws-call-recorder.js';

/** What one SDK command needs from IAM, from its name (`GetItemCommand`) and input. */
export type SdkCallDescriber = (operation: string, input: Record<string, unknown>) => AwsCall[];

interface SdkArgs {
  input: unknown;
}
type Handler = (args: SdkArgs) => Promise<unknown>;
/** The part of an SDK v3 client's middleware stack used here (every client has it). */
interface MiddlewareAdder {
  add(
    middleware: (next: Handler, context: { commandName?: string }) => Handler,
    options: { step: 'initialize'; priority: 'low'; name: string; override: boolean },
  ): void;
}

/**
 * Records every command `client` sends, before it is sent (a refused or failed request needed the
 * permission too). Added only while recording is on: otherwise the client is left as it is.
 * The input seen is the command's own (document client values not yet marshalled).
 */
export function recordSdkCalls<C extends { middlewareStack: unknown }>(
  client: C,
  describe: SdkCallDescriber,
): C {
  if (!isRecordingAwsCalls()) return client;
  (client.middlewareStack as MiddlewareAdder).add(
    (next, context) => async (args) => {
      const operation = context.commandName ?? 'unknown';
      recordAwsCalls(operation, describe(operation, args.input as Record<string, unknown>));
      return next(args);
    },
    { step: 'initialize', priority: 'low', name: 'gmsAwsCallRecorder', override: true },
  );
  return client;
}

/** `FooCommand` -> `Foo`. */
export const operationName = (operation: string): string => operation.replace(/Command$/, '');
