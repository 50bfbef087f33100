import type { SyntaxNode } from '../../src/parse/parse-python.js';
import type { Edit } from '../../src/plan/edits.js';
import type { TransformContext } from '../define-transform.js';
import { loopInside, statementEnd } from '../shared/block-bridge.js';
import { freeName, variableMentions } from '../shared/block-names.js';

/**
 * `csv.writer(f)` / `csv.DictWriter(f, ...)` write to the file on every row, synchronously. On an
 * aiofiles file they write into an `io.StringIO` instead, and the block ends by writing the buffer:
 *
 *     with open(p, "w", newline="") as f:          async with aiofiles.open(p, "w", newline="") as f:
 *         w = csv.writer(f)                   →        buffer = io.StringIO(newline="")
 *         w.writerows(rows)                            w = csv.writer(buffer)
 *                                                      w.writerows(rows)
 *                                                      await f.write(buffer.getvalue())
 *
 * The buffer translates no newlines, so the file's own `newline=` still decides what reaches the
 * disk, as it did row by row. Faithful only when the rows can only reach the file at the block's
 * end: the writer is made once, at the top level of the `with` body, the file is used for nothing
 * else, the writer object never leaves the block, and nothing (`return`, `break`, `continue`) skips
 * the end of the block. Otherwise the caller bridges the block. On an exception the rows written
 * so far are not written at all (the sync code left them in the file).
 */

export const CSV_WRITERS = new Set(['csv.writer', 'csv.DictWriter']);

export interface CsvWriterUse {
  context: TransformContext;
  /** The file variable and how many times the block mentions it. */
  name: string;
  mentions: number;
  /** `csv.writer(f)`; `f` is its first argument. */
  call: SyntaxNode;
  argument: SyntaxNode;
  /** The `with` body. */
  body: SyntaxNode;
}

/** The edits that buffer one csv writer, or why it cannot be buffered. */
export function bufferCsvWriter(use: CsvWriterUse): { edits: Edit[] } | string {
  const { context, name, call, body } = use;
  if (use.mentions !== 1) return `${name} is written by a csv writer and used otherwise too`;
  const statement = call.parent?.type === 'assignment' ? call.parent.parent : writerCallStatement(call);
  if (statement?.type !== 'expression_statement' || !sameNode(statement.parent, body)) {
    return 'the csv writer is not made by a plain statement of the with block';
  }
  const writer = call.parent?.type === 'assignment' ? call.parent.childForFieldName('left') : null;
  if (writer && writer.type !== 'identifier') return 'the csv writer is stored in something other than a plain name';
  if (writer && !staysInBlock(writer, body)) return `the csv writer \`${writer.text}\` is used outside the with block or passed on`;
  const leaving = body.descendantsOfType(['return_statement', 'break_statement', 'continue_statement']).find((node) => node.type === 'return_statement' || !loopInside(node, body));
  if (leaving) return `\`${leaving.text}\` would skip writing the csv rows at the end of the block`;

  const text = context.source.text;
  const lineStart = context.source.lineStartOf(statement.startIndex);
  const indent = text.slice(lineStart, statement.startIndex);
  if (!/^[ \t]*$/.test(indent)) return 'the csv writer shares a line with the with statement';
  const buffer = freeName('buffer', text);
  const last = body.namedChildren.filter((child) => child.type !== 'comment').at(-1)!;
  const end = statementEnd(text, last);
  return {
    edits: [
      { start: statement.startIndex, end: statement.startIndex, text: `${buffer} = io.StringIO(newline="")\n${indent}`, order: -1 },
      { start: use.argument.startIndex, end: use.argument.endIndex, text: buffer },
      { start: end, end, text: `\n${indent}await ${name}.write(${buffer}.getvalue())`, order: 90 },
    ],
  };
}

/** `csv.writer(f).writerows(rows)` as a statement. */
function writerCallStatement(call: SyntaxNode): SyntaxNode | null {
  const attribute = call.parent;
  const outer = attribute?.type === 'attribute' ? attribute.parent : null;
  return outer?.type === 'call' ? outer.parent : null;
}

/** Every mention of the writer is `w.<something>` inside the block, and it is bound only here. */
function staysInBlock(writer: SyntaxNode, body: SyntaxNode): boolean {
  let fn: SyntaxNode | null = body;
  while (fn && fn.type !== 'function_definition') fn = fn.parent;
  const mentions = variableMentions(fn ?? body).filter((node) => node.text === writer.text && !sameNode(node, writer));
  return mentions.every((node) => node.startIndex >= body.startIndex && node.endIndex <= body.endIndex
    && node.parent?.type === 'attribute' && sameNode(node.parent.childForFieldName('object'), node));
}

function sameNode(a: SyntaxNode | null | undefined, b: SyntaxNode | null | undefined): boolean {
  return !!a && !!b && a.startIndex === b.startIndex && a.endIndex === b.endIndex;
}
