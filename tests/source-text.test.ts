import { describe, expect, it } from 'vitest';
import { parsePython } from '../src/parse/parse-python.js';
import { SourceText, withLineEnding } from '../src/parse/source-text.js';

describe('SourceText offsets', () => {
  const text = 's = "é😀"\nf(x)\n';
  const source = new SourceText(text);

  it('uses the UTF-16 indices tree-sitter reports for a JavaScript string', () => {
    const call = parsePython(source.text).rootNode.descendantsOfType('call')[0];
    expect(call.startIndex).toBe(10);
    expect(source.text.slice(call.startIndex, call.endIndex)).toBe('f(x)');
  });

  it('converts between UTF-16 indices and UTF-8 byte offsets', () => {
    expect(source.utf8Offset(10)).toBe(13);
    expect(source.indexOfUtf8Offset(13)).toBe(10);
    expect(source.utf8Offset(0)).toBe(0);
  });

  it('reports lines and columns in code points, as editors do', () => {
    const line = new SourceText('x = "😀"; f()\n');
    expect(line.position(line.text.indexOf('f'))).toEqual({ line: 1, column: 10 });
    expect(source.position(10)).toEqual({ line: 2, column: 1 });
  });

  it('keeps the BOM out of the text and puts it back on output', () => {
    const withBom = new SourceText('\uFEFFx = 1\n');
    expect(withBom.hasBom).toBe(true);
    expect(withBom.text).toBe('x = 1\n');
    expect(SourceText.serialize(withBom.text, true)).toBe('\uFEFFx = 1\n');
  });

  it('detects CRLF and writes inserted lines with it', () => {
    expect(new SourceText('a\r\nb\r\n').lineEnding).toBe('\r\n');
    expect(new SourceText('a\nb\n').lineEnding).toBe('\n');
    expect(withLineEnding('x\ny\n', '\r\n')).toBe('x\r\ny\r\n');
  });
});
