/**
 * Named domain errors. The domain never speaks HTTP: `http/error-response.ts` is the one place
 * that maps these to status codes and GMS's error body (`message`, `exception`, `code`, `phrase`).
 */
export abstract class GmsError extends Error {
  /** The Java exception class GMS clients see in the `exception` field. */
  abstract readonly exception: string;
  /** Extra members of the error body, e.g. `availability` (time slot -> free capacity) on a full bucket. */
  details?: Record<string, unknown>;
}

/** A request parameter is missing or malformed; `parameter` names it. */
export class InvalidParameterError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.services.InvalidParameterException';
  constructor(
    readonly parameter: string,
    message: string,
  ) {
    super(message);
  }
}

export class NotFoundError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.services.NotFoundException';
}

export class ConflictError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.services.ConflictException';
}

/** No access number is free in the resource group. */
export class ResourceExhaustedError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.services.resource.ResourceExhaustedException';
  constructor(readonly resourceGroup: string) {
    super(`No access number is available in resource group '${resourceGroup}'.`);
  }
}

export class ServiceUnavailableError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.services.ServiceUnavailableException';
  /** Seconds the client should wait before trying again (`Retry-After`); 5 when not set. */
  retryAfterSeconds?: number;
}

/** Too many requests from one client, or too many failed attempts: try again after `retryAfterSeconds`. */
export class TooManyRequestsError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.services.TooManyRequestsException';
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}

export class UnauthorizedError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.security.AuthenticationException';
  /** Realm of the Basic challenge (the public API's `server/realm`); `GMS` when unset. */
  realm?: string;
}

export class ForbiddenError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.security.AccessDeniedException';
}

/**
 * The user's initial password must be changed first (the AWS-seeded `default`): a 403 whose body
 * says how (`error`, `change_password`), so clients and the UI can lead the user there.
 */
export class PasswordChangeRequiredError extends ForbiddenError {
  constructor(
    message: string,
    readonly changePath: string,
  ) {
    super(message);
    this.details = { error: 'password-change-required', change_password: `PUT ${changePath}` };
  }
}

export class PayloadTooLargeError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.services.PayloadTooLargeException';
}

/** The client took too long to send its request (a stalled or trickled body): 408. */
export class RequestTimeoutError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.services.RequestTimeoutException';
}

export class UnsupportedMediaTypeError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.services.UnsupportedMediaTypeException';
}

/** A service answers with a status chosen by configuration (`get`, `basic_get`). */
export class ConfiguredStatusError extends GmsError {
  readonly exception: string = 'com.genesyslab.gsg.services.ServiceStatusException';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/**
 * An `Idempotency-Key` already used for a different request (another body or path): 422, as the
 * IETF Idempotency-Key draft says, so the client sees its bug rather than the first answer.
 */
export class IdempotencyKeyReusedError extends InvalidParameterError {
  constructor(message: string) {
    super('Idempotency-Key', message);
  }
}

/** The first request with this `Idempotency-Key` is still running: 409, try again shortly. */
export class IdempotencyKeyInProgressError extends ConflictError {
  constructor(
    message: string,
    readonly retryAfterSeconds: number,
  ) {
    super(message);
  }
}
