import type { Command } from 'commander';

/** The languages the hub CLI speaks: Chinese for the people who run the hub, English beside it. */
export type Language = 'en' | 'zh';

/**
 * The language of a run and the command line without `--lang`: `--lang zh|en` (or `--lang=…`)
 * anywhere on the line wins; otherwise Chinese when LC_ALL, LC_MESSAGES or LANG (the first one set)
 * starts with `zh`, English else.
 */
export function cliLanguage(
  argv: readonly string[],
  env: Readonly<Record<string, string | undefined>>,
): { language: Language; argv: string[]; problem?: string } {
  const rest: string[] = [];
  let chosen: string | undefined;
  for (let index = 0; index < argv.length; index += 1) {
    const arg = argv[index] ?? '';
    if (arg === '--lang') {
      chosen = argv[index + 1] ?? '';
      index += 1;
    } else if (arg.startsWith('--lang=')) chosen = arg.slice('--lang='.length);
    else rest.push(arg);
  }
  const locale = env['LC_ALL'] || env['LC_MESSAGES'] || env['LANG'] || '';
  const fromLocale: Language = /^zh/i.test(locale) ? 'zh' : 'en';
  if (chosen === undefined) return { language: fromLocale, argv: rest };
  if (chosen === 'zh' || chosen === 'en') return { language: chosen, argv: rest };
  return { language: fromLocale, argv: rest, problem: `--lang must be zh or en, not "${chosen}".` };
}

