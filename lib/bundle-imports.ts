import * as path from 'node:path';

/**
 * How esbuild's metafile names an output file: relative to the build's working directory,
 * with forward slashes whatever the platform.
 */
export function metafileKey(outfile: string, workingDir: string = process.cwd()): string {
  return path.relative(workingDir, outfile).split(path.sep).join('/');
}

/**
 * The native packages left out of a build that a bundle imports (its `externals`) without
 * its function declaring them. One build of several functions (the stack's, the bench's)
 * leaves every function's native packages out of every bundle, so a function importing
 * another's would bundle there, and fail in Lambda with no such package beside it; built
 * alone, it would not bundle at all.
 */
export function undeclaredNatives(
  externals: readonly string[],
  leftOut: readonly string[],
  declared: readonly string[],
): string[] {
  return leftOut.filter(
    (native) =>
      !declared.includes(native) &&
      externals.some((imported) => imported === native || imported.startsWith(`${native}/`)),
  );
}
