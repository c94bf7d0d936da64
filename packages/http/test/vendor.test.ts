/**
 * What the server takes from a vendor's answer (`askVendor`): a voucher only when it has a value (seed
 * 002: "The 'voucher' must have a valid value, such as a coupon code or reference ID"); anything else,
 * a throw or no answer in time is a failure with its reason, and a failure debits nothing.
 */
import { VendorIssueRequest, askVendor } from '../src';

const request: VendorIssueRequest = { rewardId: 'r1', brand: 'b', customerId: 'c1', points: '10.000', quantity: 1 };
const answering = (answer: () => Promise<unknown>) => ({ issue: answer }) as unknown as Parameters<typeof askVendor>[0];

describe('askVendor', () => {
  it.each([
    ['a voucher', { voucher: 'V-1' }, { voucher: 'V-1' }],
    ['a failure', { failure: 'out of stock' }, { failure: 'out of stock' }],
    ['a voucher of blanks only', { voucher: '  \t ' }, { failure: 'the vendor answered a voucher of blanks only' }],
    ['an empty voucher', { voucher: '' }, { failure: expect.stringMatching(/^the vendor's answer is not one: voucher/) }],
    ['both', { voucher: 'V-1', failure: 'x' }, { failure: expect.stringMatching(/^the vendor's answer is not one/) }],
  ])('takes %s as %j', async (_name, answer, expected) => {
    expect(await askVendor(answering(async () => answer), request, 1_000)).toEqual(expected);
  });

  it('takes a throw and a late answer as failures', async () => {
    expect(await askVendor(answering(async () => Promise.reject(new Error('down'))), request, 1_000)).toEqual({ failure: 'the vendor failed: down' });
    expect(await askVendor(answering(() => new Promise(() => undefined)), request, 20)).toEqual({ failure: 'the vendor did not answer within 20 ms' });
  });
});
