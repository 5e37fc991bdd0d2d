/**
 * The part of the AWS SDK's middleware stack the bench's counters use, typed loosely: they only
 * add and remove an `initialize` middleware that looks at the command's name and input.
 */
export type Next = (args: { input: unknown }) => Promise<unknown>;

export interface MiddlewareStack {
  add(
    m: (next: Next, context: { commandName?: string }) => Next,
    o: { step: 'initialize'; name: string; override: boolean },
  ): void;
  remove(name: string): boolean;
}
