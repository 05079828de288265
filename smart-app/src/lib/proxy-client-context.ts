import { createContext } from 'react';
import type { ProxyClient } from './proxy-client.ts';

/** Holds the proxy client below `ProxyClientProvider`; read it with `useProxyClient()`. */
export const ProxyClientContext = createContext<ProxyClient | null>(null);
