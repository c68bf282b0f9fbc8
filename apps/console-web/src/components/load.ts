// Loads a page's data, keeps the last good answer, and turns failures into one readable message.
import { onMounted, onUnmounted, ref, type Ref } from 'vue';
import { ApiError } from '../api/client';
import { i18n } from '../locales/i18n';

export function errorText(failure: unknown): string {
  const { t, locale } = i18n.global;
  if (failure instanceof ApiError) {
    if (failure.body.code === 'ROLE_FORBIDDEN') return t('common.forbidden', { role: failure.body.requiredRole ?? '' });
    if (failure.body.code === 'LINKAGE_UNAVAILABLE') return t('common.unavailable');
    const message = failure.body.message ? (locale.value === 'en' ? failure.body.message.en : failure.body.message.zh) : failure.body.code;
    return t('common.failed', { message });
  }
  return t('common.failed', { message: failure instanceof Error ? failure.message : String(failure) });
}

export interface Loaded<T> {
  data: Ref<T | null>;
  error: Ref<string>;
  loading: Ref<boolean>;
  reload: () => Promise<void>;
}

export function useLoad<T>(fetcher: () => Promise<T>): Loaded<T> {
  const data = ref<T | null>(null) as Ref<T | null>;
  const error = ref('');
  const loading = ref(false);
  async function reload(): Promise<void> {
    loading.value = true;
    try {
      data.value = await fetcher();
      error.value = '';
    } catch (failure) {
      error.value = errorText(failure);
    } finally {
      loading.value = false;
    }
  }
  return { data, error, loading, reload };
}

/** Polls `poll` every `everyMs` until it says it is done; resolves with its last answer. */
export async function pollUntil<T>(
  poll: () => Promise<T>,
  done: (value: T) => boolean,
  onValue: (value: T) => void,
  everyMs = 500,
): Promise<T> {
  for (;;) {
    const value = await poll();
    onValue(value);
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, everyMs));
  }
}

/** Calls `refresh` every `everyMs` while the page is shown (live pages: overview, flows, lag). */
export function useEvery(everyMs: number, refresh: () => Promise<void>): void {
  let timer: ReturnType<typeof setInterval> | undefined;
  onMounted(() => {
    timer = setInterval(() => {
      if (document.visibilityState === 'visible') void refresh();
    }, everyMs);
  });
  onUnmounted(() => clearInterval(timer));
}
