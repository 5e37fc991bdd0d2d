import { STATUS_CODES } from 'node:http';
import { $ZodError } from '../domain/zod.js';
import {
  ConfiguredStatusError,
  ConflictError,
  ForbiddenError,
  GmsError,
  IdempotencyKeyInProgressError,
  IdempotencyKeyReusedError,
  InvalidParameterError,
  NotFoundError,
  PayloadTooLargeError,
  RequestTimeoutError,
  ResourceExhaustedError,
  ServiceUnavailableError,
  TooManyRequestsError,
  UnauthorizedError,
  UnsupportedMediaTypeError,
} from '../domain/errors.js';

export interface ErrorBody {
  message: string;
  exception: string;
  code: number;
  phrase: string;
  /** The request parameter at fault, when one is. */
  parameter?: string;
  [extra: string]: unknown;
}

export interface MappedError {
  status: number;
  body: ErrorBody;
  headers?: Record<string, string>;
}

function statusOf(error: GmsError): number {
  if (error instanceof IdempotencyKeyReusedError) return 422;
  if (error instanceof InvalidParameterError) return 400;
  if (error instanceof UnauthorizedError) return 401;
  if (error instanceof ForbiddenError) return 403;
  if (error instanceof NotFoundError) return 404;
  if (error instanceof RequestTimeoutError) return 408;
  if (error instanceof ConflictError) return 409;
  if (error instanceof PayloadTooLargeError) return 413;
  if (error instanceof UnsupportedMediaTypeError) return 415;
  if (error instanceof TooManyRequestsError) return 429;
  if (error instanceof ResourceExhaustedError) return 503;
  if (error instanceof ServiceUnavailableError) return 503;
  if (error instanceof ConfiguredStatusError) return error.status;
  return 400;
}

function body(
  status: number,
  message: string,
  exception: string,
  extra: Record<string, unknown> = {},
): ErrorBody {
  return { message, exception, code: status, phrase: STATUS_CODES[status] ?? 'Error', ...extra };
}

export function zodIssueToError(error: $ZodError, where: string): InvalidParameterError {
  const issue = error.issues[0]!;
  const parameter = issue.path.length > 0 ? issue.path.map(String).join('.') : where;
  return new InvalidParameterError(parameter, `Invalid ${where} parameter '${parameter}': ${issue.message}`);
}

/**
 * DynamoDB's key-size refusals (AWS and DynamoDB Local wordings): a key value over 2048 bytes
 * (partition) or 1024 bytes (sort), or an index key over its limit. Only client input this long
 * reaches a key, so this is a 400; every other ValidationException stays a 500, since it means a
 * bug here. Inputs are capped before they reach DynamoDB; this is the backstop for a cap missed,
 * and the handler logs it as a warning so the missing cap gets fixed.
 */
const KEY_SIZE_MESSAGE =
  /Size of hashkey has exceeded|Aggregated size of all range keys has exceeded|Size limit exceeded for Index Key|(Hash|Range) primary key values must be under/i;

export function isKeySizeError(error: unknown): boolean {
  return (
    error instanceof Error && error.name === 'ValidationException' && KEY_SIZE_MESSAGE.test(error.message)
  );
}

/** The one mapping from errors to HTTP. Anything not deliberate becomes a bare 500 with no internals. */
export function mapError(error: unknown): MappedError {
  if (error instanceof $ZodError) return mapError(zodIssueToError(error, 'request'));
  if (isKeySizeError(error)) {
    return mapError(
      new InvalidParameterError('request', 'A request parameter is too long to be a name or an id.'),
    );
  }
  if (error instanceof GmsError) {
    const status = statusOf(error);
    const extra: Record<string, unknown> = { ...(error.details ?? {}) };
    if (error instanceof InvalidParameterError) extra.parameter = error.parameter;
    if (error instanceof ResourceExhaustedError) extra.resource_group = error.resourceGroup;
    const headers: Record<string, string> = {};
    if (status === 401) {
      // A quoted-string of printable ASCII: an operator's realm loses what would end or break it.
      const realm = (error instanceof UnauthorizedError && error.realm ? error.realm : 'GMS').replace(
        /[^\x20\x21\x23-\x5b\x5d-\x7e]/g,
        '',
      );
      headers['www-authenticate'] = `Basic realm="${realm}", charset="UTF-8"`;
    }
    if (status === 503) {
      const after = error instanceof ServiceUnavailableError ? error.retryAfterSeconds : undefined;
      headers['retry-after'] = String(after ?? 5);
    }
    if (error instanceof IdempotencyKeyInProgressError) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
    }
    if (error instanceof TooManyRequestsError) {
      headers['retry-after'] = String(Math.max(1, Math.ceil(error.retryAfterSeconds)));
    }
    return { status, body: body(status, error.message, error.exception, extra), headers };
  }
  return {
    status: 500,
    body: body(500, 'Internal server error.', 'com.genesyslab.gsg.services.InternalErrorException'),
  };
}
