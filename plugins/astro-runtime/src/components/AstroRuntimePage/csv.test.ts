import {
  assess,
  describeState,
  getBundledCatalog,
} from '@backstage-astro/plugin-astro-runtime-common';
import { AF2, AF3, recordFor } from '../../__testUtils__/fixtures';
import { buildCsv, csvField, csvFileName, CSV_COLUMNS } from './csv';
import { fixtureRecords, pageRowOf } from './testData';

/** A small RFC 4180 reader, to check that what we write reads back. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else {
      field += ch;
    }
  }
  row.push(field);
  rows.push(row);
  return rows;
}

describe('csvField', () => {
  it.each([
    [undefined, ''],
    ['plain', 'plain'],
    [42, '42'],
    [true, 'true'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['=SUM(A1:A2)', "'=SUM(A1:A2)"],
    ['+1', "'+1"],
    ['-1', "'-1"],
    ['@cmd', "'@cmd"],
    ['\tTAB', "'\tTAB"],
    ['=HYPERLINK("x","y")', '"\'=HYPERLINK(""x"",""y"")"'],
    ['12.4.0', '12.4.0'],
    ['3.1-12', '3.1-12'],
  ])('escapes %j as %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });
});

describe('buildCsv', () => {
  const rows = fixtureRecords().map(pageRowOf);

  it('writes a header line and one line per row, CRLF separated', () => {
    const csv = buildCsv(rows);
    const lines = csv.split('\r\n');
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[0]).toBe(CSV_COLUMNS.map(c => c.header).join(','));
    expect(csv.endsWith('\r\n')).toBe(false);
  });

  it('reads back to the values the table shows', () => {
    const parsed = parseCsv(buildCsv(rows));
    const header = parsed[0];
    const col = (name: string) => header.indexOf(name);
    const blocked = parsed.find(
      r => r[col('Entity')] === 'component:default/payments-sync',
    )!;
    expect(blocked[col('Repo Runtime')]).toBe('12.4.0');
    expect(blocked[col('Owner')]).toBe('group:default/data-platform');
    expect(blocked[col('State')]).toBe('downgrade-blocked');
    expect(blocked[col('State label')]).toBe(
      describeState('downgrade-blocked').label,
    );
    expect(blocked[col('Deployment Runtimes')]).toBe(
      'payments-prod: 13.1.0 (downgrade-blocked)',
    );
    expect(blocked[col('Line')]).toBe('airflow2');

    const yanked = parsed.find(
      r => r[col('Entity')] === 'component:default/legacy-reports',
    )!;
    expect(yanked[col('State')]).toBe('yanked');
    expect(yanked[col('Repo Runtime')]).toBe('9.1.0');
  });

  it('has a "Must move to Airflow 3" column with each row\'s value', () => {
    const rowAt = (name: string, from: string, now: string) =>
      pageRowOf(
        recordFor(
          name,
          assess({
            project: { dockerfile: `FROM ${from}\n` },
            catalog: getBundledCatalog(),
            now: new Date(now),
          }),
        ),
      );
    const dec = '2026-12-02T00:00:00Z';
    const parsed = parseCsv(
      buildCsv([
        rowAt('on-12', `${AF2}:12.4.0`, dec),
        rowAt('on-af3', `${AF3}:3.1-12`, dec),
        rowAt('on-12-in-june', `${AF2}:12.4.0`, '2026-06-01T00:00:00Z'),
      ]),
    );
    const header = parsed[0];
    const col = header.indexOf('Must move to Airflow 3');
    expect(col).toBe(header.indexOf('Recommended target') + 1);
    expect(parsed.slice(1).map(r => [r[0], r[col]])).toEqual([
      ['component:default/on-12', 'true'],
      ['component:default/on-af3', 'false'],
      ['component:default/on-12-in-june', 'false'],
    ]);
  });

  it('keeps hostile values in their cell', () => {
    const [row] = rows;
    const hostile = {
      ...row,
      title: 'Orders, "daily"\nrun',
      owner: '=cmd|calc',
      error: 'a\r\nb',
    };
    const parsed = parseCsv(buildCsv([hostile]));
    const header = parsed[0];
    expect(parsed).toHaveLength(2);
    expect(parsed[1]).toHaveLength(header.length);
    expect(parsed[1][header.indexOf('Title')]).toBe('Orders, "daily"\nrun');
    expect(parsed[1][header.indexOf('Owner')]).toBe("'=cmd|calc");
    expect(parsed[1][header.indexOf('Error')]).toBe('a\r\nb');
  });

  it('writes only the header for no rows', () => {
    expect(buildCsv([])).toBe(CSV_COLUMNS.map(c => c.header).join(','));
  });
});

describe('csvFileName', () => {
  it('names the file by date', () => {
    expect(csvFileName(new Date('2026-01-15T23:00:00Z'))).toBe(
      'astro-runtime-2026-01-15.csv',
    );
  });
});
