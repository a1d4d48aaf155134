import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The prune of old timeline versions finds them by `changed_at`. Versions are appended in time order, so a BRIN
 * index (a few pages, next to nothing to keep up on each insert) narrows the prune to the table's oldest blocks.
 */
export class IndexTimelineVersionsByAge1796630400000 implements MigrationInterface {
  name = 'IndexTimelineVersionsByAge1796630400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX timeline_versions_changed_at_brin ON tracking.timeline_versions USING brin (changed_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX tracking.timeline_versions_changed_at_brin`);
  }
}
