/** A changed stretch of a file: [oldStart, oldEnd) of the text before is [newStart, newEnd) after. */
export interface TextChange {
  oldStart: number;
  oldEnd: number;
  newStart: number;
  newEnd: number;
}

/** The one change between two texts: what lies between their common start and their common end. */
export function changeBetween(before: string, after: string): TextChange {
  const shorter = Math.min(before.length, after.length);
  let prefix = 0;
  while (prefix < shorter && before.charCodeAt(prefix) === after.charCodeAt(prefix)) prefix++;
  let suffix = 0;
  while (suffix < shorter - prefix && before.charCodeAt(before.length - 1 - suffix) === after.charCodeAt(after.length - 1 - suffix)) suffix++;
  return { oldStart: prefix, oldEnd: before.length - suffix, newStart: prefix, newEnd: after.length - suffix };
}

/** The same changes in texts that both gained a prefix of `length` characters (a BOM). */
export function shiftChanges(changes: readonly TextChange[], length: number): TextChange[] {
  return changes.map((change) => ({
    oldStart: change.oldStart + length, oldEnd: change.oldEnd + length, newStart: change.newStart + length, newEnd: change.newEnd + length,
  }));
}
