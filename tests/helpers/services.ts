/** Real servers a sample repository's tests need; each case names them in case.json. */
export type CaseServices = 'postgres';

export interface RunningServices {
  variables: Record<string, string>;
  stop: () => Promise<void>;
}

export async function startServices(services: CaseServices[]): Promise<RunningServices> {
  if (services.length > 0) throw new Error(`services not supported yet: ${services.join(', ')}`);
  return { variables: {}, stop: async () => {} };
}
