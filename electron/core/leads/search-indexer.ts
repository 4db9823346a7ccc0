/**
 * Runs the search index's catch-up (search-backlog.ts) when contacts wait for their entries: at
 * start-up (a big import from the CLI, or one the app closed before finishing), after a big
 * import, and when a search meets a backlog nobody is indexing (the CLI imported while the app
 * was open). One worker thread at a time; closing stops it after its current transaction, and
 * the rest waits for the next start.
 */
import type { Database } from 'better-sqlite3';
import type { Logger } from '../log/logger';
import { backlogRanges, backlogSize } from './search-backlog';
import { runSearchCatchUpInWorker } from './worker';

export class SearchIndexer {
  private running: Promise<void> | null = null;
  /** Kicked while running: look again when done (a backlog may have been added after its last look). */
  private again = false;
  private closed = false;
  private readonly stopFlag = new Int32Array(new SharedArrayBuffer(4));

  constructor(
    private readonly db: Database,
    private readonly logger: Logger,
  ) {}

  /** Starts the catch-up if contacts wait for their entries and none is running. */
  kick(): void {
    if (this.closed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    const waiting = backlogSize(backlogRanges(this.db));
    if (waiting === 0) return;
    const started = Date.now();
    this.running = runSearchCatchUpInWorker(this.db.name, this.stopFlag)
      .then((indexed) => this.logger.info({ indexed, ms: Date.now() - started }, 'search index caught up'))
      .catch((err: unknown) => this.logger.warn({ err: (err as Error).message, waiting }, 'search index catch-up stopped'))
      .finally(() => {
        this.running = null;
        if (this.again) {
          this.again = false;
          this.kick();
        }
      });
  }

  /** Resolves when no catch-up is running (tests, shutdown). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  async close(): Promise<void> {
    this.closed = true;
    Atomics.store(this.stopFlag, 0, 1);
    await this.idle();
  }
}
