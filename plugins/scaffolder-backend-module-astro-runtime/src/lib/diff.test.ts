import { applyPatch } from 'diff';
import { previewDiff } from './diff';

describe('previewDiff', () => {
  it('names an unchanged file', () => {
    expect(previewDiff('Dockerfile', 'FROM a:1\n', 'FROM a:1\n')).toBe(
      'Dockerfile: unchanged',
    );
  });

  it('is a unified diff with two lines of context', () => {
    const before = 'a\nb\nc\nd\ne\nf\ng\n';
    const after = 'a\nb\nc\nD\ne\nf\ng\n';
    expect(previewDiff('x.txt', before, after)).toBe(
      [
        '--- a/x.txt',
        '+++ b/x.txt',
        '@@ -2,5 +2,5 @@',
        ' b',
        ' c',
        '-d',
        '+D',
        ' e',
        ' f',
      ].join('\n'),
    );
  });

  it('keeps CRLF line endings byte for byte, and the patch applies', () => {
    const before = '# syntax=x\r\nFROM img:12.4.0\r\nENV A=1\r\n';
    const after = '# syntax=x\r\nFROM img:13.1.0\r\nENV A=1\r\n';
    const diff = previewDiff('Dockerfile', before, after);
    expect(diff).toContain('-FROM img:12.4.0\r\n+FROM img:13.1.0\r\n');
    expect(applyPatch(before, `${diff}\n`)).toBe(after);
  });

  it('shows a change of line ending alone', () => {
    const diff = previewDiff('Dockerfile', 'FROM img:1\r\n', 'FROM img:1\n');
    expect(diff).toContain('-FROM img:1\r\n+FROM img:1');
  });

  it('marks a missing final newline', () => {
    const diff = previewDiff('req.txt', 'a==1', 'a==1\nb==2\n');
    expect(diff).toContain('\\ No newline at end of file');
    expect(applyPatch('a==1', `${diff}\n`)).toBe('a==1\nb==2\n');
  });

  it('has one hunk per separated change', () => {
    const lines = Array.from({ length: 20 }, (_, i) => `line ${i}`);
    const changed = [...lines];
    changed[2] = 'first';
    changed[17] = 'second';
    const diff = previewDiff(
      'f',
      `${lines.join('\n')}\n`,
      `${changed.join('\n')}\n`,
    );
    expect(diff.match(/^@@ /gm)).toHaveLength(2);
  });
});
