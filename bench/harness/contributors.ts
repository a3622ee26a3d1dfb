export interface Contributor {
  /** A package (`@aws-sdk/client-dynamodb`) or, for this repository's code, its path. */
  readonly name: string;
  readonly bytes: number;
}

/** Groups a bundle's inputs by npm package (own sources by path), largest first. */
export function contributors(inputs: Readonly<Record<string, number>>): Contributor[] {
  const totals = new Map<string, number>();
  for (const [path, bytes] of Object.entries(inputs)) {
    // The last node_modules segment: nested copies count under their own package.
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)(?!.*node_modules\/)/.exec(path);
    const name = match?.[1] ?? path;
    totals.set(name, (totals.get(name) ?? 0) + bytes);
  }
  return [...totals].map(([name, bytes]) => ({ name, bytes })).sort((a, b) => b.bytes - a.bytes);
}
