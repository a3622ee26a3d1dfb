/** Just enough XML to write S3's answers (S3 never needs us to parse its documents here). */
export const S3_NAMESPACE = 'http://s3.amazonaws.com/doc/2006-03-01/';

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** `<name>content</name>`; content is escaped unless it is already markup (`escape = false`). */
export function xmlElement(name: string, content: string, escape = true): string {
  return `<${name}>${escape ? escapeXml(content) : content}</${name}>`;
}

export function xmlDocument(root: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${root}`;
}

/** A root element carrying S3's namespace, as its list and result documents do. */
export function s3Root(name: string, children: readonly string[]): string {
  return xmlDocument(`<${name} xmlns="${S3_NAMESPACE}">${children.join('')}</${name}>`);
}
