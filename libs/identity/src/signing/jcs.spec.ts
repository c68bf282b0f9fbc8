import { describe, expect, it } from '@jest/globals';
import { canonicalJson } from '@hub/contracts';
import { canonicalize, JCS_MAX_DEPTH } from './jcs.js';
import { EventSignatureError } from './signature.errors.js';

/** A binary64 from its IEEE-754 bits in hex, as RFC 8785 Appendix B lists them. */
function double(bits: string): number {
  return Buffer.from(bits, 'hex').readDoubleBE(0);
}

function utf8Hex(text: string): string {
  return Buffer.from(text, 'utf8').toString('hex');
}

/**
 * RFC 8785 §3.2.2–3.2.4: the example object (as JSON text with its odd escapes and number
 * spellings), its canonical form, and that form's UTF-8 bytes as printed in §3.2.4.
 */
const RFC_EXAMPLE_INPUT = String.raw`{
  "numbers": [333333333.33333329, 1E30, 4.50, 2e-3, 0.000000000000000000000000001],
  "string": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`;
const RFC_EXAMPLE_OUTPUT = String.raw`{"literals":[null,true,false],"numbers":[333333333.3333333,1e+30,4.5,0.002,1e-27],"string":"€$\u000f\nA'B\"\\\\\"/"}`;
const RFC_EXAMPLE_UTF8 = `
  7b 22 6c 69 74 65 72 61 6c 73 22 3a 5b 6e 75 6c 6c 2c 74 72
  75 65 2c 66 61 6c 73 65 5d 2c 22 6e 75 6d 62 65 72 73 22 3a
  5b 33 33 33 33 33 33 33 33 33 2e 33 33 33 33 33 33 33 2c 31
  65 2b 33 30 2c 34 2e 35 2c 30 2e 30 30 32 2c 31 65 2d 32 37
  5d 2c 22 73 74 72 69 6e 67 22 3a 22 e2 82 ac 24 5c 75 30 30
  30 66 5c 6e 41 27 42 5c 22 5c 5c 5c 5c 5c 22 2f 22 7d`.replace(/\s+/g, '');

/** RFC 8785 §3.2.3: property names and the order JCS sorts them in (UTF-16 code units, not code points). */
const RFC_SORTING_INPUT = String.raw`{
  "\u20ac": "Euro Sign",
  "\r": "Carriage Return",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "1": "One",
  "\ud83d\ude00": "Emoji: Grinning Face",
  "\u0080": "Control",
  "\u00f6": "Latin Small Letter O With Diaeresis"
}`;
const RFC_SORTED_NAMES = ['\r', '1', '\u0080', '\u00f6', '\u20ac', '\ud83d\ude00', '\ufb33'];

/** RFC 8785 Appendix B: IEEE-754 binary64 (hex) → its JCS / ES number serialisation. */
const RFC_NUMBERS: ReadonlyArray<readonly [string, string]> = [
  ['0000000000000000', '0'],
  ['8000000000000000', '0'],
  ['0000000000000001', '5e-324'],
  ['8000000000000001', '-5e-324'],
  ['7fefffffffffffff', '1.7976931348623157e+308'],
  ['ffefffffffffffff', '-1.7976931348623157e+308'],
  ['4340000000000000', '9007199254740992'],
  ['c340000000000000', '-9007199254740992'],
  ['4430000000000000', '295147905179352830000'],
  ['44b52d02c7e14af5', '9.999999999999997e+22'],
  ['44b52d02c7e14af6', '1e+23'],
  ['44b52d02c7e14af7', '1.0000000000000001e+23'],
  ['444b1ae4d6e2ef4e', '999999999999999700000'],
  ['444b1ae4d6e2ef4f', '999999999999999900000'],
  ['444b1ae4d6e2ef50', '1e+21'],
  ['3eb0c6f7a0b5ed8c', '9.999999999999997e-7'],
  ['3eb0c6f7a0b5ed8d', '0.000001'],
  ['41b3de4355555553', '333333333.3333332'],
  ['41b3de4355555554', '333333333.33333325'],
  ['41b3de4355555555', '333333333.3333333'],
  ['41b3de4355555556', '333333333.3333334'],
  ['41b3de4355555557', '333333333.33333343'],
  ['becbf647612f3696', '-0.0000033333333333333333'],
  ['43143ff3c1cb0959', '1424953923781206.2'],
];
/** Appendix B's values that have no JSON form: NaN and ±Infinity must be refused. */
const RFC_NON_NUMBERS = ['7fffffffffffffff', '7ff0000000000000', 'fff0000000000000'];

