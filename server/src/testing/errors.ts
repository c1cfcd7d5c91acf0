/** The messages of a promise's error and its causes, joined ("no error" when it resolves): drizzle wraps the database's error. */
export async function failure(p: Promise<unknown>): Promise<string> {
  try {
    await p;
    return 'no error';
  } catch (e) {
    const out: string[] = [];
    for (let x = e as { message?: string; cause?: unknown } | undefined; x; x = x.cause as typeof x) out.push(x.message ?? '');
    return out.join(' | ');
  }
}
