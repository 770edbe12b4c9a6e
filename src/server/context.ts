// The application context handed to every service: configuration, database, clock, caches and the event bus.
import type { Config } from './config';
import type { Database, Db } from './db/client';
import { EventBus } from './events/bus';
import { SettingsCache } from './settings/settings.service';

export interface AppContext {
  config: Config;
  database: Database;
  db: Db;
  /** The clock. Services read time only through this, so tests can move it. */
  now: () => Date;
  bus: EventBus;
  settings: SettingsCache;
}

export function createContext(config: Config, database: Database, now: () => Date = () => new Date()): AppContext {
  return { config, database, db: database.db, now, bus: new EventBus(), settings: new SettingsCache(database.db) };
}
