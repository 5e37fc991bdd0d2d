import { runSmoke } from './smoke-steps.js';
import { parseSmokeOptions, USAGE, UsageError } from './smoke-options.js';

/**
 * `npm run smoke -- --url <ApiUrl>`: checks a deployed stack (or the local runtime) after a deploy.
 * Exit 0 when every step passed, 1 when one failed, 2 on a usage error.
 */
async function main(): Promise<number> {
  let options;
  try {
    options = parseSmokeOptions(process.argv.slice(2));
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    console.error(`${e.message}\n${USAGE}`);
    return 2;
  }
  return (await runSmoke(options, (line) => console.log(line))) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    console.error(`Smoke test crashed: ${(e as Error).stack ?? String(e)}`);
    process.exitCode = 1;
  },
);
