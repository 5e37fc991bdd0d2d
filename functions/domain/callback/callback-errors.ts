import { ConflictError, InvalidParameterError, ServiceUnavailableError } from '../errors.js';
import type { CallbackRecord, CallbackState } from './callback-record.js';

/**
 * The callback service's own exceptions (GMS `com.genesyslab.gsg.services.callback.exceptions.*`).
 * Each extends the generic domain error whose HTTP status it answers with, so the status mapping
 * stays in `http/error-response.ts`.
 */
const CALLBACK_EXCEPTIONS = 'com.genesyslab.gsg.services.callback.exceptions';

/**
 * The base classes in `../errors.ts` declare `exception` with a literal type, which a subclass
 * cannot narrow to another literal; the value is what clients see, the type only has to line up.
 */
const named = <Base extends { exception: string }>(name: string) =>
  `${CALLBACK_EXCEPTIONS}.${name}` as Base['exception'];

/** Free capacity by slot start (ISO-8601 UTC), GMS's `availability` member of scheduling errors. */
export type Availability = Record<string, number>;

/**
 * The desired time cannot be served: outside office hours, too far ahead, or its time bucket is
 * full. 400, with `availability` proposals (slot -> free capacity) when some could be found.
 */
export class CallbackAvailabilityError extends InvalidParameterError {
  override readonly exception = named<InvalidParameterError>('CallbackExceptionAvailability');
  constructor(parameter: string, message: string, availability?: Availability) {
    super(parameter, message);
    if (availability !== undefined) this.details = { availability };
  }
}

/** The customer number is refused: premium, impossible, or on the service's exception list. 400. */
export class CallbackNumberError extends InvalidParameterError {
  override readonly exception = named<InvalidParameterError>('CallbackExceptionNumber');
  constructor(message: string, parameter = '_customer_number') {
    super(parameter, message);
  }
}

/** The service takes no more callbacks for now: queue limit or throttle reached. 503. */
export class CallbackServiceUnavailableError extends ServiceUnavailableError {
  override readonly exception = named<ServiceUnavailableError>('CallbackExceptionServiceUnavailable');
}

/**
 * A resource the service depends on is missing or misconfigured (its office-hours service, its
 * exception pattern group). GMS's status is unknown; 503 because the service cannot currently be
 * provided and the caller can do nothing about it but retry later.
 */
export class CallbackResourceError extends ServiceUnavailableError {
  override readonly exception = named<ServiceUnavailableError>('CallbackExceptionResource');
}

/**
 * `_enable_in_queue_checking`: the customer number already has as many active callbacks on the
 * service as allowed. GMS's exception name and status for this case are not documented; 409
 * Conflict says "the request clashes with existing state" (see docs/ for the choice).
 */
export class CallbackDuplicateError extends ConflictError {
  override readonly exception = named<ConflictError>('CallbackExceptionDuplicate');
}

/**
 * A move the callback lifecycle does not allow (`transition`): someone else moved the callback
 * first. Answered as a conflict, the generic one, as state races are answered elsewhere.
 */
export class IllegalTransitionError extends ConflictError {
  constructor(
    readonly record: CallbackRecord,
    readonly to: CallbackState,
  ) {
    super(
      `Callback ${record.id} is ${record.state}${record.reason ? ` (${record.reason})` : ''} and cannot become ${to}.`,
    );
  }
}
