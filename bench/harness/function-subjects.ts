import { access } from 'node:fs/promises';
import { basename } from 'node:path';
import { functions, routes, type FunctionName } from '../../lib/description';

export interface FunctionSubject {
  readonly name: FunctionName;
  /** Handler module, relative to the repository root. */
  readonly entry: string;
  /** Behind an API route (the cold-start budget over `node -e 0` applies). */
  readonly api: boolean;
  /** Uses the cache (carries its client); an API function without it has the 300 KB budget. */
  readonly cache: boolean;
  /** Native packages, left out of the bundle as the stack leaves them. */
  readonly nativeModules: readonly string[];
  /** `bench/baselines/<same file name>`: a bare handler with the same SDK call, when one exists. */
  readonly baseline?: string;
}

/** Every function in the service description, with its bare-handler baseline if there is one. */
export async function functionSubjects(): Promise<FunctionSubject[]> {
  const apiFunctions = new Set(routes.map((route) => route.function));
  return Promise.all(
    (Object.keys(functions) as FunctionName[]).map(async (name) => {
      const entry = functions[name].entry;
      const baseline = `bench/baselines/${basename(entry)}`;
      const hasBaseline = await access(baseline).then(
        () => true,
        () => false,
      );
      return {
        name,
        entry,
        api: apiFunctions.has(name),
        cache: functions[name].uses?.includes('cache') ?? false,
        nativeModules: functions[name].nativeModules ?? [],
        ...(hasBaseline ? { baseline } : {}),
      };
    }),
  );
}
