import type { MessageHost } from './host.js';
import type { GlobalCaps, InContextMessageDefinition } from './message-definition.js';
import type { InContextMessage, Messenger } from './messenger.js';

/**
 * @internal Builds `retain.inContextMessage()`: the renderer chunk (`./index.js`) is imported on the
 * first call only, after the persisted state has loaded (so caps count the previous visits).
 * Without a DOM (server rendering) it resolves to a message that never shows.
 *
 * @param host The tracking client (read on first use).
 * @param ready Resolves once the stored customer state is loaded.
 * @param caps Caps across all messages (`createRetain({ messages: { caps } })`).
 */
export function inContextMessageMethod(
  host: () => MessageHost,
  ready: () => Promise<unknown>,
  caps?: GlobalCaps,
): (definition: InContextMessageDefinition) => Promise<InContextMessage> {
  let messenger: Promise<Messenger> | undefined;
  return async (definition) => {
    if (typeof document === 'undefined') return { id: definition.id, isShowing: () => false, unregister() {} };
    messenger ??= Promise.all([import('./index.js'), ready().catch(() => undefined)]).then(
      ([m]) => m.createMessenger(host(), { caps, loadCore: () => import('./core-bridge.js') }),
      (error: unknown) => {
        messenger = undefined; // the chunk failed to load: try again on the next call
        throw error;
      },
    );
    return (await messenger).register(definition);
  };
}
