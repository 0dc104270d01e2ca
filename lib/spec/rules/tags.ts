/**
 * AWS tag syntax: every tag of the spec lands on every AWS resource, and AWS refuses a bad one
 * only when it creates the resource — half-way through a deploy.
 */
import { findCredentials } from '../credentials';
import { asRecord, type Rule } from './context';

/** AWS tag limits (the same for every service Groundwork tags). */
export const TAG_LIMITS = { keyLength: 128, valueLength: 256 } as const;

/** Characters AWS allows in tag keys and values: letters, digits, spaces and `_ . : / = + - @`. */
const TAG_TEXT = /^[\p{L}\p{N}\p{Zs}_.:/=+\-@]*$/u;

export const tagRules: Rule = ({ input, report }) => {
  for (const [key, value] of Object.entries(asRecord(input.tags) ?? {})) {
    const path = `spec.tags.${key}`;
    // A credential is reported by the credentials rule, with the fix that matters.
    if (findCredentials(key).length > 0 || (typeof value === 'string' && findCredentials(value).length > 0)) continue;
    const keyLength = [...key].length;
    if (keyLength === 0 || keyLength > TAG_LIMITS.keyLength) {
      report(path, `the tag key has ${keyLength} characters; AWS allows 1–${TAG_LIMITS.keyLength}`, `shorten the key to at most ${TAG_LIMITS.keyLength} characters`);
    }
    if (!TAG_TEXT.test(key)) report(path, 'the tag key holds characters AWS refuses', 'use letters, digits, spaces and _ . : / = + - @ only');
    if (typeof value !== 'string') continue;
    const valueLength = [...value].length;
    if (valueLength > TAG_LIMITS.valueLength) {
      report(path, `the tag value has ${valueLength} characters; AWS allows at most ${TAG_LIMITS.valueLength}`, `shorten the value to at most ${TAG_LIMITS.valueLength} characters`);
    }
    if (!TAG_TEXT.test(value)) report(path, 'the tag value holds characters AWS refuses', 'use letters, digits, spaces and _ . : / = + - @ only');
  }
};
