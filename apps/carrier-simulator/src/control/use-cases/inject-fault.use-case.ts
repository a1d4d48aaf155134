import { BadRequestException, Injectable } from '@nestjs/common';
import { simulatedCarrier } from '../../carriers/simulated-carriers';
import { FaultPlan } from '../../faults/fault-plan';
import { InvalidFaultError, type FaultRule, type FaultTarget } from '../../faults/fault-rule';
import type { CreateFaultDto } from '../dto/create-fault.dto';

const DEFAULT_DELAY_MS = 2000;

/** POST /control/faults: fills in the defaults, refuses a fault that would mean nothing (400 naming the field). */
@Injectable()
export class InjectFaultUseCase {
  constructor(private readonly faults: FaultPlan) {}

  execute(dto: CreateFaultDto, nowMs = Date.now()): FaultRule {
    const carrierCode = dto.carrier ?? '*';
    try {
      return this.faults.add({
        kind: dto.kind,
        carrierCode,
        target: dto.target ?? defaultTarget(dto.kind, carrierCode, dto.operation),
        operation: dto.operation ?? '*',
        rate: dto.rate ?? 1,
        count: dto.count,
        delayMs: dto.delayMs ?? DEFAULT_DELAY_MS,
        status: dto.status ?? 503,
        expiresAtMs: dto.durationMs === undefined ? undefined : nowMs + dto.durationMs,
      });
    } catch (e) {
      if (e instanceof InvalidFaultError) {
        throw new BadRequestException({ title: 'Fault means nothing here', detail: e.message, errors: [{ field: e.field === 'carrierCode' ? 'carrier' : e.field, message: e.message }] });
      }
      throw e;
    }
  }
}

function defaultTarget(kind: CreateFaultDto['kind'], carrierCode: string, operation: CreateFaultDto['operation']): FaultTarget {
  if (kind === 'http5xx' || kind === 'timeout' || operation !== undefined) return 'api';
  if (kind === 'bad-signature') return 'webhook';
  return simulatedCarrier(carrierCode)?.style === 'polled' ? 'api' : 'webhook';
}
