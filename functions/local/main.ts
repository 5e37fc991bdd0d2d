import { parseArgs } from 'node:util';
import { resolve } from 'node:path';
import { JavaMissingError } from './dynamodb-local.js';
import {
  checkTablePrefix,
  DynamoUnreachableError,
  parseDynamoEndpoint,
  UsageError,
} from './dynamodb-endpoint.js';
import { PortInUseError, startLocalRuntime } from './local-runtime.js';

const USAGE = `Usage: npm start -- [options]

  --port N          HTTP port (default: $PORT or 8080)
  --host ADDR       address to listen on (default 127.0.0.1)
  --data-dir DIR    where data is kept (default ./.gms-data)
  --in-memory       keep nothing on disk
  --config FILE     JSON or YAML file of services, resources, patterns and users to apply at start
                    (instead of the demo configuration)
  --no-demo         do not load the demo configuration (iPhoneService on resource group DNIS, a
                    callback service per scenario) that a data dir without configuration gets
  --dynamodb-endpoint URL
                    use an existing DynamoDB instead of starting DynamoDB Local: another
                    DynamoDB Local (http://127.0.0.1:8000) or a real one in a dev account
                    (https://dynamodb.eu-west-1.amazonaws.com, credentials from AWS_PROFILE or
                    AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY). Missing tables are created.
  --table-prefix P  table names are P + config, sessions, callbacks... (default gms-)
  --help            this text`;

async function main(): Promise<void> {
  let args;
  try {
    args = parseArgs({
      options: {
        port: { type: 'string' },
        host: { type: 'string' },
        'data-dir': { type: 'string' },
        'in-memory': { type: 'boolean' },
        config: { type: 'string' },
        'no-demo': { type: 'boolean' },
        'dynamodb-endpoint': { type: 'string' },
        'table-prefix': { type: 'string' },
        help: { type: 'boolean' },
      },
      strict: true,
    }).values;
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  if (args.help) {
    console.log(USAGE);
    return;
  }
  const portText = args.port ?? process.env.PORT ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port < 1 || port > 65535) {
    console.error(`Invalid port '${portText}': give a number from 1 to 65535.`);
    process.exit(2);
  }
  let dynamoEndpoint: string | undefined;
  let tablePrefix: string | undefined;
  try {
    if (args['dynamodb-endpoint'] !== undefined) {
      dynamoEndpoint = parseDynamoEndpoint(args['dynamodb-endpoint']);
      if (args['data-dir'] !== undefined || args['in-memory']) {
        throw new UsageError(
          '--dynamodb-endpoint keeps the data in that DynamoDB: --data-dir and --in-memory do not apply.',
        );
      }
    }
    if (args['table-prefix'] !== undefined) tablePrefix = checkTablePrefix(args['table-prefix']);
  } catch (e) {
    console.error(`${(e as Error).message}\n\n${USAGE}`);
    process.exit(2);
  }
  const started = Date.now();
  const runtime = await startLocalRuntime({
    port,
    host: args.host,
    dataDir: resolve(args['data-dir'] ?? '.gms-data'),
    inMemory: args['in-memory'] ?? false,
    configFile: args.config ? resolve(args.config) : undefined,
    demo: !args['no-demo'] && args.config === undefined,
    dynamoEndpoint,
    tablePrefix,
    log: (line) => console.log(line),
  });
  console.log(
    `\nGMS is ready on ${runtime.url} (started in ${((Date.now() - started) / 1000).toFixed(1)} s)`,
  );
  console.log(`  UI:       ${runtime.url}/`);
  console.log(`  health:   ${runtime.url}/1/health`);
  console.log(`  API doc:  ${runtime.url}/1/openapi.json`);
  console.log(`  login:    default / password`);
  console.log('Press Ctrl-C to stop.');

  let signals = 0;
  const onSignal = () => {
    signals++;
    if (signals > 1) process.exit(130);
    console.log(dynamoEndpoint ? '\nStopping...' : '\nStopping (DynamoDB Local included)...');
    void runtime.stop();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  await runtime.stopped;
  console.log('Stopped.');
  process.exit(0);
}

main().catch((e: unknown) => {
  if (e instanceof UsageError) {
    console.error(`\nCannot start: ${e.message}`);
    process.exit(2);
  } else if (
    e instanceof JavaMissingError ||
    e instanceof PortInUseError ||
    e instanceof DynamoUnreachableError
  ) {
    console.error(`\nCannot start: ${e.message}`);
  } else {
    console.error('\nCannot start:', e instanceof Error ? e.message : e);
  }
  process.exit(1);
});
