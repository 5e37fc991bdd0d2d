import { createHash, timingSafeEqual } from 'node:crypto';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ForbiddenError } from '../domain/errors.js';
import { logger } from '../observability.js';

/** The header CloudFront adds to every request it forwards to the HTTP API (lib/origin-verify.ts). */
export const ORIGIN_VERIFY_HEADER = 'x-gms-origin-verify';

const digest = (value: string) => createHash('sha256').update(value, 'utf8').digest();

/** Whether `presented` is one of `accepted`, compared in constant time (through SHA-256, so lengths do not show). */
export function originVerified(presented: string | undefined, accepted: readonly string[]): boolean {
  if (presented === undefined) return false;
  const d = digest(presented);
  let ok = false;
  for (const value of accepted) ok = timingSafeEqual(d, digest(value)) || ok;
  return ok;
}

/**
 * When the API only answers through CloudFront (`apiViaCloudFrontOnly`), refuses every request
 * without CloudFront's origin header with GMS's 403 body, before routing, authentication or the
 * body: a caller of the execute-api URL cannot bypass the WAF, nor learn which routes exist.
 * `accepted` reads the values each time, so the local runtime can set them after loading.
 */
export function originVerify(
  accepted: () => readonly string[] | undefined,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: (request) => {
      const values = accepted();
      if (!values || values.length === 0) return;
      const header = Object.entries(request.event.headers ?? {}).find(
        ([name]) => name.toLowerCase() === ORIGIN_VERIFY_HEADER,
      )?.[1];
      if (originVerified(header, values)) return;
      logger.warn('Request refused: it did not come through CloudFront', {
        securityEvent: 'origin-not-verified',
        sourceIp: request.event.requestContext?.http?.sourceIp,
        path: request.event.rawPath,
      });
      throw new ForbiddenError('This API only answers through its CloudFront distribution.');
    },
  };
}
