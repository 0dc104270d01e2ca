/**
 * Reading the spec schema's structure (zod v4 `def`s): which keys an object knows, what an array
 * holds, which number checks apply. Shared by the shape messages and the best-effort partial spec.
 */
import type { z } from 'zod';

/** The parts of a zod v4 schema definition the spec layer reads. */
export interface ZodDef {
  type: string;
  shape?: Record<string, z.ZodType>;
  innerType?: z.ZodType;
  element?: z.ZodType;
  valueType?: z.ZodType;
  checks?: Array<{ def?: { format?: string } }>;
}

/** The definition of `schema`. */
export const defOf = (schema: z.ZodType): ZodDef => (schema as unknown as { def: ZodDef }).def;

/** `schema` without its optional/default wrappers. */
export function unwrapOptional(schema: z.ZodType | undefined): z.ZodType | undefined {
  let node = schema;
  while (node && (defOf(node).type === 'optional' || defOf(node).type === 'default')) node = defOf(node).innerType;
  return node;
}
