import { describe, expect, it } from 'vitest';
import { migrateFiles } from './helpers/project.js';

const select = { select: ['open-aiofiles', 'time-sleep'] };

function migrate(lines: string[], options = select) {
  return migrateFiles({ 'app.py': lines.join('\n') }, options);
}

/** Read consumers with no string form get the contents in memory (gap 2 of issue 7). */
describe('open-aiofiles: library readers get io.StringIO / io.BytesIO of the contents', () => {
  it('hands configparser, tomllib, ElementTree, email and marshal the contents by the open mode', () => {
    const { after } = migrate([
      'import configparser',
      'import email',
      'import marshal',
      'import tomllib',
      'import xml.etree.ElementTree as ET',
      '',
      '',
      'def read_all(ini, toml, xml, mail, blob):',
      '    parser = configparser.ConfigParser()',
      '    with open(ini, encoding="utf-8") as f:',
      '        parser.read_file(f)',
      '    with open(ini, newline="") as f:',
      '        parser.read_file(f, "defaults.ini")',
      '    with open(toml, "rb") as f:',
      '        settings = tomllib.load(f)',
      '    with open(xml) as f:',
      '        text_tree = ET.parse(f)',
      '    with open(xml, mode="rb") as f:',
      '        byte_tree = ET.parse(f)',
      '    with open(mail) as f:',
      '        message = email.message_from_file(f)',
      '    with open(blob, "rb") as f:',
      '        value = marshal.load(f)',
      '    with open(blob, "wb") as f:',
      '        marshal.dump(value, f, 4)',
      '    return parser, settings, text_tree, byte_tree, message',
      '',
    ]);
    expect(after['app.py']).toBe([
      'import configparser',
      'import email',
      'import io',
      'import marshal',
      'import tomllib',
      'import xml.etree.ElementTree as ET',
      '',
      'import aiofiles',
      '',
      '',
      'async def read_all(ini, toml, xml, mail, blob):',
      '    parser = configparser.ConfigParser()',
      '    async with aiofiles.open(ini, encoding="utf-8") as f:',
      '        parser.read_file(io.StringIO(await f.read(), newline=""), source=f.name)',
      '    async with aiofiles.open(ini, newline="") as f:',
      '        parser.read_file(io.StringIO(await f.read(), newline=""), "defaults.ini")',
      '    async with aiofiles.open(toml, "rb") as f:',
      '        settings = tomllib.load(io.BytesIO(await f.read()))',
      '    async with aiofiles.open(xml) as f:',
      '        text_tree = ET.parse(io.StringIO(await f.read(), newline=""))',
      '    async with aiofiles.open(xml, mode="rb") as f:',
      '        byte_tree = ET.parse(io.BytesIO(await f.read()))',
      '    async with aiofiles.open(mail) as f:',
      '        message = email.message_from_file(io.StringIO(await f.read(), newline=""))',
      '    async with aiofiles.open(blob, "rb") as f:',
      '        value = marshal.loads(await f.read())',
      '    async with aiofiles.open(blob, "wb") as f:',
      '        await f.write(marshal.dumps(value, 4))',
      '    return parser, settings, text_tree, byte_tree, message',
      '',
    ].join('\n'));
  });

  it('leaves hashlib.file_digest on a converted file to open-aiofiles: no second bridge from to-thread', () => {
    const { after } = migrate([
      'import hashlib',
      'import time',
      '',
      '',
      'def digest(path):',
      '    time.sleep(0)',
      '    with open(path, "rb") as f:',
      '        return hashlib.file_digest(f, "sha256").hexdigest()',
      '',
    ], { select: ['open-aiofiles', 'to-thread', 'time-sleep'] });
    expect(after['app.py']).toContain('    async with aiofiles.open(path, "rb") as f:\n        return hashlib.file_digest(io.BytesIO(await f.read()), "sha256").hexdigest()\n');
  });

  it('bridges the block instead when the mode is not a literal, the newline has no in-memory form, or the file is read again', () => {
    const { after, result } = migrate([
      'import time',
      'import tomllib',
      'import xml.etree.ElementTree as ET',
      '',
      '',
      'def variants(path, mode):',
      '    time.sleep(0)',
      '    with open(path, mode) as f:',
      '        a = tomllib.load(f)',
      '    with open(path, newline="\\n") as f:',
      '        b = ET.parse(f)',
      '    with open(path, "rb") as f:',
      '        head = f.read(4)',
      '        c = tomllib.load(f)',
      '    return a, b, head, c',
      '',
    ]);
    expect(after['app.py']).not.toContain('aiofiles');
    expect(after['app.py']).not.toMatch(/StringIO|BytesIO/);
    expect(after['app.py']).toContain('    a = await asyncio.to_thread(_with_block_8)\n');
    expect(after['app.py']).toContain('    b = await asyncio.to_thread(_with_block_10)\n');
    expect(after['app.py']).toContain('    head, c = await asyncio.to_thread(_with_block_12)\n');
    expect(result.reviews.map((item) => item.message.replace(/^.*asyncio\.to_thread: /, '').replace(/; check.*$/, ''))).toEqual([
      '`f` at line 9: the open mode is not a literal, so whether tomllib.load() gets text or bytes is unknown',
      "`f` at line 11: the file's newline= has no in-memory equivalent for xml.etree.ElementTree.parse()",
      '`f` is read by a whole-file consumer and read again',
    ]);
  });
});

