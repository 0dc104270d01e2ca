/**
 * The README's "Readiness checks" section lists every check id the checks can report.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { READINESS_CHECKS } from '../../lib/readiness/check-catalogue';

const readme = readFileSync(join(__dirname, '..', '..', 'README.md'), 'utf8');
const section = readme.slice(readme.indexOf('### Readiness checks'), readme.indexOf('\n## ', readme.indexOf('### Readiness checks')));

describe('README readiness checks', () => {
  it('has the section', () => expect(section.length).toBeGreaterThan(100));

  it.each(READINESS_CHECKS.map((c) => [c.id]))('lists %s', (id) => {
    expect(section).toContain(`\`${id}\``);
  });

  it('lists no check that does not exist', () => {
    const known = new Set(READINESS_CHECKS.map((c) => c.id));
    const listed = [...section.matchAll(/`((?:pod-security|availability|resources|images|network)\.[A-Za-z_.-]+)`/g)].map((m) => m[1]);
    expect(listed.filter((id) => !known.has(id))).toEqual([]);
  });
});
