/**
 * `npm run redrive -- [--stage <name>] [...]`: moves a stage's work dead letters back to the work
 * queue and reports the tick dead letters (docs/operations.md, "Redriving dead letters").
 */
import { CloudFormationClient } from '@aws-sdk/client-cloudformation';
import { SQSClient } from '@aws-sdk/client-sqs';
import { setTimeout as sleep } from 'node:timers/promises';
import { AwsRedrive } from './redrive/aws-redrive.js';
import { parseRedriveArgs, USAGE, UsageError } from './redrive/redrive-plan.js';
import { runRedrive } from './redrive/run-redrive.js';

async function main(): Promise<number> {
  let options;
  try {
    options = parseRedriveArgs(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`${error.message}\n\n${USAGE}`);
    return 2;
  }
  if (options.help) {
    console.log(USAGE);
    return 0;
  }
  const port = new AwsRedrive(new CloudFormationClient({}), new SQSClient({}));
  return runRedrive(options, port, {
    print: (line) => console.log(line),
    sleep: (ms) => sleep(ms),
    pollMs: 5_000,
  });
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`redrive failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
