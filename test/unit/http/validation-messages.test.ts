import { describe, expect, it } from 'vitest';
import { safeParse, type core } from '../../../functions/domain/zod.js';
import { mapError, zodIssueToError } from '../../../functions/http/error-response.js';
import { putServerSettings } from '../../../functions/routes/admin-routes.js';
import { agentLogin } from '../../../functions/routes/agent-routes.js';
import { storageGetKey } from '../../../functions/routes/storage-routes.js';

/**
 * The 400 bodies quote zod's issue messages. functions/ validate with `zod/mini`, which loads no
 * locale (every message would read "Invalid input"); `functions/domain/zod.ts` sets zod's English
 * one, as zod classic does. These are the bodies the API answered with zod classic.
 */
function refused(schema: core.$ZodType, input: unknown, where: string) {
  const out = safeParse(schema, input);
  if (out.success) throw new Error(`accepted ${JSON.stringify(input)}`);
  return mapError(zodIssueToError(out.error, where));
}

describe('validation messages (zod/mini with the English locale)', () => {
  it('length, type and unknown-key refusals read as zod classic wrote them', () => {
    expect(refused(storageGetKey.params, { id: 'a', key: '' }, 'path')).toMatchObject({
      status: 400,
      body: {
        message: "Invalid path parameter 'key': Too small: expected string to have >=1 characters",
        exception: 'com.genesyslab.gsg.services.InvalidParameterException',
        code: 400,
        parameter: 'key',
      },
    });
    expect(refused(storageGetKey.params, { key: 'k' }, 'path').body.message).toBe(
      "Invalid path parameter 'id': Invalid input: expected string, received undefined",
    );
    expect(refused(putServerSettings.body, { realm: 'x'.repeat(300) }, 'body').body.message).toBe(
      "Invalid body parameter 'realm': Too big: expected string to have <=128 characters",
    );
    expect(refused(putServerSettings.body, { a: 1 }, 'body').body).toMatchObject({
      message: 'Invalid body parameter \'body\': Unrecognized key: "a"',
      parameter: 'body',
    });
    expect(refused(agentLogin.body, { name: 1 }, 'body').body.message).toBe(
      "Invalid body parameter 'name': Invalid input: expected string, received number",
    );
  });

  it("a refinement's own message is kept", () => {
    expect(refused(putServerSettings.body, { rate_limit_requests: 'abc' }, 'body').body).toMatchObject({
      message: "Invalid body parameter 'rate_limit_requests': must be a whole number",
      parameter: 'rate_limit_requests',
    });
  });

  it('a zod error thrown by a parse is a 400 naming the parameter', () => {
    let thrown: unknown;
    try {
      storageGetKey.params.parse({ id: 'a', key: '' });
    } catch (error) {
      thrown = error;
    }
    expect(mapError(thrown)).toMatchObject({
      status: 400,
      body: {
        message: "Invalid request parameter 'key': Too small: expected string to have >=1 characters",
        parameter: 'key',
      },
    });
  });
});