/**
 * The input/output pairs of the RFC author's reference test data (cyberphone/json-canonicalization,
 * testdata/input and testdata/output). The output of `arrays` is not in the stored copy we read; it
 * is the only canonical form that JSON admits (array order kept, "1" < "10" < "d").
 */
const REFERENCE_FILES: ReadonlyArray<readonly [string, string, string]> = [
  ['arrays', '[\n  56,\n  {\n    "d": true,\n    "10": null,\n    "1": [ ]\n  }\n]', '[56,{"1":[],"10":null,"d":true}]'],
  [
    'french',
    '{\n  "peach": "This sorting order",\n  "péché": "is wrong according to French",\n  "pêche": "but canonicalization MUST",\n  "sin":   "ingnore locale"\n}\n',
    '{"peach":"This sorting order","péché":"is wrong according to French","pêche":"but canonicalization MUST","sin":"ingnore locale"}',
  ],
  [
    'structures',
    '{\n  "1": {"f": {"f": "hi","F": 5} ,"\\n": 56.0},\n  "10": { },\n  "": "empty",\n  "a": { },\n  "111": [ { } ],\n  "A": { }\n}',
    '{"":"empty","1":{"\\n":56,"f":{"F":5,"f":"hi"}},"10":{},"111":[{}],"A":{},"a":{}}',
  ],
  ['unicode', '{\n  "Unnormalized Unicode":"\\u1e0d\\u0307"\n}\n', '{"Unnormalized Unicode":"\u1e0d\u0307"}'],
  [
    'values',
    String.raw`{
  "numbers": [1E30, 4.50, 333333333.33333329, 2e-3, 0.000000000000000000000000001],
  "escaping": "\u20ac$\u000F\u000aA'\u0042\u0022\u005c\\\"\/",
  "literals": [null, true, false]
}`,
    String.raw`{"escaping":"€$\u000f\nA'B\"\\\\\"/","literals":[null,true,false],"numbers":[1e+30,4.5,333333333.3333333,0.002,1e-27]}`,
  ],
  [
    'weird',
    String.raw`{
  "\u20ac": "Euro Sign",
  "1": "One",
  "\u0080": "Control\u007f",
  "\ud83d\ude02": "Smiley",
  "\u00f6": "Latin Small Letter O With Diaeresis",
  "\ufb33": "Hebrew Letter Dalet With Dagesh",
  "</script>": "Browser Challenge"
}
`,
    '{"1":"One","</script>":"Browser Challenge","\u0080":"Control\u007f","\u00f6":"Latin Small Letter O With Diaeresis","\u20ac":"Euro Sign","\ud83d\ude02":"Smiley","\ufb33":"Hebrew Letter Dalet With Dagesh"}',
  ],
];
/** testdata/input/simpleString.json and the UTF-8 bytes in testdata/outhex/simpleString.txt. */
const SIMPLE_STRING = [
  '    "this is a test string 1235"',
  '22 74 68 69 73 20 69 73 20 61 20 74 65 73 74 20 73 74 72 69 6E 67 20 31 32 33 35 22',
] as const;

function refusal(value: unknown): EventSignatureError {
  try {
    canonicalize(value);
  } catch (error) {
    if (error instanceof EventSignatureError) return error;
    throw error;
  }
  throw new Error('canonicalize accepted a value JCS must refuse');
}

