import type { AwsCall, PortAwsCalls } from './aws-call.js';
import { isRecordingAwsCalls, recordAwsCalls } from './aws-call-recorder.js';

/**
 * `port` with each declared method recorded as the AWS calls its AWS adapter makes (a local
 * stand-in such as the in-process work queue or the dialer simulator calls no AWS API).
 * Returns `port` itself when recording is off.
 */
export function recordedPort<T extends object>(port: T, calls: PortAwsCalls<T>): T {
  if (!isRecordingAwsCalls()) return port;
  const declared = calls as unknown as Record<string | symbol, readonly AwsCall[] | undefined>;
  return new Proxy(port, {
    get(target, key) {
      const value: unknown = Reflect.get(target, key, target);
      if (typeof value !== 'function') return value;
      const method = value as (...args: unknown[]) => unknown;
      const made = declared[key];
      if (!made) return method.bind(target);
      return (...args: unknown[]) => {
        recordAwsCalls(String(key), made);
        return method.apply(target, args);
      };
    },
  });
}
