// zh-CN by default, English switchable; the choice is kept in localStorage and mirrored in <html lang>.
import { createI18n } from 'vue-i18n';
import { en } from './en';
import { zhCN, type Messages } from './zh-CN';

export type Locale = 'zh-CN' | 'en';
export const LOCALES: readonly Locale[] = ['zh-CN', 'en'];
const STORAGE_KEY = 'hub-console-locale';

function savedLocale(): Locale {
  const saved = localStorage.getItem(STORAGE_KEY);
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

export const i18n = createI18n<[Messages], Locale, false>({
  legacy: false,
  locale: savedLocale(),
  fallbackLocale: 'zh-CN',
  messages: { 'zh-CN': zhCN, en },
});

/** Switches the language, remembers it and sets the document's lang and title. */
export function setLocale(locale: Locale): void {
  i18n.global.locale.value = locale;
  localStorage.setItem(STORAGE_KEY, locale);
  applyDocumentLocale(locale);
}

export function applyDocumentLocale(locale: Locale): void {
  document.documentElement.lang = locale;
  document.title = (locale === 'en' ? en : zhCN).app.title;
}