describe('canonicalize (RFC 8785 JCS)', () => {
  it('turns the RFC §3.2.2 example into the canonical text and the UTF-8 bytes of §3.2.4', () => {
    const text = canonicalize(JSON.parse(RFC_EXAMPLE_INPUT));
    expect(text).toBe(RFC_EXAMPLE_OUTPUT);
    expect(utf8Hex(text)).toBe(RFC_EXAMPLE_UTF8);
  });

  it('sorts property names by UTF-16 code units as in RFC §3.2.3 (U+1F600 before U+FB33)', () => {
    const expected = `{${RFC_SORTED_NAMES.map((name) => `${JSON.stringify(name)}:${JSON.stringify((JSON.parse(RFC_SORTING_INPUT) as Record<string, string>)[name])}`).join(',')}}`;
    expect(canonicalize(JSON.parse(RFC_SORTING_INPUT))).toBe(expected);
    expect(expected.startsWith('{"\\r":"Carriage Return","1":"One","\u0080":"Control"')).toBe(true);
  });

  it.each(RFC_NUMBERS)('writes the binary64 %s as %s (RFC Appendix B)', (bits, expected) => {
    expect(canonicalize(double(bits))).toBe(expected);
    expect(canonicalize([double(bits)])).toBe(`[${expected}]`);
  });

  it.each(RFC_NON_NUMBERS)('refuses the binary64 %s, which has no JSON form (RFC Appendix B)', (bits) => {
    expect(refusal({ n: double(bits) }).code).toBe('EVENT_NOT_CANONICALIZABLE');
  });

  it.each(REFERENCE_FILES)('matches the reference test data file %s', (_name, input, output) => {
    expect(canonicalize(JSON.parse(input))).toBe(output);
  });

  it('gives the reference UTF-8 bytes for simpleString', () => {
    const [input, hex] = SIMPLE_STRING;
    expect(utf8Hex(canonicalize(JSON.parse(input)))).toBe(hex.replace(/ /g, '').toLowerCase());
  });

  it('escapes the control characters JSON must escape, in lower-case hex, and nothing else', () => {
    expect(canonicalize('\u0000\u0008\t\n\u000b\f\r\u001f "\\/\u007f\u2028é')).toBe(
      '"\\u0000\\b\\t\\n\\u000b\\f\\r\\u001f \\"\\\\/\u007f\u2028é"',
    );
  });

  it('writes -0 as 0 and leaves out members whose value is undefined, as JSON does', () => {
    expect(canonicalize({ b: -0, a: undefined, c: [0] })).toBe('{"b":0,"c":[0]}');
  });

  it('treats a class instance as the record of its own enumerable fields', () => {
    class Envelope {
      constructor(
        readonly id: string,
        readonly data: object,
      ) {}
    }
    expect(canonicalize(new Envelope('x', { z: 1, y: 2 }))).toBe('{"data":{"y":2,"z":1},"id":"x"}');
  });

  it('refuses what JSON cannot carry, naming where it is', () => {
    const cases: ReadonlyArray<readonly [unknown, string]> = [
      [{ a: '\ud800' }, '$.a'],
      [{ ['\udc00']: 1 }, '$.\udc00'],
      [{ a: [1, undefined] }, '$.a[1]'],
      [{ a: 10n }, '$.a'],
      [{ a: () => 1 }, '$.a'],
      [{ a: Symbol('s') }, '$.a'],
      [{ a: new Date(0) }, '$.a'],
      [{ a: new Map() }, '$.a'],
      [{ a: new Uint8Array(2) }, '$.a'],
      [{ a: { toJSON: () => 'x' } }, '$.a'],
      [undefined, '$'],
    ];
    for (const [value, path] of cases) {
      const error = refusal(value);
      expect(error.code).toBe('EVENT_NOT_CANONICALIZABLE');
      expect(error.retriable).toBe(false);
      expect(error.context.path).toBe(path);
    }
  });

  it('refuses cycles and excessive nesting but accepts a value shared by two members', () => {
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(refusal(cyclic).message).toContain('cycle');
    let deep: unknown = 1;
    for (let i = 0; i <= JCS_MAX_DEPTH; i += 1) deep = [deep];
    expect(refusal(deep).message).toContain('nested');
    const shared = { x: 1 };
    expect(canonicalize({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

describe('@hub/contracts canonicalJson measured against JCS (why signing has its own)', () => {
  it('gives the JCS text for every RFC 8785 example and reference file (it is JCS-exact on I-JSON data)', () => {
    expect(canonicalJson(JSON.parse(RFC_EXAMPLE_INPUT))).toBe(RFC_EXAMPLE_OUTPUT);
    expect(canonicalJson(JSON.parse(RFC_SORTING_INPUT))).toBe(canonicalize(JSON.parse(RFC_SORTING_INPUT)));
    for (const [bits, expected] of RFC_NUMBERS) expect(canonicalJson(double(bits))).toBe(expected);
    for (const [, input, output] of REFERENCE_FILES) expect(canonicalJson(JSON.parse(input))).toBe(output);
  });

  it('is lenient where JCS must refuse, which is fine for a content hash but not for a signature', () => {
    expect(canonicalJson({ n: NaN })).toBe('{"n":null}');
    expect(canonicalJson({ s: '\ud800' })).toBe('{"s":"\\ud800"}');
    expect(canonicalJson({ d: new Date(0) })).toBe('{"d":{}}');
  });
});
