/** One line for a refused GitHub API call: what was attempted, the status, and what to change. */
export class ApiError extends Error {}

export async function api<T>(attempt: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    const status = (error as { status?: number }).status;
    const said = firstLine((error as { response?: { data?: { message?: string } } }).response?.data?.message ?? (error as Error).message);
    if (status === 403 || status === 404) {
      throw new ApiError(`cannot ${attempt}: the token was refused (HTTP ${status}: ${said}). Give the workflow \`permissions: contents: write, pull-requests: write\`, or a token that has them${status === 404 ? ' (GitHub answers 404 when a token may not see the repository)' : ''}`);
    }
    throw new ApiError(`cannot ${attempt}: ${status ? `HTTP ${status}: ` : ''}${said}`);
  }
}

function firstLine(text: string): string {
  return text.split('\n')[0].trim();
}
