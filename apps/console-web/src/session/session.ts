// The signed-in operator, shared by the router guard, the layout and the pages.
import { computed, ref } from 'vue';
import { api, ApiError, useCsrfToken } from '../api/client';
import type { Operator, Role, SessionBody } from '../api/types';

const operator = ref<Operator | null>(null);
let checked = false;

function remember(body: SessionBody | null): void {
  operator.value = body?.operator ?? null;
  useCsrfToken(body?.csrfToken ?? null);
}

export const session = {
  operator,
  role: computed<Role | null>(() => operator.value?.role ?? null),
  /** Operators may act (redrive, discard, pause, resume, replay, person path); the server checks again. */
  canAct: computed(() => operator.value?.role === 'operator'),
  canAudit: computed(() => operator.value?.role === 'auditor' || operator.value?.role === 'operator'),

  /** Asks the hub once per page load whether the session cookie still holds a session. */
  async restore(): Promise<Operator | null> {
    if (checked) return operator.value;
    checked = true;
    try {
      remember(await api.get<SessionBody>('/session'));
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401) throw error;
      remember(null);
    }
    return operator.value;
  },

  async login(username: string, password: string): Promise<void> {
    remember(await api.post<SessionBody>('/session', { username, password }));
    checked = true;
  },

  async logout(): Promise<void> {
    try {
      await api.delete('/session');
    } finally {
      remember(null);
    }
  },

  forget(): void {
    remember(null);
  },
};
