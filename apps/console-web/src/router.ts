// Client routes under /console/ (history mode; the hub answers index.html for any of them).
import { createRouter, createWebHistory } from 'vue-router';
import { session } from './session/session';

export const router = createRouter({
  history: createWebHistory('/console/'),
  routes: [
    { path: '/login', name: 'login', component: () => import('./pages/LoginPage.vue'), meta: { public: true } },
    {
      path: '/',
      component: () => import('./layout/AppLayout.vue'),
      children: [
        { path: '', name: 'overview', component: () => import('./pages/OverviewPage.vue') },
        { path: 'flows', name: 'flows', component: () => import('./pages/FlowsPage.vue') },
        { path: 'lag', name: 'lag', component: () => import('./pages/LagPage.vue') },
        { path: 'dead-letters', name: 'deadLetters', component: () => import('./pages/DeadLettersPage.vue') },
        { path: 'conflicts', name: 'conflicts', component: () => import('./pages/ConflictsPage.vue') },
        { path: 'subscriptions', name: 'subscriptions', component: () => import('./pages/SubscriptionsPage.vue') },
        { path: 'path', name: 'path', component: () => import('./pages/PathPage.vue') },
        { path: 'cases', name: 'cases', component: () => import('./pages/CasesPage.vue') },
        { path: 'reports', name: 'reports', component: () => import('./pages/ReportsPage.vue') },
        { path: 'audit', name: 'audit', component: () => import('./pages/AuditPage.vue') },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/' },
  ],
});

router.beforeEach(async (to) => {
  const operator = await session.restore();
  if (to.meta.public) return operator && to.name === 'login' ? { name: 'overview' } : true;
  if (!operator) return { name: 'login', query: to.fullPath === '/' ? {} : { next: to.fullPath } };
  return true;
});
