import { csvCell, scorecardsToCsv } from './csv';
import { scorecardEntry } from '../../__testUtils__/components';

describe('csvCell', () => {
  it('leaves plain text and numbers alone', () => {
    expect(csvCell('payments-api')).toBe('payments-api');
    expect(csvCell(72)).toBe('72');
    expect(csvCell(0)).toBe('0');
    expect(csvCell(undefined)).toBe('');
  });

  it('quotes cells with commas, quotes and line breaks, doubling quotes', () => {
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('cr\rhere')).toBe('"cr\rhere"');
  });

  it('prefixes text that a spreadsheet would run as a formula', () => {
    expect(csvCell('=HYPERLINK("http://evil")')).toBe(
      '"\'=HYPERLINK(""http://evil"")"',
    );
    expect(csvCell('+1')).toBe("'+1");
    expect(csvCell('-2+3')).toBe("'-2+3");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('a=b')).toBe('a=b');
  });
});

describe('scorecardsToCsv', () => {
  it('writes a header and one row per entry in the column order', () => {
    const csv = scorecardsToCsv([
      scorecardEntry('payments-api', {
        title: 'Payments, API',
        score: 72,
        grade: 'C',
        level: 'silver',
        counts: { critical: 1, high: 2, medium: 3, low: 4, info: 5 },
        workloadCount: 3,
      }),
      scorecardEntry('legacy', {
        title: '=cmd|calc',
        owner: undefined,
        system: undefined,
        domain: undefined,
        level: undefined,
      }),
    ]);
    expect(csv.split('\r\n')).toEqual([
      'entityRef,title,owner,system,domain,score,grade,level,critical,high,medium,low,info,workloads',
      'component:default/payments-api,"Payments, API",group:default/payments-team,system:default/payments,domain:default/commerce,72,C,silver,1,2,3,4,5,3',
      "component:default/legacy,'=cmd|calc,,,,80,B,,0,1,2,0,1,1",
      '',
    ]);
  });

  it('writes only the header without entries', () => {
    expect(scorecardsToCsv([])).toBe(
      'entityRef,title,owner,system,domain,score,grade,level,critical,high,medium,low,info,workloads\r\n',
    );
  });
});
