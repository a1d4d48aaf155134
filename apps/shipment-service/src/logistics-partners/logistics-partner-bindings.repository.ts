import { Injectable } from '@nestjs/common';
import { rowsOf, type SqlExecutor } from '@parcelstream/messaging';

export interface BindingRow {
  seller_id: string;
  carrier_code: string;
  account_number: string;
  is_default: boolean;
  bound_at: Date;
  updated_at: Date;
}

export interface BindCarrier {
  sellerId: string;
  carrierCode: string;
  accountNumber: string;
  /** undefined keeps the current flag (false for a new or re-bound carrier) */
  isDefault?: boolean;
}

/** A seller's logistics partners (`shipments.logistics_partner_bindings`); unbinding is soft. */
@Injectable()
export class LogisticsPartnerBindingsRepository {
  /** Serialises one seller's binding changes, so "one default per seller" never races. */
  async lockSeller(tx: SqlExecutor, sellerId: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('logistics-partners:' || $1, 0))`, [sellerId]);
  }

  async clearOtherDefaults(tx: SqlExecutor, sellerId: string, carrierCode: string): Promise<void> {
    await tx.query(
      `UPDATE shipments.logistics_partner_bindings SET is_default = false, updated_at = now()
       WHERE seller_id = $1 AND carrier_code <> $2 AND is_default`,
      [sellerId, carrierCode],
    );
  }

  /** Binds, re-binds (after an unbind) or updates the account number / default flag. */
  async upsert(tx: SqlExecutor, bind: BindCarrier): Promise<BindingRow> {
    const [row] = rowsOf<BindingRow>(
      await tx.query(
        `INSERT INTO shipments.logistics_partner_bindings AS b (seller_id, carrier_code, account_number, is_default)
         VALUES ($1, $2, $3, COALESCE($4::boolean, false))
         ON CONFLICT (seller_id, carrier_code) DO UPDATE SET
           account_number = EXCLUDED.account_number,
           is_default = COALESCE($4::boolean, b.is_default AND b.unbound_at IS NULL),
           bound_at = CASE WHEN b.unbound_at IS NULL THEN b.bound_at ELSE now() END,
           unbound_at = NULL,
           updated_at = now()
         RETURNING seller_id, carrier_code, account_number, is_default, bound_at, updated_at`,
        [bind.sellerId, bind.carrierCode, bind.accountNumber, bind.isDefault ?? null],
      ),
    );
    return row;
  }

  /** 'unbound' now, 'already-unbound' earlier, or 'never-bound'. */
  async unbind(tx: SqlExecutor, sellerId: string, carrierCode: string): Promise<'unbound' | 'already-unbound' | 'never-bound'> {
    const [row] = rowsOf<{ was_bound: boolean }>(
      await tx.query(
        `WITH target AS (
           SELECT seller_id, carrier_code, unbound_at IS NULL AS was_bound FROM shipments.logistics_partner_bindings
           WHERE seller_id = $1 AND carrier_code = $2 FOR UPDATE
         ), unbound AS (
           UPDATE shipments.logistics_partner_bindings b SET unbound_at = now(), is_default = false, updated_at = now()
           FROM target t WHERE b.seller_id = t.seller_id AND b.carrier_code = t.carrier_code AND t.was_bound
         )
         SELECT was_bound FROM target`,
        [sellerId, carrierCode],
      ),
    );
    if (!row) return 'never-bound';
    return row.was_bound ? 'unbound' : 'already-unbound';
  }

  async listBound(db: SqlExecutor, sellerId: string): Promise<BindingRow[]> {
    return rowsOf<BindingRow>(
      await db.query(
        `SELECT seller_id, carrier_code, account_number, is_default, bound_at, updated_at FROM shipments.logistics_partner_bindings
         WHERE seller_id = $1 AND unbound_at IS NULL ORDER BY is_default DESC, carrier_code`,
        [sellerId],
      ),
    );
  }

  /** Whether the carrier is bound now; holds the binding (FOR SHARE) so an unbind waits for the caller's transaction. */
  async isBound(tx: SqlExecutor, sellerId: string, carrierCode: string): Promise<boolean> {
    const rows = rowsOf<{ carrier_code: string }>(
      await tx.query(
        `SELECT carrier_code FROM shipments.logistics_partner_bindings WHERE seller_id = $1 AND carrier_code = $2 AND unbound_at IS NULL FOR SHARE`,
        [sellerId, carrierCode],
      ),
    );
    return rows.length > 0;
  }
}
