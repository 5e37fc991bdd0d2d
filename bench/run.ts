/**
 * `npm run bench`: the bundles first, before anything else runs, then the scenarios below, in this
 * order, on one local runtime (see `harness.ts` for how figures and stated bounds are reported and
 * when the run exits 1). Each scenario is a file in `scenarios/`; the pools scenario sets up what
 * allocation and throughput measure.
 */
import { runBench } from './harness.js';
import { allocation } from './scenarios/allocation.js';
import { bundles } from './scenarios/bundles.js';
import { burst } from './scenarios/burst.js';
import { cost } from './scenarios/cost.js';
import { createCallbackThroughput } from './scenarios/create-callback.js';
import { login } from './scenarios/login.js';
import { poolSizeThroughput } from './scenarios/pool-size.js';
import { push } from './scenarios/push.js';
import { requestInteraction } from './scenarios/request-interaction.js';
import { resourceGroupPut } from './scenarios/resource-group-put.js';
import { scheduling } from './scenarios/scheduling.js';
import { sharedPools } from './scenarios/shared-pools.js';
import { throughput } from './scenarios/throughput.js';

runBench(
  [bundles],
  [
    cost,
    sharedPools,
    resourceGroupPut,
    allocation,
    throughput,
    poolSizeThroughput,
    requestInteraction,
    scheduling,
    push,
    createCallbackThroughput,
    login,
    burst,
  ],
);
