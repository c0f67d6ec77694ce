/** The errno-style code and message of whatever a Docker call rejected with. */
export function describeError(error: unknown): { code: string | undefined; message: string } {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { code: typeof code === 'string' ? code : undefined, message: error.message };
  }
  return { code: undefined, message: String(error) };
}
