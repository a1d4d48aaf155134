/** A carrier API's refusal (4xx), answered as a problem; carrier-sync treats it as final. */
export class CarrierApiRefusal extends Error {
  constructor(
    readonly status: 400 | 404 | 409 | 422,
    readonly title: string,
    detail: string,
  ) {
    super(detail);
    this.name = 'CarrierApiRefusal';
  }
}
