// Entry of the command and dispatch console (指挥调度台).
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryCache, QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { ApiError } from '../shared/api';
import { I18nProvider } from '../shared/i18n';
import { AntdRoot } from '../shared/AntdRoot';
import { ConsoleRouter } from './App';
import './styles.css';

const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      staleTime: 15_000,
      refetchOnWindowFocus: false,
      retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
    },
  },
  queryCache: new QueryCache({
    onError: (err) => {
      // A session that ended (expired, signed out elsewhere) sends the user back to sign-in.
      if (err instanceof ApiError && err.status === 401) void queryClient.setQueryData(['me'], null);
    },
  }),
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <I18nProvider>
      <QueryClientProvider client={queryClient}>
        <AntdRoot>
          <ConsoleRouter />
        </AntdRoot>
      </QueryClientProvider>
    </I18nProvider>
  </StrictMode>,
);
