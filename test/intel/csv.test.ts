import { describe, expect, it } from 'vitest';
import { type CsvRecord, csvRecords, MAX_QUOTED_CHARS, MAX_QUOTED_LINES } from '../../src/intel/csv.js';
import type { OverlongLine } from '../../src/intel/list-rows.js';

async function records(lines: Array<string | OverlongLine>): Promise<CsvRecord[]> {
  async function* source() {
    yield* lines;
  }
  const out: CsvRecord[] = [];
  for await (const record of csvRecords(source())) out.push(record);
  return out;
}

describe('csvRecords', () => {
  it('takes a line over the line limit for one invalid record, and a quote open before it for a stray one', async () => {
    const overlong: OverlongLine = { overlong: true, head: 'zzz…' };
    expect(await records(['h,l', 'x,"open', 'y,1', overlong, 'z,2'])).toEqual([
      { ok: true, line: 1, fields: ['h', 'l'] },
      {
        ok: false,
        line: 2,
        input: 'x,"open',
        reason: expect.stringMatching(/does not close within 64 KiB$/),
      },
      { ok: true, line: 3, fields: ['y', '1'] },
      { ok: false, line: 4, input: 'zzz…', reason: 'longer than 64 Ki characters, so not a list row' },
      { ok: true, line: 5, fields: ['z', '2'] },
    ]);
  });

  it('joins a quoted field across lines and keeps the number of its first line', async () => {
    expect(await records(['a,"b, ""c""', 'd",e', 'f,g'])).toEqual([
      { ok: true, line: 1, fields: ['a', 'b, "c"\nd', 'e'] },
      { ok: true, line: 3, fields: ['f', 'g'] },
    ]);
  });

  it('reports a quote still open at the end of the file and reads the lines after it as rows', async () => {
    expect(await records(['h,l', 'x,"stray', 'y,1', 'z,2'])).toEqual([
      { ok: true, line: 1, fields: ['h', 'l'] },
      { ok: false, line: 2, input: 'x,"stray', reason: expect.stringMatching(/^unclosed quote/) },
      { ok: true, line: 3, fields: ['y', '1'] },
      { ok: true, line: 4, fields: ['z', '2'] },
    ]);
  });

  it(`gives up on a quoted field after ${MAX_QUOTED_LINES} lines and resumes at the line after its opening`, async () => {
    const rows = Array.from({ length: 5000 }, (_, index) => `r${index},ok`);
    const result = await records(['x,"stray', ...rows]);
    expect(result[0]).toEqual({
      ok: false,
      line: 1,
      input: 'x,"stray',
      reason: `unclosed quote: a quoted field opens on this line and does not close within ${MAX_QUOTED_LINES} lines`,
    });
    expect(result.slice(1)).toEqual(
      rows.map((row, index) => ({ ok: true, line: index + 2, fields: row.split(',') })),
    );
  });

  it('gives up on a quoted field past 64 KiB, even within a few lines', async () => {
    const long = 'y'.repeat(MAX_QUOTED_CHARS);
    const result = await records(['x,"stray', `a,${long}`, 'b,1']);
    expect(result).toEqual([
      { ok: false, line: 1, input: 'x,"stray', reason: expect.stringContaining('within 64 KiB') },
      { ok: true, line: 2, fields: ['a', long] },
      { ok: true, line: 3, fields: ['b', '1'] },
    ]);
  });

  it('reads a real multi-line field that follows an abandoned stray quote', async () => {
    const rows = Array.from({ length: MAX_QUOTED_LINES }, (_, index) => `r${index},ok`);
    const result = await records(['x,"stray', ...rows, 'a,"two', 'lines",z']);
    expect(result.filter((record) => !record.ok).map((record) => record.line)).toEqual([1]);
    expect(result).toHaveLength(MAX_QUOTED_LINES + 2);
    expect(result.at(-1)).toEqual({ ok: true, line: MAX_QUOTED_LINES + 2, fields: ['a', 'two\nlines', 'z'] });
  });

  it('keeps a record whole when its quoted field spans the point where csv-parse gets the next lines', async () => {
    const before = Array.from({ length: 510 }, (_, index) => `r${index},ok`);
    const after = Array.from({ length: 600 }, (_, index) => `s${index},ok`);
    const result = await records([...before, 'a,"one', 'two', 'three",z', ...after]);
    expect(result).toHaveLength(before.length + 1 + after.length);
    expect(result[before.length]).toEqual({ ok: true, line: 511, fields: ['a', 'one\ntwo\nthree', 'z'] });
    expect(result.at(-1)).toEqual({ ok: true, line: 1113, fields: ['s599', 'ok'] });
  });

  it('keeps text after a closing quote verbatim, quotes included', async () => {
    expect(await records(['a,"b"c,d'])).toEqual([{ ok: true, line: 1, fields: ['a', '"b"c', 'd'] }]);
  });
});
