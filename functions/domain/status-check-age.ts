/**
 * How old a table probe or node status the status checks (`health`, the `get` service kind) may
 * answer with. Load balancers and monitors call them many times a second; with this each process
 * reads at most once a second, and a table that stops answering still turns health to 503 (or a
 * node taken OFFLINE elsewhere turns `get` to its offline code) within a second.
 */
export const STATUS_CHECK_MAX_AGE_MS = 1_000;
