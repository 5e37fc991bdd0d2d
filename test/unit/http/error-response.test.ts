import { describe, expect, it } from 'vitest';
import { isKeySizeError, mapError } from '../../../functions/http/error-response.js';

const dynamoError = (name: string, message: string) => Object.assign(new Error(message), { name });

describe('mapError: DynamoDB ValidationException backstop', () => {
  it('key-size refusals (AWS and DynamoDB Local wordings) are a 400', () => {
    for (const message of [
      'One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of2048 bytes',
      'One or more parameter values were invalid: Aggregated size of all range keys has exceeded the size limit of 1024 bytes',
      'One or more parameter values were invalid: Size limit exceeded for Index Key number Actual Size: 2175 bytes Max Size: 2048 bytes IndexName: byNumber',
      'One or more parameter values were invalid: Hash primary key values must be under 2048 bytes',
      'Range primary key values must be under 1024 bytes',
    ]) {
      const error = dynamoError('ValidationException', message);
      expect(isKeySizeError(error)).toBe(true);
      const mapped = mapError(error);
      expect(mapped.status).toBe(400);
      expect(mapped.body).toMatchObject({ code: 400, parameter: 'request' });
      expect(mapped.body.message).not.toContain('hashkey');
    }
  });

  it('every other ValidationException, and the same text under another name, stays a bare 500', () => {
    for (const error of [
      dynamoError('ValidationException', 'Invalid UpdateExpression: Syntax error; token: "SET"'),
      dynamoError('ValidationException', 'One or more parameter values were invalid: Missing the key pk'),
      dynamoError('ValidationException', 'Item size has exceeded the maximum allowed size'),
      dynamoError('InternalFailure', 'Hash primary key values must be under 2048 bytes'),
    ]) {
      expect(isKeySizeError(error)).toBe(false);
      const mapped = mapError(error);
      expect(mapped.status).toBe(500);
      expect(mapped.body.message).toBe('Internal server error.');
    }
  });
});
