/**
 * The AWS SDK warns on every start that it will soon need Node 22. Lambda
 * runs Node 24 and never sees it; locally it only buries the useful lines.
 */
export function silenceSdkNodeVersionWarning(): void {
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
