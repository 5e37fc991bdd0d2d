/** A GMS storage entry and the files it carries. */

/** A file sent in a multipart request, stored with a session or storage entry. */
export interface StoredFile {
  filename: string;
  contentType: string;
  data: Buffer;
}

/** A GMS storage entry (`/genesys/1/storage/...`), also used for a session's application data. */
export interface StorageEntry {
  id: string;
  values: Record<string, string>;
  files: Record<string, StoredFile>;
  gmsUser?: string;
  /** Created under an id the app chose (`storage/custom/{id}`): only its `gmsUser` reaches it. */
  custom?: boolean;
  expiresAt: number;
}
