/**
 * zod's shape errors as messages: each code the spec schema can produce (or will, as bounds and
 * unions are added) names the value and the fix, never zod's "Invalid input" or a lib/ path.
 */
import { z } from 'zod';
import { SPEC_REFERENCE, shapeIssues } from '../../lib/spec/shape-issues';
import type { SpecIssue } from '../../lib/spec/errors';

const schema = z.strictObject({
  name: z.string().min(1).max(5).optional(),
  code: z.string().min(3).optional(),
  items: z.array(z.string()).min(2).max(3).optional(),
  size: z.number().int().min(1).max(10).optional(),
  step: z.number().multipleOf(5).optional(),
  id: z.string().regex(/^[a-z]+$/).optional(),
  mail: z.email().optional(),
  source: z.union([z.string(), z.strictObject({ url: z.string() })]).optional(),
  either: z.union([z.string(), z.number()]).optional(),
  even: z.number().refine((n) => n % 2 === 0, 'must be even').optional(),
});

function issuesOf(input: Record<string, unknown>): SpecIssue[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected a shape error');
  return shapeIssues(input, parsed.error);
}

describe('shapeIssues', () => {
  it.each<[string, Record<string, unknown>, SpecIssue]>([
    ['an empty string', { name: '' }, { path: 'spec.name', problem: 'must not be empty', fix: `write a value (${SPEC_REFERENCE})` }],
    ['a short string', { code: 'ab' }, { path: 'spec.code', problem: 'is 2 characters long (at least 3)', fix: 'write at least 3 characters' }],
    ['a long string', { name: 'abcdefg' }, { path: 'spec.name', problem: 'is 7 characters long (at most 5)', fix: 'shorten it to 5 characters or fewer' }],
    ['a short list', { items: ['a'] }, { path: 'spec.items', problem: 'has 1 item (at least 2 needed)', fix: 'list at least 2 items' }],
    ['a long list', { items: ['a', 'b', 'c', 'd'] }, { path: 'spec.items', problem: 'has 4 items (at most 3 allowed)', fix: 'keep at most 3 items' }],
    ['a small number', { size: 0 }, { path: 'spec.size', problem: '0 is too small', fix: 'use a value ≥ 1' }],
    ['a large number', { size: 11 }, { path: 'spec.size', problem: '11 is too large', fix: 'use a value ≤ 10' }],
    ['a fraction', { size: 1.5 }, { path: 'spec.size', problem: 'expected an integer, got 1.5', fix: 'write an integer' }],
    ['-Infinity', { step: -Infinity }, { path: 'spec.step', problem: 'is too large to be a number (-1e309 and beyond become -Infinity)', fix: 'write a number' }],
    ['a non-multiple', { step: 7 }, { path: 'spec.step', problem: '7 is not a multiple of 5', fix: 'use a multiple of 5' }],
    ['a pattern mismatch', { id: 'A1' }, { path: 'spec.id', problem: '"A1" does not match /^[a-z]+$/', fix: SPEC_REFERENCE }],
    ['a bad format', { mail: 'nope' }, { path: 'spec.mail', problem: '"nope" is not a valid email', fix: SPEC_REFERENCE }],
    ['the union branch the value has the type of', { source: { url: 1 } }, { path: 'spec.source.url', problem: 'expected a string, got 1', fix: 'write a string' }],
    ['a union no branch has the type of', { either: true }, { path: 'spec.either', problem: 'true matches none of the forms this field takes', fix: `write a string or a number (${SPEC_REFERENCE})` }],
    ['a refinement', { even: 3 }, { path: 'spec.even', problem: 'must be even', fix: SPEC_REFERENCE }],
  ])('%s', (_, input, expected) => {
    expect(issuesOf(input)).toEqual([expected]);
  });

  it('shows long values shortened and values JSON cannot print as they are', () => {
    const [long] = issuesOf({ name: ['x'.repeat(100)] });
    expect(long.problem).toBe(`expected a string, got ["${'x'.repeat(57)}…`);
    expect(issuesOf({ name: NaN })[0].problem).toBe('is NaN (not a number), e.g. the result of 0/0 or Number("x")');
    expect(issuesOf({ name: () => 1 })[0].problem).toBe('expected a string, got a function');
  });

  it('never points at a source file the npm package does not ship', () => {
    expect(SPEC_REFERENCE).not.toMatch(/lib\/|\.ts\b/);
  });
});
