import { describe, expect, it } from '@jest/globals';
import { HelpRequested, hubProgram, toRequest, UsageError } from './commands.js';
import { cliLanguage, helpTexts, say, ZH } from './messages.js';

const noFiles = (path: string): Promise<string> => Promise.reject(new Error(`no ${path}`));

describe('hub CLI languages', () => {
  it('speaks Chinese when the locale is Chinese, English otherwise, and --lang overrides either', () => {
    expect(cliLanguage(['agencies', 'list'], { LANG: 'zh_CN.UTF-8' })).toEqual({ language: 'zh', argv: ['agencies', 'list'] });
    expect(cliLanguage(['agencies', 'list'], { LANG: 'en_US.UTF-8' })).toEqual({ language: 'en', argv: ['agencies', 'list'] });
    expect(cliLanguage(['agencies', 'list'], {})).toMatchObject({ language: 'en' });
    expect(cliLanguage(['agencies', 'list'], { LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' })).toMatchObject({ language: 'zh' });
    expect(cliLanguage(['--lang', 'en', 'agencies', 'list'], { LANG: 'zh_CN.UTF-8' })).toEqual({
      language: 'en',
      argv: ['agencies', 'list'],
    });
    expect(cliLanguage(['agencies', 'list', '--lang=zh'], { LANG: 'C' })).toEqual({ language: 'zh', argv: ['agencies', 'list'] });
    expect(cliLanguage(['--lang', 'fr'], { LANG: 'zh_CN' })).toMatchObject({
      language: 'zh',
      problem: '--lang must be zh or en, not "fr".',
    });
  });

  it('has Chinese for every text of the help', () => {
    const program = hubProgram(
      noFiles,
      () => undefined,
      () => undefined,
    );
    const missing = helpTexts(program).filter((text) => ZH[text] === undefined);
    expect(missing).toEqual([]);
    const chinese = hubProgram(
      noFiles,
      () => undefined,
      () => undefined,
      'zh',
    );
    expect(helpTexts(chinese).filter((text) => !/\p{Script=Han}/u.test(text))).toEqual([]);
  });

  it('writes the help and the usage errors in Chinese', async () => {
    const help = await toRequest(['--help'], noFiles, 'zh').catch((error: unknown) => error);
    expect(help).toBeInstanceOf(HelpRequested);
    expect((help as Error).message).toContain('用法：');
    expect((help as Error).message).toContain('审计日志');
    await expect(toRequest(['keys', 'revoke', 'mfa', 'mfa-1'], noFiles, 'zh')).rejects.toThrow(
      new UsageError("缺少必填选项 '--reason <text>'"),
    );
    await expect(toRequest(['deliveries', 'redrive', '--all', '--chunk', '0'], noFiles, 'zh')).rejects.toThrow(
      '--chunk 必须是 1 至 1000 之间的整数。',
    );
    await expect(toRequest(['keys', 'add', 'mfa', 'k', '--alg', 'ed25519', '--public-key-file', 'x.pem'], noFiles, 'zh')).rejects.toThrow(
      '无法读取 x.pem：no x.pem',
    );
    await expect(toRequest(['keys', 'revoke', 'mfa', 'mfa-1'], noFiles, 'en')).rejects.toThrow(
      "required option '--reason <text>' not specified",
    );
  });

  it('keeps a text it has no Chinese for as it is, and English as it is', () => {
    expect(say('something new', 'zh')).toBe('something new');
    expect(say('No command given.', 'en')).toBe('No command given.');
    expect(say('stopped after 200 of 600: HTTP 503', 'zh')).toBe('已完成 200/600 条后停止：HTTP 503');
  });
});
