import { IsIn, IsInt, IsNumber, IsOptional, IsString, Max, Min } from 'class-validator';
import { API_OPERATIONS, FAULT_KINDS, FAULT_TARGETS, type ApiOperation, type FaultKind, type FaultTarget } from '../../faults/fault-rule';

/** A fault to inject (see faults/fault-rule.ts for what means something where). */
export class CreateFaultDto {
  @IsIn(FAULT_KINDS)
  kind!: FaultKind;

  /** a simulated carrier's code; default `*`, every carrier */
  @IsOptional()
  @IsString()
  carrier?: string;

  /** default: `api` for http5xx, timeout or with an operation; `webhook` for bad-signature; else `webhook` (`api` for the polled carrier) */
  @IsOptional()
  @IsIn(FAULT_TARGETS)
  target?: FaultTarget;

  /** API faults: registrations, waybills, tracking, or `*` (default) */
  @IsOptional()
  @IsIn([...API_OPERATIONS, '*'])
  operation?: ApiOperation | '*';

  /** probability a matching delivery, event or call is hit (default 1) */
  @IsOptional()
  @IsNumber({ allowNaN: false, allowInfinity: false })
  @Min(0.0001)
  @Max(1)
  rate?: number;

  /** at most this many hits (default: until removed) */
  @IsOptional()
  @IsInt()
  @Min(1)
  count?: number;

  /** `delay`: ms (default 2000) */
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(600_000)
  delayMs?: number;

  /** `http5xx`: the status (default 503) */
  @IsOptional()
  @IsInt()
  @Min(500)
  @Max(599)
  status?: number;

  /** the rule ends by itself after this long (ms) */
  @IsOptional()
  @IsInt()
  @Min(1)
  durationMs?: number;
}
