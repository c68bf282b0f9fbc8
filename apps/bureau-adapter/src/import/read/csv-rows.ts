import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { parse, type Info } from 'csv-parse';
import iconv from 'iconv-lite';
import { detectEncoding, type TextEncoding } from './detect-encoding.js';
import { ImportFileError } from './import-file.errors.js';
import type { RowIssue, RowSource, SourceRow } from './source-row.js';

const SAMPLE_BYTES = 64 * 1024;

/**
 * Rows of a CSV file in UTF-8 (with or without BOM) or GBK/GB18030, detected from its first 64 KiB;
 * comma-separated, or tab-separated when the header line has more tabs than commas. The row number
 * is the file's line number, which is the row a spreadsheet shows when no cell spans lines.
 */
export async function csvRows(file: string): Promise<RowSource & { readonly encoding: TextEncoding }> {
  const sample = await readSample(file);
  const { encoding, bomLength } = detectEncoding(sample);
  const firstLine = iconv.decode(Buffer.from(sample.subarray(bomLength)), encoding).split(/\r?\n/, 1)[0] ?? '';
  const delimiter = count(firstLine, '\t') > count(firstLine, ',') ? '\t' : ',';
  let bytes = 0;
  let headers: string[] = [];
  async function* rows(): AsyncGenerator<SourceRow> {
    const input = createReadStream(file, { start: bomLength }).on('data', (chunk) => (bytes += chunk.length));
    const parser = input
      .pipe(iconv.decodeStream(encoding))
      .pipe(parse({ delimiter, info: true, relax_column_count: true, skip_empty_lines: true }));
    try {
      for await (const { record, info } of parser as AsyncIterable<{ record: string[]; info: Info }>) {
        if (headers.length === 0) {
          headers = record.map((name) => name.trim());
          continue;
        }
        yield rowOf(record, info.lines, headers, encoding);
      }
    } catch (error) {
      throw new ImportFileError(`${file} is not readable as CSV: ${(error as Error).message}`, { file }, { cause: error });
    } finally {
      input.destroy();
    }
  }
  return { encoding, headers: () => headers, rows, bytesRead: () => bytes };
}

function rowOf(record: readonly string[], row: number, headers: readonly string[], encoding: TextEncoding): SourceRow {
  const cells = new Map<string, string>();
  headers.forEach((header, index) => cells.set(header, record[index] ?? ''));
  const extra = record.slice(headers.length).filter((cell) => cell.trim() !== '');
  const issues: RowIssue[] =
    extra.length === 0
      ? []
      : [
          {
            row,
            column: `#${headers.length + 1}`,
            rule: 'columnCount',
            messageZh: `该行有 ${record.length} 个单元格，多于表头的 ${headers.length} 列`,
            messageEn: `the row has ${record.length} cells, more than the ${headers.length} columns of the header`,
          },
        ];
  // A file taken for UTF-8 from its first 64 KiB may still hold GBK further on: never pass on a name garbled.
  const garbled = headers.find((header) => cells.get(header)?.includes('\uFFFD'));
  if (garbled !== undefined) {
    issues.push({
      row,
      column: garbled,
      rule: 'encoding',
      messageZh: `该单元格含有无法按 ${encoding === 'utf8' ? 'UTF-8' : 'GBK'} 解码的字节；请将整个文件另存为 UTF-8 或 GBK 后重新导入`,
      messageEn: `the cell holds bytes that are not ${encoding === 'utf8' ? 'UTF-8' : 'GBK'}; save the whole file in one encoding (UTF-8 or GBK) and import it again`,
    });
  }
  return { row, cells, issues };
}

async function readSample(file: string): Promise<Uint8Array> {
  const handle = await open(file, 'r');
  try {
    const buffer = Buffer.alloc(SAMPLE_BYTES);
    const { bytesRead } = await handle.read(buffer, 0, SAMPLE_BYTES, 0);
    return buffer.subarray(0, bytesRead);
  } finally {
    await handle.close();
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}
