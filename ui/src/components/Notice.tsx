import { ApiError } from '../api';

/** An error as the server stated it (GMS error `message`, and the parameter it names). */
export function ErrorNotice({ error }: { error: unknown }) {
  if (!error) return null;
  const message = error instanceof Error ? error.message : String(error);
  const parameter =
    error instanceof ApiError && error.body && typeof error.body === 'object'
      ? (error.body as { parameter?: string }).parameter
      : undefined;
  return (
    <p className="notice error" role="alert">
      {message}
      {parameter ? <span className="parameter"> (parameter: {parameter})</span> : null}
    </p>
  );
}

export function SuccessNotice({ message }: { message?: string }) {
  if (!message) return null;
  return (
    <p className="notice success" role="status">
      {message}
    </p>
  );
}
