import { describe, expect, it } from 'vitest';
import { humanText, MAX_TEXT_LENGTH } from '../../src/intel/normalise.js';

describe('humanText', () => {
  it('removes an OSC 8 hyperlink and an ANSI colour, keeping only the visible words', () => {
    expect(humanText('\u001b]8;;https://evil\u0007click\u001b]8;;\u0007 me')).toBe('click me');
    expect(humanText('\u001b[31mred\u001b[0m alert')).toBe('red alert');
    expect(humanText('\u009d8;;https://evil\u009cclick\u009d8;;\u009c \u009b1mbold')).toBe('click bold');
  });

  it('replaces other C0, DEL, C1 and bidi override characters and collapses whitespace', () => {
    expect(humanText('  a\tb\r\n\nc\u0000d\u007fe\u0085f\u202eg  ')).toBe('a b c d e f g');
  });

  it('returns null when nothing printable is left', () => {
    expect(humanText('\u001b[2J\u0007 \n')).toBeNull();
    expect(humanText('')).toBeNull();
    expect(humanText(null)).toBeNull();
  });

  it(`cuts text to ${MAX_TEXT_LENGTH} characters with an ellipsis, never inside an emoji`, () => {
    const cut = humanText(`${'x'.repeat(MAX_TEXT_LENGTH - 2)}🙂🙂🙂`);
    expect(cut).toBe(`${'x'.repeat(MAX_TEXT_LENGTH - 2)}🙂…`);
    expect(humanText('y'.repeat(MAX_TEXT_LENGTH))).toBe('y'.repeat(MAX_TEXT_LENGTH));
  });
});
