import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { App } from './App';
import { api } from './api';
import { connectLiveCache, createQueryClient } from './data';
import './styles/app.css';

// Renderer errors go to the core's log file (no message texts or phones are in them).
function forward(message: string, stack?: string) {
  void api.log.rendererError({ message: message.slice(0, 2000), stack: stack?.slice(0, 8000), source: 'window' }).catch(() => {});
}
window.addEventListener('error', (e) => forward(e.message, e.error instanceof Error ? e.error.stack : undefined));
window.addEventListener('unhandledrejection', (e) => {
  const reason = e.reason instanceof Error ? e.reason : new Error(String(e.reason));
  forward(reason.message, reason.stack);
});

// One query cache for the whole UI, kept fresh by one subscription to the core's events.
const queryClient = createQueryClient();
connectLiveCache(queryClient, api.transport);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
