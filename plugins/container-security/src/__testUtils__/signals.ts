/** A signal API whose messages a test sends by hand. */
export function fakeSignals() {
  const handlers = new Map<string, (message: any) => void>();
  return {
    api: {
      subscribe(channel: string, onMessage: (message: any) => void) {
        handlers.set(channel, onMessage);
        return { unsubscribe: () => handlers.delete(channel) };
      },
    },
    emit(channel: string, message: any) {
      handlers.get(channel)?.(message);
    },
  };
}
