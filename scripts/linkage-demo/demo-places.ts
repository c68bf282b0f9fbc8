/** The provinces the demo spreads people over, with districts (GB/T 2260) and a share of the people. */
export const DEMO_PROVINCES = [
  { code: '310000', zh: '上海市', en: 'Shanghai', share: 30, districts: ['310115', '310104', '310101', '310112'], city: '上海' },
  { code: '110000', zh: '北京市', en: 'Beijing', share: 25, districts: ['110105', '110108', '110101'], city: '北京' },
  { code: '440000', zh: '广东省', en: 'Guangdong', share: 20, districts: ['440305', '440106', '440304', '440104'], city: '深圳' },
  { code: '330000', zh: '浙江省', en: 'Zhejiang', share: 13, districts: ['330106', '330108', '330212', '330110'], city: '杭州' },
  { code: '320000', zh: '江苏省', en: 'Jiangsu', share: 12, districts: ['320505', '320106', '320102', '320211'], city: '苏州' },
] as const;

export type DemoProvince = (typeof DEMO_PROVINCES)[number];

/** Characters a unified social credit code may use after its first two (GB 32100, no I O S V Z). */
const CODE_CHARACTERS = '0123456789ABCDEFGHJKLMNPQRTUWXY';

const TRADES = ['科技', '新材料', '生物医药', '智能制造', '软件', '咨询', '教育科技', '汽车零部件'] as const;

/** A made-up employer of a province: a well-formed unified social credit code and a name. */
export function demoEmployer(province: DemoProvince, n: number): { creditCode: string; name: string } {
  let suffix = '';
  for (let value = n * 7919 + 104_729; suffix.length < 7; value = Math.floor(value / CODE_CHARACTERS.length)) {
    suffix += CODE_CHARACTERS.charAt(value % CODE_CHARACTERS.length);
  }
  return {
    creditCode: `91${province.code}MA${suffix}X`,
    name: `${province.city}示例${TRADES[n % TRADES.length] ?? '科技'}有限公司${n >= TRADES.length ? `（${Math.floor(n / TRADES.length) + 1}）` : ''}`,
  };
}

/** Nationalities of the demo's people (ISO 3166-1 alpha-3), with the names they draw from. */
export const DEMO_NATIONALITIES = [
  { code: 'FRA', country: 'France', given: ['Marie', 'Louis', 'Camille', 'Hugo'], family: ['MARTIN', 'BERNARD', 'DUBOIS', 'MOREAU'] },
  { code: 'DEU', country: 'Germany', given: ['Anna', 'Lukas', 'Lea', 'Jonas'], family: ['MÜLLER', 'SCHMIDT', 'WEBER', 'WAGNER'] },
  {
    code: 'USA',
    country: 'the United States',
    given: ['Emily', 'James', 'Olivia', 'Noah'],
    family: ['SMITH', 'JOHNSON', 'BROWN', 'DAVIS'],
  },
  {
    code: 'GBR',
    country: 'the United Kingdom',
    given: ['Amelia', 'Oliver', 'Isla', 'George'],
    family: ['TAYLOR', 'WILSON', 'EVANS', 'WALKER'],
  },
  { code: 'JPN', country: 'Japan', given: ['Yui', 'Haruto', 'Sakura', 'Ren'], family: ['SATO', 'SUZUKI', 'TAKAHASHI', 'TANAKA'] },
  { code: 'KOR', country: 'the Republic of Korea', given: ['Seoyeon', 'Minjun', 'Jiwoo', 'Doyun'], family: ['KIM', 'LEE', 'PARK', 'CHOI'] },
  { code: 'CAN', country: 'Canada', given: ['Charlotte', 'Liam', 'Chloe', 'Ethan'], family: ['TREMBLAY', 'GAGNON', 'ROY', 'CÔTÉ'] },
  { code: 'AUS', country: 'Australia', given: ['Mia', 'Jack', 'Grace', 'William'], family: ['JONES', 'WILLIAMS', 'KELLY', 'RYAN'] },
  { code: 'ITA', country: 'Italy', given: ['Giulia', 'Leonardo', 'Sofia', 'Francesco'], family: ['ROSSI', 'RUSSO', 'FERRARI', 'ESPOSITO'] },
  { code: 'ESP', country: 'Spain', given: ['Lucía', 'Hugo', 'Martina', 'Mateo'], family: ['GARCÍA', 'LÓPEZ', 'MARTÍNEZ', 'SÁNCHEZ'] },
  { code: 'SGP', country: 'Singapore', given: ['Wei Ling', 'Jun Jie', 'Hui Min', 'Zhi Hao'], family: ['TAN', 'LIM', 'NG', 'ONG'] },
  { code: 'IND', country: 'India', given: ['Aarav', 'Ananya', 'Vihaan', 'Diya'], family: ['SHARMA', 'PATEL', 'IYER', 'REDDY'] },
  { code: 'BRA', country: 'Brazil', given: ['Ana', 'João', 'Beatriz', 'Pedro'], family: ['SILVA', 'SANTOS', 'OLIVEIRA', 'SOUZA'] },
  { code: 'RUS', country: 'Russia', given: ['Anastasia', 'Ivan', 'Maria', 'Dmitry'], family: ['IVANOV', 'SMIRNOV', 'KUZNETSOV', 'POPOV'] },
] as const;

export type DemoNationality = (typeof DEMO_NATIONALITIES)[number];

/** Chinese universities (Ministry of Education institution codes) that confer the demo's degrees. */
export const DEMO_UNIVERSITIES = [
  { code: '4111010001', name: '北京大学' },
  { code: '4111010003', name: '清华大学' },
  { code: '4131010246', name: '复旦大学' },
  { code: '4131010247', name: '同济大学' },
  { code: '4133010335', name: '浙江大学' },
  { code: '4132010284', name: '南京大学' },
  { code: '4144010558', name: '中山大学' },
] as const;

export const DEMO_FIELDS = [
  { name: '计算机科学与技术', code: '0812' },
  { name: '工商管理', code: '1202' },
  { name: '材料科学与工程', code: '0805' },
  { name: '生物学', code: '0710' },
] as const;

export const DEMO_POSITIONS = [
  { title: 'Senior software engineer', code: '2-02-10-03' },
  { title: 'Research scientist', code: '2-01-02-01' },
  { title: 'Process engineer', code: '2-02-07-01' },
  { title: 'Product manager', code: '2-06-07-03' },
  { title: 'Language teacher', code: '2-08-04-01' },
] as const;
