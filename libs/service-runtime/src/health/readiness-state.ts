import { Injectable } from '@nestjs/common';

/** Flipped at the first sign of shutdown, so readiness fails before the app stops taking work. */
@Injectable()
export class ReadinessState {
  private draining = false;

  markDraining(): void {
    this.draining = true;
  }

  get isDraining(): boolean {
    return this.draining;
  }
}
