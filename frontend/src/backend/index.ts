export { BackendProvider, useBackend } from './context';
export { createMemoryBackend, type MemoryBackend } from './memory';
export { createTauriBackend } from './tauri';
export * from './types';
export { RECENT_CASES } from './startup';
