/** The text encodings an import file may be in. GB18030 reads every GBK (and GB2312) file. */
export type TextEncoding = 'utf8' | 'gb18030';

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/**
 * The encoding of a file from its first bytes: UTF-8 when it starts with the byte-order mark or
 * its first bytes are valid UTF-8, GB18030 (a superset of GBK, which Chinese government exports
 * often use) otherwise. A sample cut in the middle of a UTF-8 character still counts as UTF-8.
 */
export function detectEncoding(sample: Uint8Array): { encoding: TextEncoding; bomLength: number } {
  if (UTF8_BOM.every((byte, index) => sample[index] === byte)) return { encoding: 'utf8', bomLength: UTF8_BOM.length };
  return { encoding: isUtf8(trimPartialCharacter(sample)) ? 'utf8' : 'gb18030', bomLength: 0 };
}

function isUtf8(bytes: Uint8Array): boolean {
  try {
    new TextDecoder('utf-8', { fatal: true }).decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** The sample without a trailing UTF-8 sequence that the cut left incomplete (at most 3 bytes). */
function trimPartialCharacter(bytes: Uint8Array): Uint8Array {
  for (let back = 1; back <= Math.min(3, bytes.length); back++) {
    const byte = bytes[bytes.length - back] ?? 0;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
    return needed > back ? bytes.subarray(0, bytes.length - back) : bytes;
  }
  return bytes;
}
