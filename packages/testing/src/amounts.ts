/**
 * Amounts as a client sends them, valid and invalid, with the code an entry point must answer: the
 * core kit's valid amounts (`arbPoints`, `arbPointsText`, `arbWholePoints`) and invalid ones
 * (`arbInvalidAmount`: more than three decimals, zero, negative, not numbers, unsafe numbers) in one.
 */
import fc from 'fast-check';
import { Points } from '@pointfold/core';
import { arbInvalidAmount, arbPoints, arbPointsText } from '@pointfold/core/testing';

/** An amount as sent (a decimal text, a JSON number, or anything), and the refusal it must get (none: valid). */
export interface AmountInput {
  readonly value: unknown;
  readonly code?: 801 | 878;
}

/**
 * Valid amounts (texts and exact JSON numbers, up to three decimals) and invalid ones, in equal parts.
 * @example fc.property(arbAmountInput(), ({ value, code }) => expect(refusalCodeOf(value)).toBe(code))
 */
export const arbAmountInput = (maxWhole = 100_000): fc.Arbitrary<AmountInput> =>
  fc.oneof(
    arbPointsText(maxWhole).map((value): AmountInput => ({ value })),
    arbPoints(maxWhole).map((p): AmountInput => ({ value: Number(Points.format(p)) })),
    arbInvalidAmount(),
    arbInvalidAmount(),
  );
