/**
 * Text ordering for output. `localeCompare` follows the machine's locale (ICU collation differs
 * between `en_US` and `da_DK`, and between Node builds), so output sorted with it would not be
 * byte-identical everywhere. Code-unit order is the same on every machine.
 */

/** Compare two strings by UTF-16 code units (the order of `Array.prototype.sort()` without a comparator). */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
