/** JSON pointer → `spec.containers[0].image`; keys that are not identifiers are bracketed. */
export function fieldPath(pointer: string): string {
  if (pointer === '') return '(root)';
  return pointer
    .split('/')
    .slice(1)
    .map((raw) => raw.replace(/~1/g, '/').replace(/~0/g, '~'))
    .reduce((path, key) => {
      if (/^\d+$/.test(key)) return `${path}[${key}]`;
      if (/^[A-Za-z_$][\w$-]*$/.test(key)) return path ? `${path}.${key}` : key;
      return `${path}[${JSON.stringify(key)}]`;
    }, '');
}
