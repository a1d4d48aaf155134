import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Live tracking: one row per change of a shipment's timeline (version 1, 2, 3… per shipment) holding the view's
 * state at that version, and on each event the version at which it joined the timeline — so the view as of any
 * version can be rebuilt and a stream resumed after version N replays exactly the changes after N.
 */
export class CreateTimelineVersions1796284800000 implements MigrationInterface {
  name = 'CreateTimelineVersions1796284800000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE tracking.timeline_versions (
        shipment_id uuid NOT NULL,
        version int NOT NULL CHECK (version > 0),
        changes text[] NOT NULL,
        status text NOT NULL,
        substatus text,
        action_required boolean NOT NULL,
        last_location jsonb,
        customs jsonb,
        carrier_eta_from timestamptz,
        carrier_eta_to timestamptz,
        predicted_eta_from timestamptz,
        predicted_eta_to timestamptz,
        legs jsonb NOT NULL,
        event_count int NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (shipment_id, version)
      )`);
    // nullable, no default: adding it rewrites nothing; set once, when the event joins a shipment's timeline
    await q.query(`ALTER TABLE tracking.tracking_events ADD COLUMN timeline_version int`);

    // what exists already becomes version 1 of its shipment
    await q.query(`
      INSERT INTO tracking.timeline_versions (shipment_id, version, changes, status, substatus, action_required, last_location, customs,
                                              carrier_eta_from, carrier_eta_to, predicted_eta_from, predicted_eta_to, legs, event_count)
      SELECT s.shipment_id, 1,
             array_remove(ARRAY[CASE WHEN s.event_count > 0 THEN 'EVENTS' END, CASE WHEN s.status <> 'PENDING' OR s.substatus IS NOT NULL THEN 'STATUS' END,
                                CASE WHEN s.action_required THEN 'ACTION_REQUIRED' END, CASE WHEN s.last_location IS NOT NULL THEN 'LOCATION' END,
                                CASE WHEN s.customs IS NOT NULL THEN 'CUSTOMS' END,
                                CASE WHEN s.carrier_eta_from IS NOT NULL OR s.predicted_eta_from IS NOT NULL THEN 'ETA' END], NULL),
             s.status, s.substatus, s.action_required, s.last_location, s.customs,
             s.carrier_eta_from, s.carrier_eta_to, s.predicted_eta_from, s.predicted_eta_to,
             coalesce((SELECT jsonb_agg(jsonb_build_object('carrierCode', n.carrier_code, 'trackingNumber', n.tracking_number) ORDER BY n.leg_no, n.linked_at)
                         FROM tracking.tracking_numbers n WHERE n.shipment_id = s.shipment_id), '[]'::jsonb),
             s.event_count
        FROM tracking.shipment_tracking s
       WHERE s.event_count > 0 OR s.status <> 'PENDING' OR s.carrier_eta_from IS NOT NULL OR s.predicted_eta_from IS NOT NULL`);
    await q.query(`UPDATE tracking.tracking_events SET timeline_version = 1 WHERE shipment_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE tracking.tracking_events DROP COLUMN timeline_version`);
    await q.query(`DROP TABLE tracking.timeline_versions`);
  }
}