/** Every fixed text of the CLI in Chinese, by its English text: the help's descriptions and the messages. */
export const ZH: Readonly<Record<string, string>> = {
  "The hub's admin API from the command line. HUB_URL, ADMIN_TOKEN and optionally HUB_ADMIN_ID come from the environment; the subscriptions commands an agency runs take HUB_API_KEY instead of ADMIN_TOKEN.":
    '在命令行中使用枢纽的管理接口。HUB_URL、ADMIN_TOKEN 以及可选的 HUB_ADMIN_ID 从环境变量读取；机构自己执行的 subscriptions 命令使用 HUB_API_KEY 而非 ADMIN_TOKEN。--lang zh|en 选择语言（LANG 以 zh 开头时默认中文）。',
  'display help for command': '显示命令帮助',
  'onboard agencies and look them up': '接入机构并查询机构',
  'onboard an agency; kind and region follow from the id (bureau-310000, psb-440000, mfa, moe, tax, credit)':
    '接入一个机构；类型和地区由机构标识决定（bureau-310000、psb-440000、mfa、moe、tax、credit）',
  'the name in Chinese': '中文名称',
  'the name in English': '英文名称',
  'who to reach at the agency': '机构联系人',
  'every agency': '全部机构',
  'the agency with its signing keys and API keys': '机构及其签名密钥和 API 密钥',
  "an agency's signing keys": '机构的签名密钥',
  'register a signing key': '登记签名密钥',
  'the signature algorithm': '签名算法',
  'the public key, an SPKI PEM file': '公钥（SPKI PEM 文件）',
  'rotated out: what it signed before still verifies': '轮换停用：此前签名的事件仍可验证',
  'compromised or withdrawn: nothing it signed verifies': '泄露或撤回：其签名的任何事件均不再通过验证',
  'why, for the audit trail': '原因（记入审计日志）',
  "an agency's API keys": '机构的 API 密钥',
  'prints the new key once; default lifetime one year': '新密钥只显示一次；默认有效期一年',
  'when it stops working (RFC 3339)': '失效时间（RFC 3339）',
  'the key starting with <prefix> stops working': '以 <prefix> 开头的密钥立即失效',
  'the sharing policy': '共享策略',
  'the policy version in force': '现行策略版本',
  'store the file as the new policy version': '将文件保存为新的策略版本',
  "an agency's TLS client certificates from the hub CA": '枢纽 CA 签发给机构的 TLS 客户端证书',
  'a TLS client certificate from the hub CA (prints it and the chain)': '由枢纽 CA 签发 TLS 客户端证书（输出证书及证书链）',
  'the PKCS#10 request, a PEM file': 'PKCS#10 证书请求（PEM 文件）',
  'how long it is valid': '有效天数',
  "the agency's certificates": '机构的证书',
  'refused from the next request': '自下一个请求起拒绝',
  "subscriptions: every agency's (admin), or your own (HUB_API_KEY)": '订阅：全部机构的（管理员），或本机构的（HUB_API_KEY）',
  "every agency's subscriptions (admin)": '全部机构的订阅（管理员）',
  "only this agency's": '仅此机构的',
  'subscribe, as an agency': '以机构身份订阅',
  'the subscription, a JSON file': '订阅内容（JSON 文件）',
  "your agency's subscriptions": '本机构的订阅',
  'one of your subscriptions': '本机构的一个订阅',
  'pause one of your subscriptions': '暂停本机构的一个订阅',
  'resume one of your subscriptions': '恢复本机构的一个订阅',
  'end one of your subscriptions': '终止本机构的一个订阅',
  'deliver again from a time or a sequence number': '从某一时间或序号起重新投递',
  'an RFC 3339 time': 'RFC 3339 时间',
  "a sequence number of the subscription's deliveries": '订阅投递的序号',
  'how far a replay has come': '重放进度',
  'deliveries without a receipt': '尚无回执的投递',
  'after this sequence number': '此序号之后',
  'at most this many': '最多条数',
  'webhook deliveries: dead letters, redrives, receipts': 'Webhook 投递：死信、重投、回执',
  'dead letters': '死信',
  'of this agency': '此机构的',
  'of this subscription': '此订阅的',
  'of this event type': '此事件类型的',
  'from this time': '自此时间起',
  'to this time': '至此时间止',
  'of this failure code': '此失败代码的',
  'the next page': '下一页',
  'delivered without a receipt': '已投递但尚无回执',
  'one webhook delivery with every attempt and its receipt': '一次 Webhook 投递及其每次尝试和回执',
  'redrive one dead letter, --all, or those the filters select; --all and filters go in requests of --chunk dead letters (default 100, at most 1000), with a progress bar on stderr':
    '重投一条死信、全部（--all）或过滤条件选中的死信；--all 和过滤条件按每次 --chunk 条（默认 100，最多 1000）分批请求，并在 stderr 显示进度条',
  'discard one dead letter, --all, or those the filters select; --all and filters go in requests of --chunk dead letters (default 100, at most 1000), with a progress bar on stderr':
    '丢弃一条死信、全部（--all）或过滤条件选中的死信；--all 和过滤条件按每次 --chunk 条（默认 100，最多 1000）分批请求，并在 stderr 显示进度条',
  'every dead letter': '全部死信',
  'only dead letters of this failure code': '仅此失败代码的死信',
  'dead letters per request': '每次请求处理的死信数',
  'why, for the audit trail (required)': '原因（记入审计日志，必填）',
  'record-version conflicts between agencies: list, show, resolve': '机构之间的记录版本冲突：列出、查看、处理',
  'conflicts, newest first': '冲突（最新的在前）',
  'open, accepted or rejected': 'open、accepted 或 rejected',
  'the holding or the incoming agency': '持有机构或新提交的机构',
  'the record (rec_…)': '记录（rec_…）',
  "an agency's own record id": '机构自己的记录标识',
  'one conflict: both versions and the fields that differ': '一个冲突：两个版本及不同的字段',
  'accept-incoming (store and route the held change) or keep-current (refuse it)':
    'accept-incoming（保存并分发被扣留的变更）或 keep-current（拒绝该变更）',
  'why, kept with the conflict and told to the publisher': '原因（随冲突保存并告知发布机构）',
  'the audit trail': '审计日志',
  'walk the audit chain and its signed checkpoints; exit code 1 and the first edited, deleted or reordered row if broken':
    '校验审计链及其签名检查点；链被破坏时以退出码 1 结束，并指出第一条被修改、删除或重排的记录',
  'also walk the archived rows': '同时校验已归档的记录',
  'npm run hub -- --help lists the commands; add --help to a command for its arguments and options.':
    'npm run hub -- --help 列出全部命令；在命令后加 --help 查看其参数和选项。',
  "Set HUB_API_KEY to your agency's API key (and HUB_URL to the hub, default http://127.0.0.1:8080).":
    '请将 HUB_API_KEY 设为本机构的 API 密钥（HUB_URL 设为枢纽地址，默认 http://127.0.0.1:8080）。',
  "Set ADMIN_TOKEN to the hub's admin token (and HUB_URL to the hub, default http://127.0.0.1:8080).":
    '请将 ADMIN_TOKEN 设为枢纽的管理令牌（HUB_URL 设为枢纽地址，默认 http://127.0.0.1:8080）。',
  'The apiKey above is shown this once: hand it to the agency over a secure channel now. The hub keeps only its hash.':
    '以上 apiKey 只显示这一次：请立即通过安全渠道交给该机构。枢纽只保存其哈希值。',
  'No command given.': '未指定命令。',
  'subscriptions replay needs exactly one of --from-time or --from-sequence.':
    'subscriptions replay 需要且只能指定 --from-time 或 --from-sequence 之一。',
  '--from-sequence must be a positive whole number.': '--from-sequence 必须是正整数。',
  '--valid-days must be a whole number of days (1-825).': '--valid-days 必须是 1 至 825 之间的整数天数。',
  'deliveries discard needs --reason.': 'deliveries discard 需要 --reason。',
  '--chunk goes with --all or filters; one delivery id is one request.':
    '--chunk 只能与 --all 或过滤条件一起使用；单个投递标识只发一次请求。',
  '--chunk must be a whole number from 1 to 1000.': '--chunk 必须是 1 至 1000 之间的整数。',
  redriving: '重投中',
  'Usage:': '用法：',
  'Options:': '选项：',
  'Commands:': '命令：',
  'Arguments:': '参数：',
  'Global Options:': '全局选项：',
  discarding: '丢弃中',
  'ops console accounts: add, list, disable, reset a password': '运维控制台账号：新增、列出、停用、重置密码',
  'create a console account (viewer, operator or auditor)': '新建控制台账号（viewer、operator 或 auditor）',
  'viewer (reads pages), operator (also redrives, pauses, replays, opens a person’s path) or auditor':
    'viewer（查看页面）、operator（另可重投、暂停、重放，查看个人事件路径）或 auditor（审计）',
  'the name the console shows (default: the user name)': '控制台显示的名称（默认为用户名）',
  'read the password from standard input instead of having the hub generate one': '从标准输入读取密码，而不是由枢纽生成',
  'every console account': '全部控制台账号',
  'refuse its logins and end its sessions': '拒绝其登录并结束其全部会话',
  'a new password (and the account enabled again); its sessions end': '设置新密码（并重新启用账号）；其现有会话结束',
  'The generatedPassword above is shown this once: hand it to the operator over a secure channel. The hub keeps only its scrypt hash.':
    '上面的 generatedPassword 只显示这一次：请通过安全渠道交给该操作员。枢纽只保存其 scrypt 哈希。',
  'The password on standard input must have at least 12 characters.': '标准输入中的密码至少需要 12 个字符。',
};

