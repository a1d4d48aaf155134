import { CloudEventFormatError, fromKafkaHeaders, toKafkaHeaders, type CloudEventAttributes } from './cloud-event';

const attributes: CloudEventAttributes = {
  id: '7d0c5a59-7f6e-4a47-9a56-0b6f1f2a8e11',
  source: '/parcelstream/order-service',
  type: 'parcelstream.order.created.v1',
  specversion: '1.0',
  time: '2026-11-25T08:00:00.000Z',
  subject: 'a2b9a1f4-3b43-4a55-8d5c-3a6f6f1b0c9e',
  traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01',
  datacontenttype: 'application/json',
};

describe('CloudEvents Kafka binary mode', () => {
  it('writes ce_* headers and reads them back, also from Buffers', () => {
    const headers = toKafkaHeaders(attributes);
    expect(headers).toMatchObject({ ce_id: attributes.id, ce_type: attributes.type, 'content-type': 'application/json', traceparent: attributes.traceparent });
    const asBuffers = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, Buffer.from(v)]));
    expect(fromKafkaHeaders(asBuffers)).toEqual(attributes);
  });

  it('names the missing headers', () => {
    const { ce_id: _id, ce_type: _type, ...rest } = toKafkaHeaders(attributes);
    expect(() => fromKafkaHeaders(rest)).toThrow(new CloudEventFormatError('missing CloudEvents header(s): ce_id, ce_type'));
  });

  it('refuses another spec version', () => {
    expect(() => fromKafkaHeaders({ ...toKafkaHeaders(attributes), ce_specversion: '0.3' })).toThrow(/unsupported ce_specversion/);
  });
});
