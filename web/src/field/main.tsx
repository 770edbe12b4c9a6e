// Entry of the field inspector app (城管通): a phone-first PWA served under /field/.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '../shared/api';
import { AntdRoot } from '../shared/AntdRoot';
import { I18nProvider } from '../shared/i18n';
import { FieldRouter } from './App';
import './field.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 30_000,
      refetchOnWindowFocus: true,
      // Offline: keep showing what was loaded; do not hammer a dead network.
      networkMode: 'offlineFirst',
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 1,
    },
  },
});

if ('serviceWorker' in navigator && location.pathname.startsWith('/field')) {
  // The worker makes the shell load offline; failing to register never stops the app.
  navigator.serviceWorker.register('/field/sw.js', { scope: '/field' }).catch(() => {});
}

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <AntdRoot>
          <FieldRouter />
        </AntdRoot>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