/** csv writers write into a buffer written at the end of the block (gap 3 of issue 7). */
describe('open-aiofiles: csv writers', () => {
  it('writes the rows into io.StringIO and the buffer into the file at the end of the block', () => {
    const { after } = migrate([
      'import csv',
      'import time',
      '',
      '',
      'def export(path, rows):',
      '    time.sleep(0)',
      '    with open(path, "w", newline="", encoding="utf-8") as f:',
      '        writer = csv.DictWriter(f, fieldnames=["a", "b"])',
      '        writer.writeheader()',
      '        for row in rows:',
      '            writer.writerow(row)  # one by one',
      '    with open(path, "a", newline="") as out:',
      '        csv.writer(out, delimiter=";").writerows(rows)',
      '',
    ]);
    expect(after['app.py']).toContain([
      'async def export(path, rows):',
      '    await asyncio.sleep(0)',
      '    async with aiofiles.open(path, "w", newline="", encoding="utf-8") as f:',
      '        buffer = io.StringIO(newline="")',
      '        writer = csv.DictWriter(buffer, fieldnames=["a", "b"])',
      '        writer.writeheader()',
      '        for row in rows:',
      '            writer.writerow(row)  # one by one',
      '        await f.write(buffer.getvalue())',
      '    async with aiofiles.open(path, "a", newline="") as out:',
      '        buffer = io.StringIO(newline="")',
      '        csv.writer(buffer, delimiter=";").writerows(rows)',
      '        await out.write(buffer.getvalue())',
      '',
    ].join('\n'));
    expect(after['app.py']).toContain('import io\n');
  });

  it('bridges the block when the rows could reach the file other than at the end of the block', () => {
    const source = [
      'import csv',
      'import time',
      '',
      '',
      'def mixed(path, rows):',
      '    time.sleep(0)',
      '    with open(path, "w", newline="") as f:',
      '        f.write("# rows\\n")',
      '        csv.writer(f).writerows(rows)',
      '',
      '',
      'def kept(path, rows):',
      '    time.sleep(0)',
      '    with open(path, "w", newline="") as f:',
      '        writer = csv.writer(f)',
      '        writer.writerows(rows)',
      '    return writer',
      '',
      '',
      'def early(path, rows):',
      '    time.sleep(0)',
      '    with open(path, "w", newline="") as f:',
      '        writer = csv.writer(f)',
      '        for row in rows:',
      '            if not row:',
      '                return',
      '            writer.writerow(row)',
      '',
      '',
      'def per_row(path, rows):',
      '    time.sleep(0)',
      '    with open(path, "w", newline="") as f:',
      '        for row in rows:',
      '            csv.writer(f).writerow(row)',
      '',
      '',
      'def assigned(path, rows):',
      '    time.sleep(0)',
      '    f = open(path, "w", newline="")',
      '    csv.writer(f).writerows(rows)',
      '    f.close()',
      '',
    ];
    const { after, result } = migrate(source);
    expect(after['app.py']).not.toContain('StringIO');
    expect(result.reviews.map((item) => `${item.code}:${item.line}`)).toEqual(['AS602:7', 'AS602:14', 'AS602:22', 'AS602:32', 'AS601:39']);
    expect(result.reviews.map((item) => item.message).join('\n')).toMatch(
      /written by a csv writer and used otherwise too[\s\S]*`writer` is used outside the with block[\s\S]*`return` would skip writing[\s\S]*not made by a plain statement of the with block[\s\S]*csv writer outside a with block/,
    );
    expect(after['app.py']).toContain('    f = open(path, "w", newline="")\n    csv.writer(f).writerows(rows)\n    f.close()\n');
  });
});
