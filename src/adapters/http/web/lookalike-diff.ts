/**
 * Two addresses side by side with the characters that differ marked: a look-alike shares its first
 * and last characters with the address it imitates, so the difference hides in the middle, exactly
 * where people stop reading. Pure; the page marks the `differs` parts.
 */

export interface DiffPart {
  text: string;
  differs: boolean;
}

export interface AddressDiff {
  checked: DiffPart[];
  lookalike: DiffPart[];
  /** How many characters of the checked address differ from the look-alike (at least 1 when they differ). */
  differing: number;
}

/**
 * Compares code point by code point. EVM addresses compare case-insensitively (their mixed case
 * is a checksum, not a different address). The common start and end are kept; in between,
 * positions are compared one to one when both middles are equally long, else the whole middle of
 * each is marked (a character added or dropped shifts everything after it).
 */
export function diffAddresses(checked: string, lookalike: string): AddressDiff {
  const a = [...checked];
  const b = [...lookalike];
  const fold = /^0x[0-9a-f]{40}$/i.test(checked) && /^0x[0-9a-f]{40}$/i.test(lookalike);
  const same = (x: string | undefined, y: string | undefined) =>
    x !== undefined && y !== undefined && (fold ? x.toLowerCase() === y.toLowerCase() : x === y);

  let start = 0;
  while (start < a.length && start < b.length && same(a[start], b[start])) start++;
  let end = 0;
  while (
    end < a.length - start &&
    end < b.length - start &&
    same(a[a.length - 1 - end], b[b.length - 1 - end])
  ) {
    end++;
  }
  const middleA = a.slice(start, a.length - end);
  const middleB = b.slice(start, b.length - end);
  const flagsA = middleA.map((char, i) => middleA.length !== middleB.length || !same(char, middleB[i]));
  const flagsB = middleB.map((char, i) => middleA.length !== middleB.length || !same(middleA[i], char));

  const parts = (chars: string[], middleFlags: boolean[]): DiffPart[] => {
    const flags = [
      ...new Array<boolean>(start).fill(false),
      ...middleFlags,
      ...new Array<boolean>(end).fill(false),
    ];
    const out: DiffPart[] = [];
    chars.forEach((char, i) => {
      const differs = flags[i] ?? false;
      const last = out[out.length - 1];
      if (last && last.differs === differs) last.text += char;
      else out.push({ text: char, differs });
    });
    return out;
  };
  return {
    checked: parts(a, flagsA),
    lookalike: parts(b, flagsB),
    differing: flagsA.filter(Boolean).length,
  };
}
