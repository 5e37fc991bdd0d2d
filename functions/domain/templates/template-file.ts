import { Unzip, UnzipInflate } from 'fflate';
import { InvalidParameterError, PayloadTooLargeError } from '../errors.js';

/** An uploaded template file: its name and bytes. */
export interface TemplateFile {
  filename: string;
  data: Buffer;
}

/** A template is a few hundred options at most; anything that inflates past this is not one (or is a zip bomb). */
export const MAX_TEMPLATE_BYTES = 1024 * 1024;

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);

/** Entries zip tools add that are not content: folders, macOS resource forks, dot files. */
const isNoise = (name: string) => name.endsWith('/') || name.startsWith('__MACOSX/') || /(^|\/)\./.test(name);

/**
 * The one `.json` entry of a zip, inflated by streaming so the byte count is checked as it grows:
 * the sizes in a zip's headers are whatever its author wrote, so they cannot be trusted.
 */
export function jsonFromZip(data: Uint8Array): string {
  const entries: { name: string; chunks: Uint8Array[]; done: boolean }[] = [];
  const others: string[] = [];
  let total = 0;
  let failure: Error | undefined;
  const unzip = new Unzip((file) => {
    if (isNoise(file.name)) return;
    if (!/\.json$/i.test(file.name)) {
      others.push(file.name);
      return;
    }
    const entry = { name: file.name, chunks: [] as Uint8Array[], done: false };
    entries.push(entry);
    file.ondata = (err, chunk, final) => {
      if (failure) return;
      if (err) {
        failure = new InvalidParameterError('file', `Cannot read '${file.name}' in the zip: ${err.message}.`);
        return;
      }
      total += chunk.length;
      if (total > MAX_TEMPLATE_BYTES) {
        failure = new PayloadTooLargeError(
          `The zip inflates to more than ${MAX_TEMPLATE_BYTES} bytes; a template is smaller.`,
        );
        file.terminate();
        return;
      }
      entry.chunks.push(chunk);
      entry.done = final;
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    unzip.push(data, true);
  } catch (e) {
    failure ??= new InvalidParameterError('file', `The file is not a valid zip: ${(e as Error).message}.`);
  }
  if (failure) throw failure;
  if (entries.length === 0 && others.length === 0) {
    throw new InvalidParameterError('file', 'The file is not a valid zip, or the zip is empty.');
  }
  if (entries.length !== 1) {
    const found =
      entries.length === 0 ? `none (found: ${others.join(', ')})` : entries.map((e) => e.name).join(', ');
    throw new InvalidParameterError(
      'file',
      `The zip must hold exactly one .json service template; it holds ${found}.`,
    );
  }
  const [entry] = entries;
  if (!entry!.done)
    throw new InvalidParameterError('file', `The zip is truncated: '${entry!.name}' is incomplete.`);
  return Buffer.concat(entry!.chunks).toString('utf8');
}

function parseJsonText(text: string, what: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    throw new InvalidParameterError('file', `${what} is not valid JSON: ${(e as Error).message}`);
  }
}

/** The template document of an uploaded file: a zip holding one `.json`, or the `.json` itself. */
export function documentFromFile(file: TemplateFile): unknown {
  if (file.data.length === 0) throw new InvalidParameterError('file', 'The uploaded file is empty.');
  if (file.data.subarray(0, 4).equals(ZIP_MAGIC))
    return parseJsonText(jsonFromZip(file.data), `'${file.filename}'`);
  if (/\.zip$/i.test(file.filename))
    throw new InvalidParameterError('file', `'${file.filename}' is not a valid zip.`);
  if (file.data.length > MAX_TEMPLATE_BYTES) {
    throw new PayloadTooLargeError(`A template file is at most ${MAX_TEMPLATE_BYTES} bytes.`);
  }
  return parseJsonText(file.data.toString('utf8'), `'${file.filename}'`);
}
