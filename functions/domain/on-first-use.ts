/**
 * `load` run on the first call and its promise kept (a failed load is tried again next time).
 * For what a function rarely needs: `onFirstUse(() => import('@aws-sdk/client-sqs'))` keeps the
 * client's package out of the function's start (esbuild puts what only `import()` reaches in a
 * chunk of its own).
 */
export function onFirstUse<T>(load: () => Promise<T>): () => Promise<T> {
  let loading: Promise<T> | undefined;
  return () =>
    (loading ??= load().catch((e: unknown) => {
      loading = undefined;
      throw e;
    }));
}
