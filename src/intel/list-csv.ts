/**
 * CSV lists (Forta, EtherScamDB): a header names the address column, or there is no header and
 * the first field is the address. Records come from `csv.ts`.
 */
import { csvRecords } from './csv.js';
import { IntelFileError } from './errors.js';
import { lines, type Row } from './list-rows.js';
import { humanText, isoDate, listedAddress, reportCategory } from './normalise.js';

const ADDRESS_COLUMNS = ['address', 'contract_address', 'banned_address', 'wallet_address', 'wallet', 'addr'];
const LABEL_COLUMNS = [
  'label',
  'name',
  'comment',
  'wallet_tag',
  'etherscan_tag',
  'contract_tag',
  'tag',
  'description',
  'note',
];
const CATEGORY_COLUMNS = ['category', 'etherscan_labels', 'data_source', 'labels'];
const DATE_COLUMNS = ['date', 'listed_at', 'date_added', 'created_at'];

function pickColumn(header: string[], names: readonly string[]): number {
  for (const name of names) {
    const index = header.indexOf(name);
    if (index !== -1) return index;
  }
  return -1;
}

export async function* csvRows(path: string): AsyncGenerator<Row> {
  let columns: { address: number; label: number; category: number; date: number } | null = null;
  for await (const record of csvRecords(lines(path))) {
    if (!record.ok) {
      // Without a header there is no telling which column holds the address.
      if (!columns) {
        throw new IntelFileError(
          path,
          `the CSV header on line ${record.line} cannot be read (${record.reason})`,
          'Fix the quotes in the header line.',
        );
      }
      yield { line: record.line, unreadable: { input: record.input, reason: record.reason } };
      continue;
    }
    const fields = record.fields.map((field, index) =>
      (record.line === 1 && index === 0 ? field.replace(/^\uFEFF/, '') : field).trim(),
    );
    if (fields.every((field) => field === '')) continue;
    if (!columns) {
      const header = fields.map((field) => field.toLowerCase());
      const address = pickColumn(header, ADDRESS_COLUMNS);
      const found = {
        address,
        label: pickColumn(header, LABEL_COLUMNS),
        category: pickColumn(header, CATEGORY_COLUMNS),
        date: pickColumn(header, DATE_COLUMNS),
      };
      if (address !== -1) {
        columns = found;
        continue;
      }
      // No header at all: a first field that is an address means address-first rows.
      if (listedAddress(fields[0] ?? '').ok) {
        columns = { address: 0, label: fields.length > 1 ? 1 : -1, category: -1, date: -1 };
      } else {
        throw new IntelFileError(
          path,
          `no address column in the CSV header (${humanText(fields.join(', ')) ?? ''})`,
          `Name the column one of: ${ADDRESS_COLUMNS.join(', ')}.`,
        );
      }
    }
    const cell = (index: number) => (index === -1 ? null : fields[index] || null);
    yield {
      line: record.line,
      address: cell(columns.address) ?? '',
      label: cell(columns.label),
      category: reportCategory(cell(columns.category)),
      listedAt: isoDate(cell(columns.date)),
    };
  }
}
