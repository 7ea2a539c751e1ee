/** The panel's columnar capture store and the queries the timeline and the message list need. */
export * from './message-store';
export * from './connection-table';
export * from './channel-index';
export * from './bins';
export * from './list-window';
export * from './filter-index';
