// Types only (see media-stream-factory.d.ts).
export {};
