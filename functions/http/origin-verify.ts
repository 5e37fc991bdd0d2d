import { createHash, timingSafeEqual } from 'node:crypto';
import type middy from '@middy/core';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2 } from 'aws-lambda';
import { ForbiddenError } from '../domain/errors.js';
import { logger } from '../observability.js';

/** The header CloudFront adds to every request it forwards to the HTTP API (lib/origin-verify.ts). */
export const ORIGIN_VERIFY_HEADER = 'x-gms-origin-verify';

/** The viewer's address, which CloudFront's viewer-request function sets on API requests (lib/gms-ui.ts). */
export const VIEWER_ADDRESS_HEADER = 'x-gms-viewer-address';

const ADDRESS = /^[0-9a-fA-F.:]{2,45}$/;

function header(event: APIGatewayProxyEventV2, name: string): string | undefined {
  return Object.entries(event.headers ?? {}).find(([n]) => n.toLowerCase() === name)?.[1];
}

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
 * A verified request's source address becomes the viewer's (`x-gms-viewer-address`).
 * `accepted` reads the values each time, so the local runtime can set them after loading.
 */
export function originVerify(
  accepted: () => readonly string[] | undefined,
): middy.MiddlewareObj<APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2> {
  return {
    before: (request) => {
      const values = accepted();
      if (!values || values.length === 0) return;
      if (originVerified(header(request.event, ORIGIN_VERIFY_HEADER), values)) {
        // Behind CloudFront, API Gateway's source address is the edge's: per-address limits
        // (lockouts, the public API's rate limit) would lump together every client of an edge.
        // A verified request's viewer address was set by CloudFront itself (it overwrites any a
        // viewer sends), so it is the client's; unverified requests never get here.
        const viewer = header(request.event, VIEWER_ADDRESS_HEADER);
        const http = request.event.requestContext?.http;
        if (viewer && ADDRESS.test(viewer) && http) http.sourceIp = viewer;
        return;
      }
      logger.warn('Request refused: it did not come through CloudFront', {
        securityEvent: 'origin-not-verified',
        sourceIp: request.event.requestContext?.http?.sourceIp,
        path: request.event.rawPath,
      });
      throw new ForbiddenError('This API only answers through its CloudFront distribution.');
    },
  };
}