/** Messages with values in them, by pattern of the English text. */
const ZH_PATTERNS: readonly (readonly [RegExp, (...parts: string[]) => string])[] = [
  [/^Cannot read (.+?): (.*)$/s, (path, reason) => `无法读取 ${path}：${reason}`],
  [/^(.+) is not JSON: (.*)$/s, (file, reason) => `${file} 不是 JSON：${reason}`],
  [/^(.+) is not a readable JSON policy document: (.*)$/s, (file, reason) => `${file} 不是可读取的 JSON 策略文件：${reason}`],
  [/^Cannot reach the hub at (\S+): (.*)$/s, (url, reason) => `无法连接枢纽 ${url}：${reason}`],
  [
    /^deliveries (redrive|discard) needs exactly one of: .*$/s,
    (action) =>
      `deliveries ${action} 需要且只能指定以下之一：投递标识、--all 或过滤条件（--agency、--subscription、--event-type、--from、--to）。`,
  ],
  [
    /^conflicts resolve needs accept-incoming or keep-current, not (.*)\.$/s,
    (chosen) => `conflicts resolve 只接受 accept-incoming 或 keep-current，而不是 ${chosen}。`,
  ],
  [/^--lang must be zh or en, not (.*)\.$/s, (chosen) => `--lang 只能是 zh 或 en，而不是 ${chosen}。`],
  [/^required option '(.+)' not specified$/s, (option) => `缺少必填选项 '${option}'`],
  [/^missing required argument '(.+)'$/s, (name) => `缺少必填参数 '${name}'`],
  [/^unknown command '(.+)'$/s, (name) => `未知命令 '${name}'`],
  [/^unknown option '(.+)'$/s, (name) => `未知选项 '${name}'`],
  [/^too many arguments(.*)$/s, (rest) => `参数过多${rest}`],
  [/^stopped after (\d+)(?: of (\d+))?: (.*)$/s, (done, total, cause) => `已完成 ${done}${total ? `/${total}` : ''} 条后停止：${cause}`],
];

/** `text` in `language`: the Chinese of a known text, else the text as it is. */
export function say(text: string, language: Language): string {
  if (language === 'en') return text;
  const fixed = ZH[text];
  if (fixed !== undefined) return fixed;
  for (const [pattern, render] of ZH_PATTERNS) {
    const match = pattern.exec(text);
    if (match) return render(...match.slice(1).map((part) => part));
  }
  return text;
}

/** Puts every description, summary and option description of `program` and its commands in `language`. */
export function localizeProgram(program: Command, language: Language): Command {
  if (language === 'en') return program;
  const walk = (command: Command): void => {
    command.description(say(command.description(), language));
    if (command.summary()) command.summary(say(command.summary(), language));
    command.helpOption('-h, --help', say('display help for command', language));
    if (command.commands.length > 0) command.helpCommand('help [command]', say('display help for command', language));
    command.configureHelp({ styleTitle: (title) => say(title, language) });
    for (const option of command.options) option.description = say(option.description, language);
    for (const sub of command.commands) walk(sub);
  };
  walk(program);
  return program;
}

/** Every text a program shows in its help: descriptions, summaries and option descriptions (for the catalogue's check). */
export function helpTexts(program: Command): string[] {
  const texts: string[] = [];
  const walk = (command: Command): void => {
    texts.push(command.description());
    if (command.summary()) texts.push(command.summary());
    for (const option of command.options) texts.push(option.description);
    for (const sub of command.commands) walk(sub);
  };
  walk(program);
  return [...new Set(texts)];
}
