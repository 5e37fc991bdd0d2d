import { beforeAll, describe, expect, it } from 'vitest';
import { TABLES, tableEnvVar } from '../functions/adapters/dynamodb/table-definitions.js';
import { COMPOSITIONS } from '../functions/composition/by-function.js';
import { checkAreaPorts, type HttpPorts } from '../functions/http/handler-factory.js';
import type { Area } from '../functions/http/route-spec.js';
import { AREAS, routesOf } from '../functions/routes/index.js';
import { readRuntimeConfig } from '../functions/runtime-config.js';
import { FUNCTION_PERMISSIONS, type FunctionId } from '../lib/area-permissions.js';
import { logicalIdOf, synthGmsStack, type GmsFixture } from './gms-stack-fixture.js';

/**
 * Every function composes its ports from the environment the stack gives it: a port on a table
 * the function is not given (and so not granted) fails at start, naming the variable, instead of
 * an IAM refusal on a customer's request.
 */
describe('composition per function', () => {
  let f: GmsFixture;
  beforeAll(() => {
    f = synthGmsStack({ bundle: false });
  });

  /** The function's environment with each CloudFormation reference replaced by a placeholder name. */
  function environmentOf(id: FunctionId): NodeJS.ProcessEnv {
    const fn = f.stack.functions[id];
    expect(fn, id).toBeDefined();
    const resource = f.template.findResources('AWS::Lambda::Function')[logicalIdOf(fn!)]!;
    const vars = resource.Properties.Environment.Variables as Record<string, unknown>;
    return Object.fromEntries(
      Object.entries(vars).map(([k, v]) => [k, typeof v === 'string' ? v : `placeholder-${k.toLowerCase()}`]),
    );
  }

  const ids = Object.keys(FUNCTION_PERMISSIONS) as FunctionId[];

  it('has a composition for every function of the stack', () => {
    expect(Object.keys(COMPOSITIONS).sort()).toEqual([...ids].sort());
  });

  it.each(ids)('%s composes from its own environment, with what its routes need', (id) => {
    const env = environmentOf(id);
    const ports = COMPOSITIONS[id]!(readRuntimeConfig(env));
    if ((AREAS as readonly string[]).includes(id))
      checkAreaPorts(id as Area, routesOf(id as Area), ports as HttpPorts);
  });

  it.each(ids)('%s is named only the tables it may use', (id) => {
    const env = environmentOf(id);
    const named = TABLES.filter((t) => env[tableEnvVar(t.id)] !== undefined).map((t) => t.id);
    expect(named.sort()).toEqual(Object.keys(FUNCTION_PERMISSIONS[id].tables).sort());
  });

  it('fails at start, naming the variable, when a table the function uses is missing', () => {
    const env = environmentOf('storage');
    delete env[tableEnvVar('sessions')];
    expect(() => COMPOSITIONS.storage!(readRuntimeConfig(env))).toThrow(/TABLE_SESSIONS|SESSIONS/);
  });
});
