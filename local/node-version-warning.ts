/**
 * The AWS SDK warns on every start that it will soon need Node 22. Lambda
 * runs Node 24 and never sees it; locally it only buries the useful lines.
 */
export function silenceSdkNodeVersionWarning(): void {
  const emit = process.emitWarning.bind(process);
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    const name = typeof warning === 'string' ? rest[0] : warning.name;
    const type = typeof name === 'object' && name ? (name as { type?: string }).type : name;
    if (type === 'NodeVersionSupportWarning') return;
    (emit as (w: string | Error, ...r: unknown[]) => void)(warning, ...rest);
  }) as typeof process.emitWarning;
}
