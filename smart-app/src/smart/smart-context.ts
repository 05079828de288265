import { createContext } from 'react';
import type { SmartSession } from './smart-session.ts';

/** Holds the SMART session below `SmartProvider`; read it with `useSmartClient()`. */
export const SmartContext = createContext<SmartSession | null>(null);
