// Boots the console: Element Plus parts, i18n, the router and the session check.
import { createApp } from 'vue';
import App from './App.vue';
import { whenUnauthorized } from './api/client';
import { applyDocumentLocale, i18n } from './locales/i18n';
import { router } from './router';
import { session } from './session/session';
import { installElement } from './ui/element';
import './ui/console.css';

declare global {
  interface Window {
    /** What every chart on the page holds (see charts/echarts.ts). */
    hubConsoleCharts: () => Promise<Record<string, unknown>>;
  }
}
// Loaded with the first chart, not with the app shell.
window.hubConsoleCharts = async () => (await import('./charts/echarts')).chartOptions();

whenUnauthorized(() => {
  session.forget();
  if (router.currentRoute.value.name !== 'login') void router.push({ name: 'login' });
});

applyDocumentLocale(i18n.global.locale.value);
const app = createApp(App);
installElement(app);
app.use(i18n).use(router).mount('#app');
