// Entry of the citizen portal (公众参与): report, follow, rate, and the public map, without an account.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { api, ApiError, setCsrfToken } from '../shared/api';
import { AntdRoot } from '../shared/AntdRoot';
import { I18nProvider } from '../shared/i18n';
import { PortalRouter } from './App';
import '../field/field.css';
import './portal.css';

const queryClient = new QueryClient({
  defaultOptions: { queries: { staleTime: 30_000, retry: (n, err) => !(err instanceof ApiError && err.status < 500) && n < 2 } },
});

// A visitor who is also signed in to the console (same browser) must send the session's CSRF token on POSTs.
api<{ user: { csrfToken: string } }>('/api/auth/me')
  .then(({ user }) => setCsrfToken(user.csrfToken))
  .catch(() => {});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <AntdRoot>
          <PortalRouter />
        </AntdRoot>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
